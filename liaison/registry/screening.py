"""Screening over the database: candidates from the `NameKey` index, scored by the engine.

Per input record a bounded number of queries, whatever the registry's size: key sizes
(one GROUP BY), postings of the keys that are not over-common (capped), the candidate
persons (with names, documents, nationalities prefetched) and the term frequencies of
their words. The actor's scope is applied inside the postings query; persons the actor
cannot see come back only if their owner marked them discoverable, and then only as a
"hit" naming the holding agency, never the record.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Value

from liaison.core.access import get_scope, sharing_q
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
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
from liaison.registry.models import NameKey, Person
from liaison.registry.records import record_of

logger = logging.getLogger(__name__)

KEY_CAP = 1000  # a key shared by more persons is narrowed by birth year, or skipped
MAX_CANDIDATES = 25  # persons scored per query (best by shared rare keys)
MAX_HIT_CANDIDATES = 10  # discoverable persons scored per query


def query_record(record: Mapping[str, Any]) -> PersonRecord | None:
    """An input record (import shape) as the matcher's query; None if unusable."""
    try:
        names = record.get("names") or record.get("name") or []
        if isinstance(names, str):
            names = [names]
        nationality = record.get("nationality") or record.get("nationalities") or []
        if isinstance(nationality, str):
            nationality = [nationality]
        documents = record.get("id_numbers") or []
        return person_record(
            id=record.get("ref"),
            names=[str(n) for n in names if n],
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

    def _selected_keys(self, query: PersonRecord) -> dict[str, float]:
        """Keys worth looking up, with their weight per shared person (rare keys weigh
        more, as in MatchIndex.candidates)."""
        plan = query_plan(query)
        wanted = {p.key for p in plan} | {k for p in plan for k in p.narrowed}
        sizes = dict(
            NameKey.objects.filter(key__in=wanted)
            .values("key")
            .annotate(n=Count("id"))
            .values_list("key", "n")
        )
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

    def _postings(self, selected: dict[str, float]) -> list[tuple[str, int, bool]]:
        rows = NameKey.objects.filter(key__in=list(selected))
        if self.visible_q is None:
            rows = rows.annotate(visible=Value(True, output_field=BooleanField()))
        else:
            rows = rows.filter(self.visible_q | Q(person__discoverable=True)).annotate(
                visible=ExpressionWrapper(self.visible_q, output_field=BooleanField())
            )
        return list(rows.values_list("key", "person_id", "visible"))

    def _ranked(self, query: PersonRecord) -> tuple[list[int], list[int]]:
        """(visible candidate ids, discoverable-but-hidden ids), best first."""
        selected = self._selected_keys(query)
        if not selected:
            return [], []
        weights: dict[bool, dict[int, float]] = {
            True: defaultdict(float),
            False: defaultdict(float),
        }
        for key, person_id, visible in self._postings(selected):
            weights[bool(visible)][person_id] += selected[key]

        def best(table: dict[int, float], limit: int) -> list[int]:
            forced = [pid for pid, w in table.items() if w == float("inf")]
            rest = sorted((p for p in table if p not in forced), key=lambda p: -table[p])
            return forced + rest[:limit]

        return best(weights[True], self.max_candidates), best(weights[False], MAX_HIT_CANDIDATES)

    def _frequencies(self, query: PersonRecord, records: Iterable[PersonRecord]) -> TermFrequencies:
        terms = TermFrequencies.terms_of(query)
        for record in records:
            terms |= TermFrequencies.terms_of(record)
        counts = dict(
            NameKey.objects.filter(key__in=[f"w:{t}" for t in terms])
            .values("key")
            .annotate(n=Count("id"))
            .values_list("key", "n")
        )
        return TermFrequencies({key[2:]: n for key, n in counts.items()}, persons=self.persons)

    def screen(self, record: Mapping[str, Any], *, top: int = 10) -> dict[str, Any]:
        result: dict[str, Any] = {"ref": record.get("ref"), "candidates": [], "hits": []}
        query = query_record(record)
        if query is None or (not query.names and not query.documents):
            return result
        visible_ids, hidden_ids = self._ranked(query)
        if not visible_ids and not hidden_ids:
            return result
        persons = {
            p.pk: p
            for p in Person.objects.filter(pk__in=visible_ids + hidden_ids)
            .select_related("owner_agency")
            .prefetch_related("names", "documents", "nationalities")
        }
        records = {pk: record_of(p) for pk, p in persons.items()}
        frequencies = self._frequencies(query, records.values())
        keep = {Decision.MATCH, Decision.POSSIBLE}

        scored = []
        for pk in visible_ids:
            if pk in records:
                candidate = score_candidate(query, records[pk], frequencies, self.config)
                if candidate.decision in keep:
                    scored.append(candidate)
        scored.sort(key=lambda s: (-s.bits, s.id))
        for candidate in scored[:top]:
            person = persons[candidate.id]
            result["candidates"].append(
                {
                    "ref": person.ref,
                    "id": person.pk,
                    "agency": person.owner_agency.code,
                    "score": round(candidate.score, 4),
                    "decision": str(candidate.decision),
                    "explanation": [e.to_dict() for e in candidate.explanation],
                }
            )

        holders: dict[int, dict[str, Any]] = {}
        for pk in hidden_ids:
            if pk not in records:
                continue
            candidate = score_candidate(
                query, records[pk], frequencies, self.config, explain_result=False
            )
            agency = persons[pk].owner_agency
            if candidate.decision in keep and agency.pk not in holders:
                # only who holds a possible match: never the record, its score or names
                holders[agency.pk] = {"held_by": {"code": agency.code, "name": agency.name}}
        result["hits"] = list(holders.values())
        return result


def screen_records(
    *,
    actor,
    records: Iterable[Mapping[str, Any]],
    top: int = 10,
    config: MatchConfig = DEFAULT_CONFIG,
) -> list[dict[str, Any]]:
    """Per input record its ranked candidates among what `actor` may see (everything
    if actor is None) and hits among hidden discoverable records. Audited as one read."""
    screener = Screener(actor=actor, config=config)
    results = []
    for record in records:
        if not isinstance(record, Mapping):
            record = {}
        try:
            results.append(screener.screen(record, top=top))
        except (ValueError, TypeError, KeyError):  # odd input: no candidates, not a failure
            logger.debug("screening record failed", exc_info=True)
            results.append({"ref": record.get("ref"), "candidates": [], "hits": []})
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
