"""The trigram index searched once per request: the matching message ids, materialised.

A list page asks the database twice (the capped count, then the page), and the inbox
asked once more to choose its plan. On SQLite each of the three ran the FTS5 MATCH: a
name typed without diacritics ("nguyen van hung": three terms made of the commonest
trigrams, ~2,400 matches) cost ~40 ms per MATCH, three times. Now the MATCH runs once
(`search_matches`): up to `MATERIALISED_MATCHES` ids are read into a list and the count
and the page test `message_id` against that list (one JSON parameter, `json_each`), so
neither touches the index again. Only a term with more matches than that (a common
word: tens of thousands) keeps the MATCH as a subquery in both.

On PostgreSQL the LIKE terms are answered by the pg_trgm GIN index, and the planner
chose, for a name searched by a ministry, a newest-first walk probing every part's
message (1.2 s for a page). When the planner itself expects few matches (its estimate,
one EXPLAIN without execution: reading a dense term's matches to count them costs
100 ms or more), the ids are read once and the count and the page start from them.

The choice between starting from the matches and testing membership while walking the
user's parts (`MemberIn`) is made from the number of matches (`DENSE_MATCHES`).

PostgreSQL, an inbox search: the trigram GIN index also holds each message's
`inbox_agencies` (migration 0005), and the search adds `inbox_agencies && ARRAY[the
user's agencies]`, so the index keeps only the candidates received in the
subtree before any row is rechecked: a Khmer word with 50,000 matches elsewhere and none
in a Vietnamese province is answered from the index alone. The condition is implied by
the inbox's own filter (a sent part of one of these agencies), so it never changes what
is listed; it only lets the index drop what the join would have dropped. With more
matches in the subtree than are listed, the count keeps that form and the page walks the
parts newest first (`InboxSearch`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models.lookups import In, Lookup

from liaison.exchange.models import Message
from liaison.exchange.textsearch import fts5_match_expression, indexable, query_terms

# A search matching at least this many messages tests membership (MemberIn) instead of
# starting from its matches: below it, probing the few matches' parts is fastest.
DENSE_MATCHES = 5_000
# At most this many matching ids are read into a list (SQLite: ~0.5 µs each; a MATCH
# costs 10-40 ms, so reading up to here is cheaper than a second MATCH).
MATERIALISED_MATCHES = 10_000
# PostgreSQL: the planner's estimate under which the ids are read (each match is a
# recheck of its row, a few µs; above this, the planner's own join is kept).
PG_MATERIALISED_MATCHES = 5_000


@dataclass(frozen=True)
class SearchMatches:
    """The messages whose folded text holds every indexed term of a query.

    `ids` is every one of them (at most the cap), or None when there are more than the
    cap (SQLite then keeps the index as a subquery; a PostgreSQL inbox uses InboxSearch).
    """

    ids: tuple[int, ...] | None

    @property
    def dense(self) -> bool:
        return self.ids is None or len(self.ids) >= DENSE_MATCHES


# Message ids whose folded text holds every term (see migration 0002_message_search_index).
FTS5_MATCH = "SELECT rowid FROM exchange_message_fts WHERE exchange_message_fts MATCH %s"
_FTS5_IDS = f"{FTS5_MATCH} LIMIT %s"


def _like_patterns(terms: list[str], connection) -> list[str]:
    # the same escaping as Django's `contains`: a % or _ typed by the user is literal
    return [f"%{connection.ops.prep_for_like_query(term)}%" for term in terms]


def _like_sql(terms: list[str], inbox_of: frozenset[int]) -> tuple[str, list]:
    table = connection.ops.quote_name(Message._meta.db_table)
    likes = " AND ".join(f"{table}.search_text LIKE %s" for _ in terms)
    where = f"{likes} AND {table}.inbox_agencies && %s::bigint[]"
    # only the quoted table name is formatted in; every term is a bound parameter
    sql = f"SELECT {table}.id FROM {table} WHERE {where}"  # noqa: S608
    return sql, [*_like_patterns(terms, connection), sorted(inbox_of)]


def search_matches(query: str, *, inbox_of: frozenset[int]) -> SearchMatches | None:
    """The query's matches read once, or None (no indexed term).

    `inbox_of` (PostgreSQL): only messages received by one of these agencies, tested in
    the trigram index itself; the ids are still intersected with the caller's parts.
    """
    indexed = [term for term in query_terms(query) if indexable(term)]
    if not indexed:
        return None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(_FTS5_IDS, [fts5_match_expression(indexed), MATERIALISED_MATCHES + 1])
            ids = tuple(row[0] for row in cursor.fetchall())
        return SearchMatches(ids if len(ids) <= MATERIALISED_MATCHES else None)
    if connection.vendor == "postgresql":
        sql, params = _like_sql(indexed, inbox_of)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            if plan[0]["Plan"]["Plan Rows"] > PG_MATERIALISED_MATCHES:
                # too many to list: the inbox search walks its parts (InboxSearch)
                return SearchMatches(None)
            cursor.execute(f"{sql} LIMIT %s", [*params, PG_MATERIALISED_MATCHES + 1])
            ids = tuple(row[0] for row in cursor.fetchall())
        return SearchMatches(ids if len(ids) <= PG_MATERIALISED_MATCHES else None)
    return None


class MemberIn(In):
    """`message_id IN (the search's matches)` as a membership test only (SQLite).

    A term common somewhere (a Lao or Khmer word: tens of thousands of matches) was
    counted by joining match after match to the user's parts (the cost grew with the
    matches), and its page walk read every part's row for its message id (540 ms for a
    Vietnamese province searching a Khmer word: no match in its subtree, the whole table
    walked). Written `+message_id IN (...)`, the match set is materialised once and only
    tested, from the covering indexes alone: the count reads the subtree's parts from
    (agency, sent_at, message) and stops at its cap; the page walks (sent_at, agency,
    message) newest first and stops after a page.
    """

    def as_sqlite(self, compiler, connection) -> tuple[str, list]:
        sql, params = self.as_sql(compiler, connection)
        return f"+{sql}", params


class MatchedIds(Lookup):
    """`column IN (the materialised matches)`, the ids bound as ONE parameter.

    Thousands of ids as separate parameters cost Django and the database a compile per
    id; SQLite reads them from a JSON array (`json_each`), PostgreSQL from a bigint
    array (`= ANY`, an index condition on the part's message id). `membership` (SQLite)
    adds the unary plus of MemberIn: tested while walking the parts, not used to start.
    """

    lookup_name = "matched_ids"  # never registered: built directly in search_q
    prepare_rhs = False  # a list of ids, bound as one value

    def __init__(self, lhs, ids: tuple[int, ...], *, membership: bool = False):
        super().__init__(lhs, list(ids))
        self.membership = membership

    def as_sqlite(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        plus = "+" if self.membership else ""
        sql = f"{plus}{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (ids bound)
        return sql, [*lhs_params, json.dumps(self.rhs)]

    def as_postgresql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self.rhs]


class InboxSearch(Lookup):
    """PostgreSQL: an inbox search with more matches in the subtree than are listed.

    The count (no ORDER BY) keeps the index form (`search_text LIKE … AND inbox_agencies
    && …`): the planner joins the subtree's candidates to their parts and stops at the
    count's cap. The page (ordered) must not: the planner, expecting few matches (its
    estimate of a LIKE is blind to frequency), rechecked every candidate of the subtree
    and sorted them (17,600 rows, 170 ms for "ma tuy" in a province; more for a Lao word).
    With more than PG_MATERIALISED_MATCHES matches in the subtree, the newest parts hold
    some in every few hundred: the page walks the parts newest first and tests each
    message, a correlated EXISTS that `OFFSET 0` keeps from being flattened into a join
    (13 ms for the Lao word).
    """

    lookup_name = "inbox_search"  # never registered: built directly in search_q
    prepare_rhs = False

    def __init__(self, lhs, terms: list[str], agencies: frozenset[int]):
        super().__init__(lhs, list(terms))
        self.agencies = sorted(agencies)

    def as_postgresql(self, compiler, connection) -> tuple[str, list]:
        alias = compiler.quote_name_unless_alias(self.lhs.alias)
        patterns = _like_patterns(self.rhs, connection)
        if not compiler.query.order_by:
            likes = " AND ".join(f"{alias}.search_text LIKE %s" for _ in patterns)
            return f"({likes} AND {alias}.inbox_agencies && %s::bigint[])", [
                *patterns,
                self.agencies,
            ]
        table = connection.ops.quote_name(Message._meta.db_table)
        likes = " AND ".join("walked.search_text LIKE %s" for _ in patterns)
        # only quoted names are formatted in; the terms are bound parameters
        sql = (
            f"EXISTS (SELECT 1 FROM {table} AS walked "  # noqa: S608
            f"WHERE walked.id = {alias}.id AND {likes} OFFSET 0)"
        )
        return sql, patterns
