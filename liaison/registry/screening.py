"""Screening over the database: candidates from the `NameKey` index, scored by the engine.

Per batch of input records (`SCREEN_BATCH`) a bounded number of queries, whatever the
registry's size and however many records the batch holds: key sizes (one GROUP BY),
postings of the keys that are not over-common (capped), the candidate persons (read as
plain values: persons, names, documents, nationalities) and the term frequencies of
their words. The actor's scope is applied inside the postings query; persons the actor
cannot see come back only if their owner marked them discoverable, and then only as a
"hit" naming the holding agency, never the record.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Value

from liaison.core.access import get_scope, sharing_q
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.registry.imports import record_names
from liaison.registry.matching import (
    DEFAULT_CONFIG,
    Decision,
    Document,
    MatchConfig,
    PersonRecord,
    TermFrequencies,
    person_record,
    query_plan,
    score_candidate,
)
from liaison.registry.models import IdentityDocument, NameKey, Person, PersonName
from liaison.registry.records import partial_date
from liaison.registry.services_hits import Found, found_in, hits_record

logger = logging.getLogger(__name__)

KEY_CAP = 1000  # a key shared by more persons is narrowed by birth year, or skipped
MAX_CANDIDATES = 25  # persons scored per query (best by shared rare keys)
MAX_HIT_CANDIDATES = 10  # discoverable persons scored per query
SCREEN_BATCH = 100  # records screened together (their key lookups batched)
KEY_LOOKUP_BATCH = 5000  # keys per IN (...) query: under SQLite's parameter limit
CAPPED_COUNT_BATCH = 400  # keys per capped-count query: SQLite allows 500 UNION terms
COMMON_COUNT_TTL = 600.0  # seconds an over-common word's registry count is reused
# over-common key → (when counted, how many postings); per process
_COMMON_COUNTS: dict[str, tuple[float, int]] = {}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate person: the matcher's record and what a result names."""

    record: PersonRecord
    ref: str
    agency_id: int
    agency_code: str
    agency_name: str


def query_record(record: Mapping[str, Any]) -> PersonRecord | None:
    """An input record (import shape) as the matcher's query; None if unusable."""
    try:
        nationality = record.get("nationality") or record.get("nationalities") or []
        if isinstance(nationality, str):
            nationality = [nationality]
        documents = record.get("id_numbers") or []
        return person_record(
            id=record.get("ref"),
            names=record_names(record),
            birth_date=record.get("birth_date"),
            nationalities=[str(c) for c in nationality if c],
            sex=record.get("sex"),
            documents=[d for d in documents if isinstance(d, Mapping)],
        )
    except Exception:  # screening never fails on odd input: no query, no candidates
        logger.debug("unusable screening record", exc_info=True)
        return None


class Screener:
    """Screens records for one actor (None: the whole registry, an operator's tool)."""

    def __init__(
        self,
        *,
        actor,
        config: MatchConfig = DEFAULT_CONFIG,
        cap: int = KEY_CAP,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        self.actor = actor
        self.config = config
        self.cap = cap
        self.max_candidates = max_candidates
        self._persons: int | None = None
        # hidden discoverable persons that met a query: (record index, person, decision,
        # score), for hit notifications only — never part of the results
        self.hidden_found: list[tuple[int, int, str, float]] = []
        self._offset = 0  # index of the current batch's first record in the whole run
        if actor is None or get_scope(actor).sees_everything:
            self.visible_q: Q | None = None
        else:
            self.visible_q = sharing_q(
                get_scope(actor), owner="person__owner_agency", level="person__sharing"
            )

    @property
    def persons(self) -> int:
        if self._persons is None:
            self._persons = Person.objects.live().count()
        return self._persons

    def _key_sizes(self, keys: set[str]) -> dict[str, int]:
        """Posting-list size per key, counted only up to `cap` + 1: a key over the cap is
        never looked up as is, and counting all of "nguyen"'s postings in a registry of
        a million persons was most of a screening's time. One query per slice of keys."""
        ordered = sorted(keys)
        table = connection.ops.quote_name(NameKey._meta.db_table)
        column = connection.ops.quote_name(NameKey._meta.get_field("key").column)
        # only quoted names from the model are formatted in; keys and the cap are parameters
        one = (
            f"SELECT MIN(t.k), COUNT(*) FROM (SELECT {column} AS k FROM {table} "  # noqa: S608
            f"WHERE {column} = %s LIMIT %s) t"
        )
        sizes: dict[str, int] = {}
        for begin in range(0, len(ordered), CAPPED_COUNT_BATCH):
            batch = ordered[begin : begin + CAPPED_COUNT_BATCH]
            params: list[Any] = []
            for key in batch:
                params += [key, self.cap + 1]
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join([one] * len(batch)), params)
                sizes.update((key, n) for key, n in cursor.fetchall() if n)
        return sizes

    def _exact_sizes(self, keys: set[str]) -> dict[str, int]:
        """Exact posting-list sizes (word frequencies need them): capped counts, then the
        over-common keys counted in full — kept for COMMON_COUNT_TTL seconds per process,
        since a word shared by thousands of persons changes its weight only slowly."""
        sizes = self._key_sizes(keys)
        common = {key for key, n in sizes.items() if n > self.cap}
        now = time.monotonic()
        missing = set()
        for key in common:
            cached = _COMMON_COUNTS.get(key)
            if cached is not None and now - cached[0] < COMMON_COUNT_TTL:
                sizes[key] = cached[1]
            else:
                missing.add(key)
        if missing:
            counted = dict(
                NameKey.objects.filter(key__in=sorted(missing))
                .values("key")
                .annotate(n=Count("id"))
                .values_list("key", "n")
            )
            for key, n in counted.items():
                _COMMON_COUNTS[key] = (now, n)
                sizes[key] = n
        return sizes

    def _selected_keys(self, plan, sizes: Mapping[str, int]) -> dict[str, float]:
        """Keys worth looking up, with their weight per shared person (rare keys weigh
        more, as in MatchIndex.candidates)."""
        selected: dict[str, float] = {}
        for planned in plan:
            size = sizes.get(planned.key, 0)
            if not size:
                continue
            if planned.always:
                selected[planned.key] = float("inf")
                continue
            keys = [planned.key]
            if size > self.cap:
                keys = [k for k in planned.narrowed if sizes.get(k)]
                if sum(sizes[k] for k in keys) > self.cap:
                    continue  # still over-common: other keys must find the person
            strength = 1.0 if planned.key.startswith("w:") else 0.4
            for key in keys:
                selected[key] = selected.get(key, 0.0) + strength / (1.0 + sizes[key]) ** 0.5
        return selected

    def _postings(self, keys: set[str]) -> dict[str, list[tuple[int, bool]]]:
        """key → [(person id, visible to the actor)], one query per slice of keys."""
        ordered = sorted(keys)
        postings: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for begin in range(0, len(ordered), KEY_LOOKUP_BATCH):
            rows = NameKey.objects.filter(key__in=ordered[begin : begin + KEY_LOOKUP_BATCH])
            if self.visible_q is None:
                rows = rows.annotate(visible=Value(True, output_field=BooleanField()))
            else:
                rows = rows.filter(self.visible_q | Q(person__discoverable=True)).annotate(
                    visible=ExpressionWrapper(self.visible_q, output_field=BooleanField())
                )
            # run as plain SQL: thousands of posting rows a query, and the ORM's per-row
            # converters cost more than the database does
            sql, params = rows.values_list("key", "person_id", "visible").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                for key, person_id, visible in cursor.fetchall():
                    postings[key].append((person_id, bool(visible)))
        return postings

    def _candidates(self, ids: set[int]) -> dict[int, Candidate]:
        """The candidate persons as the matcher sees them, read as plain values (four
        queries whatever their number; model instances cost more than the scoring)."""
        ordered = sorted(ids)
        names: dict[int, list[str]] = defaultdict(list)
        documents: dict[int, list[Document]] = defaultdict(list)
        nationalities: dict[int, list[str]] = defaultdict(list)
        for person_id, text in (
            PersonName.objects.filter(person_id__in=ordered)
            .order_by("person_id", "position", "id")
            .values_list("person_id", "text")
        ):
            names[person_id].append(text)
        for person_id, type_, number, country in IdentityDocument.objects.filter(
            person_id__in=ordered
        ).values_list("person_id", "type", "number", "country_id"):
            documents[person_id].append(Document(type=type_, number=number, country=country))
        link = Person.nationalities.through
        for person_id, country in link.objects.filter(person_id__in=ordered).values_list(
            "person_id", "country_id"
        ):
            nationalities[person_id].append(country)
        found: dict[int, Candidate] = {}
        for row in Person.objects.filter(pk__in=ordered).values(
            "pk",
            "ref",
            "sex",
            "birth_date",
            "birth_date_precision",
            "owner_agency_id",
            "owner_agency__code",
            "owner_agency__name",
        ):
            pk = row["pk"]
            record = person_record(
                id=pk,
                names=names[pk],
                birth_date=partial_date(row["birth_date"], row["birth_date_precision"]),
                nationalities=nationalities[pk],
                sex=row["sex"] or None,
                documents=documents[pk],
            )
            found[pk] = Candidate(
                record=record,
                ref=row["ref"],
                agency_id=row["owner_agency_id"],
                agency_code=row["owner_agency__code"],
                agency_name=row["owner_agency__name"],
            )
        return found

    def _ranked(
        self, selected: Mapping[str, float], postings: Mapping[str, list[tuple[int, bool]]]
    ) -> tuple[list[int], list[int]]:
        """(visible candidate ids, discoverable-but-hidden ids), best first."""
        weights: dict[bool, dict[int, float]] = {
            True: defaultdict(float),
            False: defaultdict(float),
        }
        for key, weight in selected.items():
            for person_id, visible in postings.get(key, ()):
                weights[visible][person_id] += weight

        def best(table: dict[int, float], limit: int) -> list[int]:
            forced = [pid for pid, w in table.items() if w == float("inf")]
            rest = sorted((p for p in table if p not in forced), key=lambda p: -table[p])
            return forced + rest[:limit]

        return best(weights[True], self.max_candidates), best(weights[False], MAX_HIT_CANDIDATES)

    def _frequencies(
        self, queries: Iterable[PersonRecord], records: Iterable[PersonRecord]
    ) -> TermFrequencies:
        """Registry counts of every word of the queries and candidates (a superset of
        what one query needs changes nothing: frequencies are looked up per word)."""
        terms: set[str] = set()
        for record in (*queries, *records):
            terms |= TermFrequencies.terms_of(record)
        counts = self._exact_sizes({f"w:{t}" for t in terms})
        return TermFrequencies({key[2:]: n for key, n in counts.items()}, persons=self.persons)

    def screen(self, record: Mapping[str, Any], *, top: int = 10) -> dict[str, Any]:
        return self.screen_many([record], top=top)[0]

    def screen_many(
        self, records: Sequence[Mapping[str, Any]], *, top: int = 10
    ) -> list[dict[str, Any]]:
        """Screen several records with the same few queries as one: key sizes, postings,
        candidate persons and word frequencies are each fetched once for the batch."""
        results: list[dict[str, Any]] = [
            {"ref": record.get("ref"), "candidates": [], "hits": []} for record in records
        ]
        queries: list[PersonRecord | None] = []
        for record in records:
            query = query_record(record)
            usable = query is not None and (query.names or query.documents)
            queries.append(query if usable else None)
        plans = {n: query_plan(q) for n, q in enumerate(queries) if q is not None}
        if not plans:
            return results
        wanted = {p.key for plan in plans.values() for p in plan} | {
            k for plan in plans.values() for p in plan for k in p.narrowed
        }
        sizes = self._key_sizes(wanted)
        selected = {n: self._selected_keys(plan, sizes) for n, plan in plans.items()}
        postings = self._postings({key for keys in selected.values() for key in keys})
        ranked = {n: self._ranked(keys, postings) for n, keys in selected.items() if keys}
        ids = {pk for visible, hidden in ranked.values() for pk in (*visible, *hidden)}
        if not ids:
            return results
        candidates = self._candidates(ids)
        frequencies = self._frequencies(
            [queries[n] for n in ranked], [c.record for c in candidates.values()]
        )
        for n, (visible_ids, hidden_ids) in ranked.items():
            query = queries[n]
            assert query is not None  # ranked only holds usable queries
            results[n]["candidates"] = self._scored(
                query, visible_ids, candidates, frequencies, top
            )
            results[n]["hits"] = self._hits(query, hidden_ids, candidates, frequencies, n)
        return results

    def _scored(self, query, visible_ids, candidates, frequencies, top):
        keep = {Decision.MATCH, Decision.POSSIBLE}
        scored = []
        for pk in visible_ids:
            if pk in candidates:
                candidate = score_candidate(query, candidates[pk].record, frequencies, self.config)
                if candidate.decision in keep:
                    scored.append(candidate)
        scored.sort(key=lambda s: (-s.bits, s.id))
        found = []
        for candidate in scored[:top]:
            person = candidates[candidate.id]
            found.append(
                {
                    "ref": person.ref,
                    "id": candidate.id,
                    "agency": person.agency_code,
                    "score": round(candidate.score, 4),
                    "decision": str(candidate.decision),
                    "explanation": [e.to_dict() for e in candidate.explanation],
                }
            )
        return found

    def _hits(self, query, hidden_ids, candidates, frequencies, index=0):
        keep = {Decision.MATCH, Decision.POSSIBLE}
        holders: dict[int, dict[str, Any]] = {}
        for pk in hidden_ids:
            if pk not in candidates:
                continue
            person = candidates[pk]
            candidate = score_candidate(
                query, person.record, frequencies, self.config, explain_result=False
            )
            if candidate.decision in keep:
                self.hidden_found.append(
                    (self._offset + index, pk, str(candidate.decision), round(candidate.score, 4))
                )
            if candidate.decision in keep and person.agency_id not in holders:
                # only who holds a possible match: never the record, its score or names
                holders[person.agency_id] = {
                    "held_by": {"code": person.agency_code, "name": person.agency_name}
                }
        return list(holders.values())


def screen_records(
    *,
    actor,
    records: Iterable[Mapping[str, Any]],
    top: int = 10,
    config: MatchConfig = DEFAULT_CONFIG,
    batch_size: int = SCREEN_BATCH,
    hits_source: str | None = None,
) -> list[dict[str, Any]]:
    """Per input record its ranked candidates among what `actor` may see (everything
    if actor is None) and hits among hidden discoverable records. Audited as one read.

    With `hits_source` ("screening", "person_create"), matches on other agencies'
    persons are recorded as hits and both owners notified (services_hits)."""
    screener = Screener(actor=actor, config=config)
    results: list[dict[str, Any]] = []
    batch: list[Mapping[str, Any]] = []
    screened: list[Mapping[str, Any]] = []

    def flush() -> None:
        screener._offset = len(results)
        screened.extend(batch)
        try:
            results.extend(screener.screen_many(batch, top=top))
        except (ValueError, TypeError, KeyError):
            # odd input somewhere in the batch: screen its records one by one, so only
            # the odd one comes back without candidates
            logger.debug("batch screening failed", exc_info=True)
            for record in batch:
                try:
                    screener._offset = len(results)
                    results.append(screener.screen(record, top=top))
                except (ValueError, TypeError, KeyError):
                    logger.debug("screening record failed", exc_info=True)
                    results.append({"ref": record.get("ref"), "candidates": [], "hits": []})
        batch.clear()

    for record in records:
        batch.append(record if isinstance(record, Mapping) else {})
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if hits_source is not None:
        hidden = [
            Found(n, pk, decision, score, True) for n, pk, decision, score in screener.hidden_found
        ]
        hits_record(
            actor=actor, records=screened, found=found_in(results, hidden), source=hits_source
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.READ,
        object_type="registry.person",
        changes={
            "records": len(results),
            "candidates": sorted({c["id"] for r in results for c in r["candidates"]})[:1000],
            "hits": sorted({h["held_by"]["code"] for r in results for h in r["hits"]}),
        },
        verb="registry.persons_screen",
        username="cli" if actor is None else "",
    )
    return results
