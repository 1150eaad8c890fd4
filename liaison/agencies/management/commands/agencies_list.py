"""`liaison agencies list`: the agency directory on the command line.

Without --user the operator of the server sees every agency (like the database itself);
with --user the list is what that user may see (`Agency.objects.visible_to`), the same
scope as the web pages and the API.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from liaison.agencies import selectors
from liaison.agencies.models import Agency, Country, HotlineContact
from liaison.core.audit.services import Action, audit_record
from liaison.core.commandline import COMMAND_LINE, active_user

TABLE_COLUMNS = ("code", "country", "level", "kind", "name", "name_en")


def agency_rows(agencies: QuerySet[Agency]) -> list[dict[str, Any]]:
    """Plain dicts with every directory field, contact points included."""
    agencies = agencies.select_related("parent", "area").prefetch_related(
        Prefetch("contacts", queryset=HotlineContact.objects.order_by("channel", "id"))
    )
    return [
        {
            "id": agency.pk,
            "code": agency.code,
            "name": agency.name,
            "name_en": agency.name_en,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "level": agency.level,
            "country": agency.country_id,
            "parent": agency.parent.code if agency.parent_id else None,
            "area": agency.area.code if agency.area_id else None,
            "active": agency.active,
            "contacts": [
                {
                    "channel": contact.channel,
                    "value": contact.value,
                    "label": contact.label,
                    "hours": contact.hours,
                    "languages": contact.languages,
                }
                for contact in agency.contacts.all()
            ],
        }
        for agency in agencies
    ]


def display_width(text: str) -> int:
    """Terminal columns: Lao/Khmer combining marks take none, wide CJK take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def format_table(rows: list[dict[str, Any]], columns: tuple[str, ...] = TABLE_COLUMNS) -> str:
    cells = [list(columns)] + [[str(row[c] or "") for c in columns] for row in rows]
    widths = [max(display_width(line[i]) for line in cells) for i in range(len(columns))]
    lines = []
    for line in cells:
        padded = [value + " " * (widths[i] - display_width(value)) for i, value in enumerate(line)]
        lines.append("  ".join(padded).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "List agencies as a table or JSON, optionally as seen by one user."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--country", help="ISO 3166 code, e.g. VN, LA, KH")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--user", help="list only what this username may see")

    def handle(self, *args, country: str | None, format: str, user: str | None, **options):
        country = country.upper() if country else None
        if country and not Country.objects.filter(code=country).exists():
            raise CommandError(f"Unknown country code {country!r}.")
        if user:
            viewer = active_user(user)
            agencies = selectors.agency_list(user=viewer, country=country)
        else:
            agencies = Agency.objects.all()
            if country:
                agencies = agencies.filter(country_id=country)
            agencies = agencies.order_by("country_id", "level", "name")
        rows = agency_rows(agencies)
        # every export is audited: who (the --user, or the operator), what, how many
        with transaction.atomic():
            audit_record(
                actor=viewer if user else None,
                username="" if user else COMMAND_LINE,
                action=Action.EXPORT,
                object_type="agencies.agency",
                verb="agencies_list",
                changes={"format": format, "country": country, "rows": len(rows)},
            )
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(rows))
            self.stdout.write(f"\n{len(rows)} agencies")
