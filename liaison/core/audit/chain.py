"""Canonical form and hash of an audit event (pure, no Django).

Each event's hash is SHA-256 over the previous event's hash followed by the event's own
canonical JSON, so changing, inserting or removing any row breaks every later link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The fields that are hashed, in the order they are listed in verify reports.
HASHED_FIELDS = (
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
)


def normalize_json(value: Any) -> Any:
    """Round-trip through JSON so what is hashed equals what the database gives back."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


# One encoder for every row: json.dumps with options builds a new one per call, which
# shows on a million rows. Same options, so the same bytes as json.dumps would give.
_CANONICAL_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_content(fields: Mapping[str, Any]) -> str:
    content = {}
    for name in HASHED_FIELDS:
        value = fields.get(name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat(timespec="microseconds")
        content[name] = value
    return _CANONICAL_ENCODER.encode(content)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = prev_hash + canonical_content(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int
    kind: str  # "missing", "tampered", "broken_link", "truncated"
    detail: str


def verify_chain(
    rows: Iterable[Mapping[str, Any]], *, head_seq: int | None = None
) -> Iterator[ChainProblem]:
    """Yield problems in sequence order; rows must come ordered by seq.

    Each row carries the HASHED_FIELDS plus ``prev_hash`` and ``hash``.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            yield ChainProblem(
                expected_seq,
                "missing",
                f"rows {expected_seq}..{seq - 1} are missing"
                if seq - 1 > expected_seq
                else f"row {expected_seq} is missing",
            )
            prev_hash = row["prev_hash"]  # resynchronise to report later problems once
        if row["prev_hash"] != prev_hash:
            yield ChainProblem(seq, "broken_link", "does not link to the previous row's hash")
        recomputed = event_hash(row["prev_hash"], row)
        if recomputed != row["hash"]:
            yield ChainProblem(seq, "tampered", "content does not match its hash")
        prev_hash = row["hash"]
        expected_seq = seq + 1
    if head_seq is not None and head_seq >= expected_seq:
        yield ChainProblem(
            expected_seq,
            "truncated",
            f"rows {expected_seq}..{head_seq} are missing at the end of the trail",
        )
