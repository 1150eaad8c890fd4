"""Due times of exchange messages (no Django).

Each priority has a default answer time — urgent 24 h, high 72 h, normal 7 days — that
a partnership may change. A due time given by the author overrides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, tzinfo

URGENT, HIGH, NORMAL = "urgent", "high", "normal"

DEFAULT_HOURS: Mapping[str, int] = {URGENT: 24, HIGH: 72, NORMAL: 7 * 24}


class MalformedDueTime(ValueError):
    """The due time is not a date and time we can read."""


def hours_for(priority: str, overrides: Mapping[str, int | None] | None = None) -> int:
    """Hours allowed to answer a message of `priority`, partnership overrides first."""
    if overrides and overrides.get(priority):
        return int(overrides[priority])  # type: ignore[arg-type]
    return DEFAULT_HOURS[priority]


def strictest(candidates: Iterable[Mapping[str, int | None]], priority: str) -> int:
    """When several partnerships link two agencies, the shortest answer time applies."""
    hours = [hours_for(priority, c) for c in candidates]
    return min(hours) if hours else DEFAULT_HOURS[priority]


def default_due(sent_at: datetime, priority: str, hours: int | None = None) -> datetime:
    return sent_at + timedelta(hours=hours if hours is not None else DEFAULT_HOURS[priority])


def parse_due(value: datetime | str | None, *, tz: tzinfo) -> datetime | None:
    """An ISO 8601 date-time (or dd/mm/yyyy HH:MM as shown in the UI) made aware in `tz`.

    Empty means "use the default for the priority". Raises MalformedDueTime otherwise.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        parsed = _parse_text(text)
    else:
        raise MalformedDueTime(repr(value))
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _parse_text(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise MalformedDueTime(text)


def is_overdue(
    *,
    due_at: datetime | None,
    now: datetime,
    expects_reply: bool,
    acknowledged_at: datetime | None,
    answered_at: datetime | None,
    closed_at: datetime | None,
) -> bool:
    """A part is overdue when its due time passed without the expected response.

    Requests expect an answer; alerts and notifications only an acknowledgment.
    """
    if due_at is None or closed_at is not None or now <= due_at:
        return False
    responded = answered_at if expects_reply else (acknowledged_at or answered_at)
    return responded is None
