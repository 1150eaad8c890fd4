"""Screening over the database: candidates from the `NameKey` index, scored by the engine.

Per batch of input records (`SCREEN_BATCH`) a bounded number of queries, whatever the
registry's size and however many records the batch holds: key sizes (kept by the
writes, `keysizes`), postings of the keys that are not over-common (capped), the
actor's scope over the persons those postings name (one query per slice of ids), the
candidate persons (plain rows, `screening_sql`: persons, names, documents,
nationalities) and the term frequencies of their words (key sizes again). Persons the
actor cannot see come back only if their owner marked them discoverable, and then only
as a "hit" naming the holding agency, never the record.
"""

from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from liaison.core.access import get_scope, sharing_q
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.registry import keysizes, screening_sql
from liaison.registry.imports import record_names
from liaison.registry.matching import (
    DEFAULT_CONFIG,
    Decision,
    MatchConfig,
    PersonRecord,
    TermFrequencies,
    person_record,
    query_plan,
    score_candidate,
)
from liaison.registry.models import Person
from liaison.registry.records import partial_date
from liaison.registry.services_hits import Found, found_in, hits_record

logger = logging.getLogger(__name__)

KEY_CAP = 1000  # a key shared by more persons is narrowed by birth year, or skipped
MAX_CANDIDATES = 25  # persons scored per query (best by shared rare keys)
MAX_HIT_CANDIDATES = 10  # discoverable persons scored per query
SCREEN_BATCH = 100  # records screened together (their key lookups batched)

INFINITY = float("inf")  # the weight of an exact document number: always a candidate
Postings = dict[str, list[int]]  # key → person ids


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
            self.visible_q: Q | None = None  # persons the actor sees
        else:
            self.visible_q = sharing_q(get_scope(actor))
        self._visibility_query: tuple[str, tuple[Any, ...]] | None = None

    @property
    def persons(self) -> int:
        if self._persons is None:
            kept = keysizes.live_persons()  # kept by the writes; counted if not kept yet
            self._persons = kept if kept is not None else Person.objects.live().count()
        return self._persons

    def _selected_keys(self, plan, sizes: Mapping[str, int]) -> dict[str, float]:
        """Keys worth looking up, with their weight per shared person (rare keys weigh
        more, as in MatchIndex.candidates)."""
        selected: dict[str, float] = {}
        for planned in plan:
            size = sizes.get(planned.key, 0)
            if not size:
                continue
            if planned.always:
                selected[planned.key] = INFINITY
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

    def _postings(self, keys: set[str]) -> tuple[Postings, Postings]:
        """(key → ids of the persons the actor sees, key → ids of the hidden persons
        their owners marked discoverable): the postings as plain rows, then (for a
        scoped actor) who is visible or discoverable — once per person, where joining
        every posting to its person read each person once per key shared with the query."""
        found = screening_sql.postings(sorted(keys))
        if self.visible_q is None:  # the whole registry: no scope to apply
            return found, {}
        visibility = self._visibility(sorted({pid for ids in found.values() for pid in ids}))
        visible: Postings = defaultdict(list)
        hidden: Postings = defaultdict(list)
        for key, ids in found.items():
            for person_id in ids:
                seen = visibility.get(person_id)
                if seen is not None:
                    (visible if seen else hidden)[key].append(person_id)
        return visible, hidden

    def _visibility(self, ids: Sequence[int]) -> dict[int, bool]:
        """person id → visible to the actor, for the persons the actor sees or that
        their owners marked discoverable (the others are left out)."""
        sql, scope_params = self._visibility_sql()
        rows = screening_sql.rows_for(sql, ids, scope_params)
        return {pk: bool(visible) for pk, visible in rows}

    def _visibility_sql(self) -> tuple[str, tuple[Any, ...]]:
        """The scope query as SQL with an "{ids}" list to fill, compiled once per screener
        (compiling the ORM query with thousands of ids for every record cost more
        than running it): the ids go into an outer filter, which both databases push
        down to primary-key look-ups."""
        if self._visibility_query is None:
            assert self.visible_q is not None
            scope = (
                Person.objects.filter(self.visible_q | Q(discoverable=True))
                .annotate(
                    scoped_id=F("pk"),
                    visible=ExpressionWrapper(self.visible_q, output_field=BooleanField()),
                )
                .order_by()
                .values_list("scoped_id", "visible")
            )
            inner, params = scope.query.sql_with_params()
            # the subquery's columns by the names given here (AS "scoped_id", "visible")
            pk = connection.ops.quote_name("scoped_id")
            visible = connection.ops.quote_name("visible")
            # `inner` is the ORM's own SQL with its parameters; the ids are parameters
            sql = f"SELECT {pk}, {visible} FROM ({inner}) scoped WHERE {pk} IN ({{ids}})"  # noqa: S608
            self._visibility_query = (sql, tuple(params))
        return self._visibility_query

    def _candidates(self, ids: set[int]) -> dict[int, Candidate]:
        """The candidate persons as the matcher sees them, read as plain rows (four
        queries whatever their number; model instances cost more than the scoring)."""
        rows = screening_sql.candidate_rows(sorted(ids))
        found: dict[int, Candidate] = {}
        for pk, ref, sex, born, precision, agency_id, code, name in rows.persons:
            record = person_record(
                id=pk,
                names=rows.names[pk],
                birth_date=partial_date(born, precision),
                nationalities=rows.nationalities[pk],
                sex=sex or None,
                documents=rows.documents[pk],
            )
            found[pk] = Candidate(
                record=record, ref=ref, agency_id=agency_id, agency_code=code, agency_name=name
            )
        return found

    def _ranked(
        self, selected: Mapping[str, float], postings: tuple[Postings, Postings]
    ) -> tuple[list[int], list[int]]:
        """(visible candidate ids, discoverable-but-hidden ids), best first."""

        def best(found: Postings, limit: int) -> list[int]:
            weights: dict[int, float] = defaultdict(float)
            for key, weight in selected.items():
                for person_id in found.get(key, ()):
                    weights[person_id] += weight
            forced = [pid for pid, w in weights.items() if w == INFINITY]
            # nlargest is sorted(..., reverse=True)[:limit]: ties keep their order
            rest = heapq.nlargest(
                limit, (p for p in weights if weights[p] != INFINITY), key=weights.__getitem__
            )
            return forced + rest

        visible, hidden = postings
        return best(visible, self.max_candidates), best(hidden, MAX_HIT_CANDIDATES)

    def _frequencies(
        self, queries: Iterable[PersonRecord], records: Iterable[PersonRecord]
    ) -> TermFrequencies:
        """Registry counts of every word of the queries and candidates (a superset of
        what one query needs changes nothing: frequencies are looked up per word)."""
        terms: set[str] = set()
        for record in (*queries, *records):
            terms |= TermFrequencies.terms_of(record)
        counts = keysizes.sizes(f"w:{t}" for t in terms)
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
        sizes = keysizes.sizes(wanted)
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
                candidate = score_candidate(
                    query, candidates[pk].record, frequencies, self.config, explain_result=False
                )
                if candidate.decision in keep:
                    scored.append(candidate)
        scored.sort(key=lambda s: (-s.bits, s.id))
        found = []
        for unexplained in scored[:top]:
            # only what is returned is explained (the same score, with its reasons)
            person = candidates[unexplained.id]
            candidate = score_candidate(query, person.record, frequencies, self.config)
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


