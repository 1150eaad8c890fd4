"""The Viet Nam – Laos ministerial partnership the review report covers, the shape of the
data generated for it, and the small helpers its generators share."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bench.common import World

PERIOD = (date(2024, 1, 1), date(2024, 6, 30))
FIRST_DAY, LAST_DAY = date(2023, 7, 1), date(2025, 6, 30)
REF_PREFIX = "RR-"
KEY_PREFIX = "rr-"
SEED = 6
BATCH = 2_000
MESSAGE_KINDS = (("request", 35), ("verification", 20), ("alert", 15), ("notification", 30))
PRIORITIES = (("urgent", 15), ("high", 30), ("normal", 55))
HOURS = {"urgent": 24, "high": 72, "normal": 168}
ACTIVITY_KINDS = (
    "awareness",
    "patrol",
    "delegation",
    "training",
    "survey",
    "campaign",
    "experience",
    "handover",
)


# --- The partnership and its data ---------------------------------------------------------


def the_partnership(world: World):
    """The Viet Nam – Laos ministerial partnership of the generated world."""
    from liaison.agencies.models import Partnership

    vn, la = world.agencies["ministry"]["VN"][0], world.agencies["ministry"]["LA"][0]
    return Partnership.objects.filter(parties=vn).filter(parties=la).order_by("pk").first()


def span_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def side_agencies(world: World, country: str) -> list[int]:
    """Every agency of a country below its ministry (all inside the party's subtree)."""
    return [
        pk
        for level in ("department", "province", "district", "border_post")
        for pk in world.agencies[level].get(country, [])
    ]
