"""The state of a commitment, computed from the activities linked to it (no Django).

A commitment with a target ("hold 2 awareness conferences") is done when that many
linked activities (of its kind, if it names one) have taken place; one without a target
is done once a linked activity has taken place. Some progress before the due date is
"in progress"; a due date passed without reaching the target is "overdue", and the
missing part is said. A status set by hand (with its reason) wins over all of this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PLANNED = "planned"
IN_PROGRESS = "in_progress"
DONE = "done"
OVERDUE = "overdue"
DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class LinkedActivity:
    kind: str
    starts_on: date
    ends_on: date | None = None

    @property
    def last_day(self) -> date:
        return self.ends_on or self.starts_on


@dataclass(frozen=True, slots=True)
class CommitmentState:
    status: str
    achieved: int  # activities that count and have taken place by the reference day
    target: int  # 1 when the commitment names no target
    missing: int  # how many are still to be held (0 when done or dropped)
    overridden: bool = False
    upcoming: int = 0  # linked activities still to come

    @property
    def is_open(self) -> bool:
        return self.status in (PLANNED, IN_PROGRESS, OVERDUE)


def commitment_state(
    *,
    target: int | None,
    activity_kind: str,
    due_on: date | None,
    activities: Iterable[LinkedActivity],
    today: date,
    override: str = "",
) -> CommitmentState:
    """The commitment's state on `today` (for a report: the last day of its period)."""
    wanted = target if target else 1
    achieved = upcoming = 0
    for activity in activities:
        if activity_kind and activity.kind != activity_kind:
            continue
        if activity.last_day <= today:
            achieved += 1
        else:
            upcoming += 1  # still to come, or under way: progress, not yet achieved
    missing = max(wanted - achieved, 0)
    if override:
        return CommitmentState(
            status=override,
            achieved=achieved,
            target=wanted,
            missing=0 if override in (DONE, DROPPED) else missing,
            overridden=True,
            upcoming=upcoming,
        )
    if achieved >= wanted:
        status = DONE
    elif due_on is not None and due_on < today:
        status = OVERDUE
    elif achieved or upcoming:
        status = IN_PROGRESS
    else:
        status = PLANNED
    return CommitmentState(
        status=status,
        achieved=achieved,
        target=wanted,
        missing=0 if status == DONE else missing,
        upcoming=upcoming,
    )
