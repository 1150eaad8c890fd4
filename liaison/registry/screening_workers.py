"""Batch screening in several processes (`screen_records(workers=N)`).

Screening is CPU-bound Python (scoring) over reads that never write, so a long list
goes faster in forked processes, one database connection each. The parent prepares
the screener (scope, registry size) and the records, closes its connections (a
connection must not cross a fork), and the children screen batches of records in
order; the parent merges their answers and hidden finds, then audits and records
hits as for one process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, connections

# What the forked children read (set by the parent just before forking, so nothing but
# the batch offsets and the answers is pickled)
_WORK: dict[str, Any] = {}


def _screen_chunk(begin: int) -> tuple[list[dict[str, Any]], list[tuple[int, int, str, float]]]:
    from liaison.registry.screening import screen_batch

    screener = _WORK["screener"]
    screener.hidden_found = []
    batch = _WORK["records"][begin : begin + _WORK["batch_size"]]
    try:
        results = screen_batch(screener, batch, top=_WORK["top"], offset=begin)
    finally:
        # the pool ends its children with SIGTERM: close the connection properly now
        # rather than leave PostgreSQL to log an unexpected EOF from a killed client
        connections.close_all()
    return results, screener.hidden_found


def can_fork() -> bool:
    """Workers read the committed registry through their own connections: not from
    inside a transaction (they would not see its writes), nor from an in-memory
    SQLite database (they would not see it at all), nor where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def screen_in_processes(
    screener,
    records: Sequence[Mapping[str, Any]],
    *,
    top: int,
    batch_size: int,
    workers: int,
) -> tuple[list[dict[str, Any]], list[tuple[int, int, str, float]]] | None:
    """(results, hidden finds) screened by `workers` processes; None if it cannot be
    done here (the caller then screens in its own process)."""
    if workers <= 1 or len(records) <= batch_size or not can_fork():
        return None
    screener.persons  # noqa: B018 — counted once here, not once per child
    _WORK.update(screener=screener, records=records, top=top, batch_size=batch_size)
    connections.close_all()
    results: list[dict[str, Any]] = []
    hidden: list[tuple[int, int, str, float]] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for found, hidden_found in pool.imap(_screen_chunk, range(0, len(records), batch_size)):
                results.extend(found)
                hidden.extend(hidden_found)
    finally:
        _WORK.clear()
    return results, hidden
