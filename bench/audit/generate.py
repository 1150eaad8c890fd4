"""The generated audit trail: events in the mix a working day leaves, hash-chained exactly
as audit_record() would chain them, inserted with raw executemany in batches."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import World

BATCH = 10_000
EVENT_INTERVAL = timedelta(seconds=60)  # 1,000,000 events span about two years

# (action, verb, object type, weight): roughly what a working day leaves in the trail
EVENT_MIX = [
    ("read", "person_read", "registry.person", 30),
    ("read", "message_read", "exchange.message", 15),
    ("update", "message_update", "exchange.message", 10),
    ("create", "message_send", "exchange.message", 8),
    ("update", "case_update", "cases.jointcase", 6),
    ("create", "incident_create", "seizures.incident", 5),
    ("export", "statistics_export", "seizures.incident", 3),
    ("login", "login", "agencies.user", 15),
    ("login_failed", "login", "", 3),
    ("update", "user_update", "agencies.user", 3),
    ("other", "totp_enable", "agencies.user", 2),
]
CHANGE_TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "create": [
        {
            "name": [None, "Nguyễn Văn Bình"],
            "status": [None, "subject"],
            "sharing": [None, "partners"],
        },
        {"subject": [None, "ຂໍ້ມູນກ່ຽວກັບຜູ້ຕ້ອງສົງໄສ"], "priority": [None, "high"]},
        {"drug_type": [None, "methamphetamine_tablets"], "quantity": [None, "12000"]},
    ],
    "update": [
        {"status": ["sent", "acknowledged"]},
        {"name": ["Trần Văn Hùng", "Trần Văn Hưng"], "aliases": [[], ["Hưng đen"]]},
        {"status": ["open", "expanded"], "participants": [[3, 7], [3, 7, 12]]},
        {"language": ["vi", "lo"]},
    ],
    "export": [{"format": "xlsx", "rows": 1250, "filters": {"year": 2025, "country": "VN"}}],
    "other": [{"totp": [False, True]}],
}


def _actor_pool(world: World) -> list[tuple[int, str, int, str]]:
    users = [*world.officers.values(), *world.auditors.values(), world.agency_admin]
    return [(u.pk, u.get_username(), u.agency_id, u.agency.country_id) for u in users]


_MIX_WEIGHTS = [m[3] for m in EVENT_MIX]


def _event_fields(rng: random.Random, actors, agencies_by_country, created_at: datetime):
    action, verb, object_type, _ = rng.choices(EVENT_MIX, weights=_MIX_WEIGHTS)[0]
    ip = f"10.{rng.randrange(3)}.{rng.randrange(8)}.{rng.randrange(1, 200)}"
    if action == "login_failed":  # no actor: a mistyped or unknown username
        return {
            "created_at": created_at,
            "actor_id": None,
            "actor_username": f"unknown{rng.randrange(50)}",
            "agency_id": None,
            "country": "",
            "action": action,
            "verb": verb,
            "object_type": "",
            "object_id": "",
            "object_repr": "",
            "changes": {},
            "ip": ip,
        }
    actor_id, username, agency_id, country = rng.choice(actors)
    # most events are written by officers across the tree, not only the sample users
    if rng.random() < 0.7:
        country = rng.choice(list(agencies_by_country))
        agency_id = rng.choice(agencies_by_country[country])
    object_id = str(rng.randrange(1, 200_000))
    templates = CHANGE_TEMPLATES.get(action)
    return {
        "created_at": created_at,
        "actor_id": actor_id,
        "actor_username": username,
        "agency_id": agency_id,
        "country": country,
        "action": action,
        "verb": verb,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": f"{object_type} #{object_id}" if object_type else "",
        "changes": rng.choice(templates) if templates else {},
        "ip": ip,
    }


def append_events(count: int, world: World, *, progress: bool = False, seed: int = 2) -> float:
    """Append `count` correctly chained events after the current chain head; seconds taken.

    Each batch and the matching chain-head update commit together, so an interrupted run
    leaves a valid (shorter) trail.
    """
    from django.db import connection, transaction

    from liaison.agencies.models import Agency
    from liaison.core.audit.chain import GENESIS_HASH, event_hash, normalize_json
    from liaison.core.models import AuditChainHead, AuditEvent

    start_clock = time.perf_counter()
    rng = random.Random(seed)
    actors = _actor_pool(world)
    agencies_by_country: dict[str, list[int]] = {}
    for pk, country in Agency.objects.values_list("pk", "country_id"):
        agencies_by_country.setdefault(country, []).append(pk)
    # JSON values: normalized once for hashing, adapted once for the database
    changes_field = AuditEvent._meta.get_field("changes")
    adapted: dict[int, Any] = {}

    def db_changes(value: dict) -> Any:
        key = id(value)
        if key not in adapted:
            adapted[key] = changes_field.get_db_prep_save(value, connection)
        return adapted[key]

    for templates in CHANGE_TEMPLATES.values():
        templates[:] = [normalize_json(t) for t in templates]
    empty: dict = {}

    head = AuditChainHead.objects.filter(id=1).first()
    last_seq, last_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    last_event = AuditEvent.objects.order_by("-seq").values_list("created_at", flat=True).first()
    when = datetime.now(UTC) - EVENT_INTERVAL * count
    if last_event is not None and last_event > when:
        when = last_event

    columns = [
        "seq",
        "created_at",
        "actor_id",
        "actor_username",
        "agency_id",
        "country",
        "action",
        "verb",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "ip",
        "prev_hash",
        "hash",
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AuditEvent._meta.db_table),
        ", ".join(quote(c) for c in columns),  # the column names, FKs included
        ", ".join(["%s"] * len(columns)),
    )
    adapt_datetime = connection.ops.adapt_datetimefield_value
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:  # a bigger page cache makes index upkeep cheaper
            cur.execute("PRAGMA cache_size = -262144")

    done = 0
    while done < count:
        rows = []
        for _ in range(min(BATCH, count - done)):
            last_seq += 1
            when += EVENT_INTERVAL + timedelta(microseconds=rng.randrange(1, 999_999))
            fields = _event_fields(rng, actors, agencies_by_country, when)
            fields["seq"] = last_seq
            if not fields["changes"]:
                fields["changes"] = empty
            digest = event_hash(last_hash, fields)
            rows.append(
                (
                    last_seq,
                    adapt_datetime(when),
                    fields["actor_id"],
                    fields["actor_username"],
                    fields["agency_id"],
                    fields["country"],
                    fields["action"],
                    fields["verb"],
                    fields["object_type"],
                    fields["object_id"],
                    fields["object_repr"],
                    db_changes(fields["changes"]),
                    fields["ip"],
                    last_hash,
                    digest,
                )
            )
            last_hash = digest
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(sql, rows)
            AuditChainHead.objects.update_or_create(
                id=1, defaults={"last_seq": last_seq, "last_hash": last_hash}
            )
        done += len(rows)
        if progress and (done % 100_000 == 0 or done == count):
            elapsed = time.perf_counter() - start_clock
            print(f"  generated {done:,}/{count:,} events in {elapsed:.0f} s", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    elif count:
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {quote(AuditEvent._meta.db_table)}")
    return time.perf_counter() - start_clock


def ensure_events(total: int, world: World, *, progress: bool = True) -> tuple[int, float]:
    """Top the trail up to `total` events; (events now, seconds spent generating)."""
    from liaison.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(id=1).first()
    have = head.last_seq if head else 0
    if have >= total:
        return have, 0.0
    if progress:
        print(f"Generating {total - have:,} audit events (have {have:,}) ...", flush=True)
    seconds = append_events(total - have, world, progress=progress)
    return total, seconds
