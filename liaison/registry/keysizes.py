"""Key sizes: how many live persons carry each matching key (`NameKeySize`).

Every write of `NameKey` rows adjusts these counts in the same transaction, so
screening reads a key's posting-list size, and a word's registry frequency, with one
indexed look-up instead of counting postings — "nguyen" alone has hundreds of
thousands in a registry of a million persons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from django.db import connection

from liaison.registry.models import NameKeySize

LOOKUP_BATCH = 5000  # keys per IN (...) query: under SQLite's parameter limit
# The key every live person carries (never a matching key: those start with w:, d:,
# doc:): its size is the number of live persons, which word frequencies are relative
# to — counting a million persons took 80 ms of every screening request.
LIVE_PERSONS = "#persons"


def _table() -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(NameKeySize._meta.db_table),
        quote(NameKeySize._meta.get_field("key").column),
        quote(NameKeySize._meta.get_field("persons").column),
    )


def sizes(keys: Iterable[str]) -> dict[str, int]:
    """key → number of live persons carrying it; keys nobody carries are left out."""
    ordered = sorted(set(keys))
    table, key, persons = _table()
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for begin in range(0, len(ordered), LOOKUP_BATCH):
            batch = ordered[begin : begin + LOOKUP_BATCH]
            # only quoted names from the model are formatted in; the keys are parameters
            cursor.execute(
                f"SELECT {key}, {persons} FROM {table} "  # noqa: S608
                f"WHERE {key} IN ({', '.join(['%s'] * len(batch))}) AND {persons} > 0",
                batch,
            )
            found.update(cursor.fetchall())
    return found


def live_persons() -> int | None:
    """The number of live persons as kept by the writes; None if not kept (yet)."""
    return sizes([LIVE_PERSONS]).get(LIVE_PERSONS)


def adjust(
    *, added: Mapping[str, int] | None = None, removed: Mapping[str, int] | None = None
) -> None:
    """Add `added[key]` persons to each key and take `removed[key]` away, in the
    caller's transaction. Keys are written in sorted order, so two concurrent writers
    lock the rows they share in the same order (no deadlock on PostgreSQL)."""
    delta: Counter[str] = Counter(added or {})
    delta.subtract(removed or {})
    changes = sorted((key, n) for key, n in delta.items() if n)
    if not changes:
        return
    table, key, persons = _table()
    # an upsert both databases understand (SQLite >= 3.24, PostgreSQL >= 9.5); only
    # quoted names from the model are formatted in
    upsert = (
        f"INSERT INTO {table} ({key}, {persons}) VALUES (%s, %s) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET {persons} = CASE "
        f"WHEN {table}.{persons} + %s > 0 THEN {table}.{persons} + %s ELSE 0 END"
    )
    gone = [k for k, n in changes if n < 0]
    with connection.cursor() as cursor:
        cursor.executemany(upsert, [(k, max(n, 0), n, n) for k, n in changes])
        for begin in range(0, len(gone), LOOKUP_BATCH):
            batch = gone[begin : begin + LOOKUP_BATCH]
            cursor.execute(
                f"DELETE FROM {table} WHERE {persons} <= 0 "  # noqa: S608
                f"AND {key} IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )
