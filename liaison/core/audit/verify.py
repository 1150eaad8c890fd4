"""Walk the whole audit trail and report the first tampered or missing row."""

from __future__ import annotations

from collections.abc import Iterator

from liaison.core.audit.chain import HASHED_FIELDS, ChainProblem, verify_chain
from liaison.core.models import AuditChainHead, AuditEvent

_COLUMNS = [f for f in HASHED_FIELDS] + ["prev_hash", "hash"]


def _rows(chunk_size: int = 5000) -> Iterator[dict]:
    # keyset pagination keeps memory flat and works the same on SQLite and PostgreSQL
    last = 0
    qs = AuditEvent.objects.order_by("seq")
    while True:
        batch = list(qs.filter(seq__gt=last).values(*_COLUMNS)[:chunk_size])
        if not batch:
            return
        yield from batch
        last = batch[-1]["seq"]


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
