"""The bulk path of `persons_import`: new persons written as plain rows, in batches.

Writes exactly what `services._apply_row` writes for a new person (names with their
keys, documents, nationalities, matching keys, key sizes) without its per-person
queries and without model instances: for a million persons building instances and
preparing their fields cost more than the database did. Everything runs in the
caller's transaction, so the import stays all-or-nothing.

A large import (`STAGED_MIN` new persons or more) collects its matching keys in a
temporary table and moves them into `NameKey` with one INSERT … SELECT sorted by key:
the unique (key, person) index is then filled in order instead of at random places —
about 30 keys a person, random B-tree inserts were most of a large import's time. When
the import at least doubles the registry (a first load), the person index of `NameKey`
is dropped for the move and built again afterwards, inside the same transaction.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

from liaison.agencies.models import Agency
from liaison.registry import keysizes
from liaison.registry.imports import ImportRow
from liaison.registry.matching import (
    Document,
    PersonRecord,
    detect_script,
    name_keys,
    normalize_document_number,
    person_record,
    record_keys,
)
from liaison.registry.models import IdentityDocument, NameKey, Person, PersonName

BULK_BATCH = 2000  # persons per round of inserts (names, documents, keys follow)
REF_LOOKUP_BATCH = 5000  # refs per existence query (SQLite's bound-parameter limit)
STAGED_MIN = 20_000  # new persons from which keys are staged and moved in key order
STAGE_TABLE = "registry_namekey_stage"
KEY_LENGTH = NameKey._meta.get_field("key").max_length
IMPORT_CACHE_KIB = 256 * 1024  # SQLite page cache while importing (default: 2 MiB)


def existing_by_ref(agency: Agency, refs: Sequence[str]) -> dict[str, Person]:
    existing: dict[str, Person] = {}
    for start in range(0, len(refs), REF_LOOKUP_BATCH):
        batch = refs[start : start + REF_LOOKUP_BATCH]
        existing.update(
            (p.ref, p) for p in Person.objects.filter(owner_agency=agency, ref__in=batch)
        )
    return existing


def name_kinds(names: Sequence[Any]) -> list[str]:
    kinds = []
    for position, name in enumerate(names):
        kind = name.get("kind") if isinstance(name, dict) else None
        kinds.append(kind or (PersonName.Kind.PRIMARY if position == 0 else PersonName.Kind.ALIAS))
    return kinds


def birth_date_fields(row: ImportRow) -> tuple[datetime.date | None, str]:
    date = row.birth_date
    if date is None:
        return None, ""
    return datetime.date(date.year, date.month or 1, date.day or 1), date.precision


def stored_keys(record: PersonRecord) -> list[str]:
    """A record's matching keys as `NameKey` rows hold them, sorted: cut to the column's
    length, then a set, so two long keys with the same beginning cannot collide."""
    return sorted({key[:KEY_LENGTH] for key in record_keys(record)})


def insert_rows(model, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert plain rows (values already prepared for the database) with one
    executemany (SQLite) or COPY (PostgreSQL); `columns` are field names of `model`."""
    if not rows:
        return
    quote = connection.ops.quote_name
    _insert(
        quote(model._meta.db_table),
        [quote(model._meta.get_field(c).column) for c in columns],
        rows,
    )