def screen_batch(
    screener: Screener, batch: Sequence[Mapping[str, Any]], *, top: int, offset: int
) -> list[dict[str, Any]]:
    """Screen one batch (`offset`: the index of its first record in the whole run)."""
    screener._offset = offset
    try:
        return screener.screen_many(batch, top=top)
    except (ValueError, TypeError, KeyError):
        # odd input somewhere in the batch: screen its records one by one, so only
        # the odd one comes back without candidates
        logger.debug("batch screening failed", exc_info=True)
    results: list[dict[str, Any]] = []
    for n, record in enumerate(batch):
        try:
            screener._offset = offset + n
            results.append(screener.screen(record, top=top))
        except (ValueError, TypeError, KeyError):
            logger.debug("screening record failed", exc_info=True)
            results.append({"ref": record.get("ref"), "candidates": [], "hits": []})
    return results


def screen_records(
    *,
    actor,
    records: Iterable[Mapping[str, Any]],
    top: int = 10,
    config: MatchConfig = DEFAULT_CONFIG,
    batch_size: int = SCREEN_BATCH,
    hits_source: str | None = None,
    workers: int = 1,
) -> list[dict[str, Any]]:
    """Per input record its ranked candidates among what `actor` may see (everything
    if actor is None) and hits among hidden discoverable records. Audited as one read.

    With `hits_source` ("screening", "person_create"), matches on other agencies'
    persons are recorded as hits and both owners notified (services_hits).

    `workers` > 1 screens the batches in that many forked processes (a long list on
    the command line); the answer is the same as in one process. Inside a transaction
    the workers could not see its uncommitted writes, so screening then stays here."""
    from liaison.registry.screening_workers import screen_in_processes

    screener = Screener(actor=actor, config=config)
    screened = [record if isinstance(record, Mapping) else {} for record in records]
    found = None
    if workers > 1:
        found = screen_in_processes(
            screener, screened, top=top, batch_size=batch_size, workers=workers
        )
    if found is not None:
        results, screener.hidden_found = found
    else:
        results = []
        for begin in range(0, len(screened), batch_size):
            batch = screened[begin : begin + batch_size]
            results.extend(screen_batch(screener, batch, top=top, offset=begin))
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
