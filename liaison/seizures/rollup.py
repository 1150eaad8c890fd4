"""Monthly roll-up of the ledger that statistics read instead of scanning items.

Contract used by the ledger services: after any write to incidents (create, update,
cancel, import), call `refresh(partitions=...)` inside the same transaction with every
(recording agency id, first day of month) whose incidents changed — old and new values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def refresh(*, partitions: Iterable[tuple[int, date]]) -> None:
    """Recompute the roll-up rows of the given partitions from the ledger."""
    # The statistics work fills this in (see bench/ and seizures/stats*).
    return None
