"""Walk the whole audit trail and report the first tampered or missing row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from django.db import connection
from django.utils import timezone

from liaison.core.audit.chain import HASHED_FIELDS, ChainProblem, verify_chain
from liaison.core.models import AuditChainHead, AuditEvent

_COLUMNS = [f for f in HASHED_FIELDS] + ["prev_hash", "hash"]


def _rows(chunk_size: int = 20000) -> Iterator[dict]:
    """Every event in seq order, with the values the ORM would give back.

    Read with a plain cursor: on a million rows the ORM's per-row converters cost more
    than the hashing itself (bench/bench_audit.py), so the three conversions the hash
    depends on are done here. Keyset pagination keeps memory flat and works the same
    on SQLite and PostgreSQL.
    """
    quote = connection.ops.quote_name
    meta = AuditEvent._meta
    columns = [quote(meta.get_field(name).column) for name in _COLUMNS]
    if connection.vendor == "sqlite":
        # As text: the sqlite3 module's datetime converter is slower than fromisoformat.
        at = _COLUMNS.index("created_at")
        columns[at] = f"CAST({columns[at]} AS TEXT)"
    # identifiers come from the model, values go as parameters
    sql = "SELECT {} FROM {} WHERE {} > %s ORDER BY {} LIMIT %s".format(  # noqa: S608
        ", ".join(columns),
        quote(meta.db_table),
        quote(meta.get_field("seq").column),
        quote(meta.get_field("seq").column),
    )
    at_created = _COLUMNS.index("created_at")
    at_changes = _COLUMNS.index("changes")
    at_ip = _COLUMNS.index("ip")
    db_timezone = connection.timezone
    last = 0
    while True:
        with connection.cursor() as cur:
            cur.execute(sql, [last, chunk_size])
            batch = cur.fetchall()
        if not batch:
            return
        for values in batch:
            row = dict(zip(_COLUMNS, values, strict=True))
            created = values[at_created]
            if isinstance(created, str):
                created = datetime.fromisoformat(created)
            if created is not None and timezone.is_naive(created):
                created = timezone.make_aware(created, db_timezone)
            row["created_at"] = created
            changes = values[at_changes]
            if isinstance(changes, str | bytes):
                row["changes"] = json.loads(changes)
            ip = values[at_ip]
            if ip is not None and not isinstance(ip, str):
                row["ip"] = str(ip)  # an inet value from PostgreSQL
            yield row
        last = batch[-1][_COLUMNS.index("seq")]


def verify_trail() -> tuple[int, list[ChainProblem]]:
    """Return (rows checked, problems found), stopping after the first few problems."""
    head = AuditChainHead.objects.filter(id=1).first()
    checked = 0
    problems: list[ChainProblem] = []

    def counted() -> Iterator[dict]:
        nonlocal checked
        for row in _rows():
            checked += 1
            yield row

    for problem in verify_chain(counted(), head_seq=head.last_seq if head else None):
        problems.append(problem)
        if len(problems) >= 10:
            break
    return checked, problems
