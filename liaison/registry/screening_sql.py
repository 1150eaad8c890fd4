"""The reads behind screening as plain SQL over the registry tables.

Screening one record costs a few milliseconds; compiling four or five ORM querysets per
record (filters, the models' default orderings, joins those orderings bring) cost more
than the database answering them. The statements here are fixed text built once from
the models' table and column names (quoted), with every value a parameter.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection

from liaison.agencies.models import Agency
from liaison.registry.matching import Document
from liaison.registry.models import IdentityDocument, NameKey, Person, PersonName

ID_BATCH = 5000  # values per IN (...): under SQLite's bound-parameter limit


@dataclass
class CandidateRows:
    """What screening reads of its candidate persons, grouped by person id."""

    names: dict[int, list[str]]
    documents: dict[int, list[Document]]
    nationalities: dict[int, list[str]]
    persons: list[tuple[int, str, str, datetime.date | None, str, int, str, str]]


@cache
def _statements() -> dict[str, str]:
    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    def col(model, field: str) -> str:
        return q(model._meta.get_field(field).column)

    link = Person.nationalities.through
    person = col(NameKey, "person")
    if connection.vendor == "postgresql":
        joined_ids = f"string_agg({person}::text, ',')"
    else:  # SQLite
        joined_ids = f"group_concat({person}, ',')"
    # only quoted names from the models are formatted in; "{ids}" becomes placeholders
    return {
        "postings": (
            f"SELECT {col(NameKey, 'key')}, {joined_ids} FROM {table(NameKey)} "  # noqa: S608
            f"WHERE {col(NameKey, 'key')} IN ({{ids}}) GROUP BY {col(NameKey, 'key')}"
        ),
        "names": (
            f"SELECT {col(PersonName, 'person')}, {col(PersonName, 'text')} "  # noqa: S608
            f"FROM {table(PersonName)} WHERE {col(PersonName, 'person')} IN ({{ids}}) "
            f"ORDER BY {col(PersonName, 'person')}, {col(PersonName, 'position')}, "
            f"{col(PersonName, 'id')}"
        ),
        "documents": (
            f"SELECT {col(IdentityDocument, 'person')}, {col(IdentityDocument, 'type')}, "  # noqa: S608
            f"{col(IdentityDocument, 'number')}, {col(IdentityDocument, 'country')} "
            f"FROM {table(IdentityDocument)} "
            f"WHERE {col(IdentityDocument, 'person')} IN ({{ids}}) "
            f"ORDER BY {col(IdentityDocument, 'id')}"
        ),
        "nationalities": (
            f"SELECT {col(link, 'person')}, {col(link, 'country')} FROM {table(link)} "  # noqa: S608
            f"WHERE {col(link, 'person')} IN ({{ids}})"
        ),
        "persons": (
            f"SELECT p.{col(Person, 'id')}, p.{col(Person, 'ref')}, p.{col(Person, 'sex')}, "  # noqa: S608
            f"p.{col(Person, 'birth_date')}, p.{col(Person, 'birth_date_precision')}, "
            f"p.{col(Person, 'owner_agency')}, a.{col(Agency, 'code')}, "
            f"a.{col(Agency, 'name')} FROM {table(Person)} p "
            f"JOIN {table(Agency)} a ON a.{col(Agency, 'id')} = p.{col(Person, 'owner_agency')} "
            f"WHERE p.{col(Person, 'id')} IN ({{ids}})"
        ),
    }


def rows_for(sql: str, values: Sequence[Any], params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of `sql` for every slice of `values`: its "{ids}" becomes one placeholder
    per value of the slice, bound after `params` (the parameters before the list)."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for begin in range(0, len(values), ID_BATCH):
            batch = values[begin : begin + ID_BATCH]
            cursor.execute(sql.replace("{ids}", ", ".join(["%s"] * len(batch))), [*params, *batch])
            rows.extend(cursor.fetchall())
    return rows


def _rows(statement: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    return rows_for(_statements()[statement], values)


def postings(keys: Sequence[str]) -> dict[str, list[int]]:
    """key → ids of every person carrying it (whoever may see them), ascending.

    One row per key with its ids joined into a string: thousands of postings a record
    in a large registry, and splitting one string costs far less than a row each."""
    found: dict[str, list[int]] = {}
    for key, joined in _rows("postings", keys):
        found[key] = sorted(map(int, joined.split(",")))
    return found


def _date(value: Any) -> datetime.date | None:
    # SQLite hands dates back as text, PostgreSQL as dates
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def candidate_rows(ids: Sequence[int]) -> CandidateRows:
    """Names (in their order), documents, nationalities and the person row of each id:
    four queries whatever their number."""
    names: dict[int, list[str]] = defaultdict(list)
    documents: dict[int, list[Document]] = defaultdict(list)
    nationalities: dict[int, list[str]] = defaultdict(list)
    for person_id, text in _rows("names", ids):
        names[person_id].append(text)
    for person_id, type_, number, country in _rows("documents", ids):
        documents[person_id].append(Document(type=type_, number=number, country=country))
    for person_id, country in _rows("nationalities", ids):
        nationalities[person_id].append(country)
    persons = [
        (pk, ref, sex, _date(born), precision, agency_id, code, name)
        for pk, ref, sex, born, precision, agency_id, code, name in _rows("persons", ids)
    ]
    persons.sort()  # the order the ORM read gave (by id): results must not depend on it
    return CandidateRows(names, documents, nationalities, persons)