def _insert(table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    if connection.vendor == "postgresql":
        # COPY: one stream for the whole batch, where executemany cost a round trip a row
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    # only quoted names from the models are formatted in; the values are parameters
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        table, ", ".join(columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class _PersonRows:
    """Person rows as the database wants them: the constant columns prepared once per
    import (defaults, owner, creator, timestamps), the per-row ones per row."""

    VARYING = (
        "ref",
        "sex",
        "birth_date",
        "birth_date_precision",
        *(f"is_{flag}" for flag in Person.STATUS_FLAGS),
    )

    def __init__(self, *, agency: Agency, created_by) -> None:
        now = timezone.now()
        template = Person(owner_agency=agency, created_by=created_by, created_at=now)
        template.updated_at = now
        fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
        self.constant = [f for f in fields if f.name not in self.VARYING]
        self.columns = [f.name for f in self.constant] + list(self.VARYING)
        self.prefix = tuple(
            f.get_db_prep_save(getattr(template, f.attname), connection) for f in self.constant
        )

    def row(self, row: ImportRow) -> tuple[Any, ...]:
        birth_date, precision = birth_date_fields(row)
        flags = tuple(flag in row.status for flag in Person.STATUS_FLAGS)
        return (
            *self.prefix,
            row.ref,
            row.sex,
            connection.ops.adapt_datefield_value(birth_date),
            precision,
            *flags,
        )


def _new_ids(agency: Agency, refs: Sequence[str]) -> list[int]:
    """The primary keys of just-inserted persons, in the order of `refs` (read back by
    the unique (owner, ref) pair: portable, and no reliance on RETURNING's order)."""
    found = dict(
        Person.objects.filter(owner_agency=agency, ref__in=refs).order_by().values_list("ref", "pk")
    )
    return [found[ref] for ref in refs]


class _Parts:
    """A batch's rows of names, documents, nationality links and matching keys."""

    json_field = PersonName._meta.get_field("keys")

    def __init__(self) -> None:
        self.names: list[tuple[Any, ...]] = []
        self.documents: list[tuple[int, str, str, str, str | None]] = []
        self.links: list[tuple[int, str]] = []
        self.keys: list[tuple[int, str]] = []

    def add(self, person_id: int, row: ImportRow) -> None:
        kinds = name_kinds(row.names)
        computed = [name_keys(text) for text in row.names]
        self.names.extend(
            (
                person_id,
                text,
                kinds[position],
                str(detect_script(text)),
                self.json_field.get_db_prep_save(computed[position].to_dict(), connection),
                position,
            )
            for position, text in enumerate(row.names)
        )
        documents = [
            Document(
                type=doc["type"],
                number=normalize_document_number(doc["number"]),
                country=doc["country"] or None,
            )
            for doc in row.documents
        ]
        self.documents.extend(
            (person_id, document.type, document.number, doc["number"][:80], document.country)
            for document, doc in zip(documents, row.documents, strict=True)
        )
        countries = list(dict.fromkeys(row.nationalities))
        self.links.extend((person_id, country) for country in countries)
        record = person_record(
            id=person_id,
            names=computed,
            birth_date=row.birth_date,
            nationalities=countries,
            sex=row.sex or None,
            documents=documents,
        )
        self.keys.extend((person_id, key) for key in stored_keys(record))


def bulk_create_persons(
    *, agency: Agency, rows: Sequence[ImportRow], created_by, batch_size: int | None = None
) -> None:
    """Insert validated new persons (refs the agency does not have yet)."""
    if not rows:
        return
    batch_size = batch_size or BULK_BATCH
    staged = len(rows) >= STAGED_MIN
    # a first load (or one that at least doubles the registry) rebuilds the person index
    rebuild = staged and len(rows) >= Person.objects.count()
    person_rows = _PersonRows(agency=agency, created_by=created_by)
    nationality_link = Person.nationalities.through
    sizes: Counter[str] = Counter()
    with _import_cache():
        if staged:
            _stage_create()
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            insert_rows(Person, person_rows.columns, [person_rows.row(row) for row in batch])
            ids = _new_ids(agency, [row.ref for row in batch])
            parts = _Parts()
            for person_id, row in zip(ids, batch, strict=True):
                parts.add(person_id, row)
            name_columns = ("person", "text", "kind", "script", "keys", "position")
            insert_rows(PersonName, name_columns, parts.names)
            document_columns = ("person", "type", "number", "number_as_written", "country")
            insert_rows(IdentityDocument, document_columns, parts.documents)
            insert_rows(nationality_link, ("person", "country"), parts.links)
            sizes.update(key for _, key in parts.keys)
            if staged:
                quote = connection.ops.quote_name
                _insert(quote(STAGE_TABLE), [quote("person_id"), quote("key")], parts.keys)
            else:
                insert_rows(NameKey, ("person", "key"), parts.keys)
        if staged:
            _stage_move(rebuild=rebuild)
    sizes[keysizes.LIVE_PERSONS] += len(rows)
    keysizes.adjust(added=sizes)


@contextmanager
def _import_cache() -> Iterator[None]:
    """A larger SQLite page cache for the import's connection, restored afterwards: the
    indexes being filled then stay in memory (PostgreSQL has its shared buffers)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(IMPORT_CACHE_KIB)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _stage_create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE {} ({} bigint NOT NULL, {} varchar(120) NOT NULL)".format(
                *map(connection.ops.quote_name, (STAGE_TABLE, "person_id", "key"))
            )
        )


def _person_indexes(table: str, column: str) -> list[str]:
    """Plain (non-unique) indexes of `table` on `column` alone."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return sorted(
        name
        for name, info in constraints.items()
        if info.get("index")
        and not info.get("unique")
        and not info.get("primary_key")
        and list(info.get("columns") or []) == [column]
    )


def _stage_move(*, rebuild: bool) -> None:
    """Move the staged keys into NameKey in (key, person) order, then drop the stage."""
    quote = connection.ops.quote_name
    table = NameKey._meta.db_table
    column = NameKey._meta.get_field("person").column
    key_column = NameKey._meta.get_field("key").column
    indexes = _person_indexes(table, column) if rebuild else []
    stage = quote(STAGE_TABLE)
    with connection.cursor() as cursor:
        for name in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        # only quoted names from the model are formatted in
        cursor.execute(
            f"INSERT INTO {quote(table)} ({quote(column)}, {quote(key_column)}) "  # noqa: S608
            f"SELECT {quote('person_id')}, {quote('key')} FROM {stage} "
            f"ORDER BY {quote('key')}, {quote('person_id')}"
        )
        cursor.execute(f"DROP TABLE {stage}")
        if indexes and connection.vendor == "postgresql":
            # PostgreSQL builds no index on a table with deferred foreign-key checks
            # pending: run them now (they would run at commit anyway), defer again after
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in indexes:
            cursor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})")
        if indexes and connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
