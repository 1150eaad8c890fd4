"""Shaping exchange statistics (no Django): medians and on-time shares of recipient parts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median


@dataclass(frozen=True, slots=True)
class PartTimes:
    """One recipient part's clock: when it was sent, due, acknowledged and answered."""

    sent_at: datetime
    due_at: datetime | None
    acknowledged_at: datetime | None
    answered_at: datetime | None
    expects_reply: bool


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def response_figures(parts: Iterable[PartTimes], *, now: datetime) -> dict:
    """Median hours to acknowledge and to answer, and the share answered on time.

    Only parts that expect a reply count towards answers. The on-time share is taken
    over the parts that can be judged already: answered, or due time passed.
    """
    ack_hours: list[float] = []
    answer_hours: list[float] = []
    judged = on_time = answered = 0
    for part in parts:
        if part.acknowledged_at:
            ack_hours.append(_hours(part.sent_at, part.acknowledged_at))
        if not part.expects_reply:
            continue
        if part.answered_at:
            answered += 1
            answer_hours.append(_hours(part.sent_at, part.answered_at))
        if part.due_at is None:
            continue
        if part.answered_at is not None:
            judged += 1
            on_time += part.answered_at <= part.due_at
        elif part.due_at < now:
            judged += 1
    return {
        "median_hours_to_acknowledge": round(median(ack_hours), 2) if ack_hours else None,
        "median_hours_to_answer": round(median(answer_hours), 2) if answer_hours else None,
        "answered": answered,
        "judged": judged,
        "answered_on_time": on_time,
        "share_answered_on_time": round(on_time / judged, 4) if judged else None,
    }
