"""Candidate generation: blocking keys over an index, so screening never scans.

Each person emits keys; the index maps key → person ids. The Django app mirrors this
with a (key, person) table — `record_keys()` is what it stores, `query_plan()` tells it
which keys to look up and how to narrow the over-common ones.

Keys (all from the phonetic skeleton, so every script and spelling shares them):
- ``w:<skeleton>`` for each word, and for each pair of adjacent words written together
  (a merged "Thanhhai" then finds "Thanh Hai", and "Boua Phanh" finds "Bouaphanh");
- ``w:<skeleton>|<year>``: the same narrowed by birth year, used instead of the plain
  key when the plain key is over-common (e.g. "nguyen") and the query has a year;
- ``d:<skeleton minus one letter>`` (and the skeleton itself) for words of four letters
  or more: two words one typo apart always share one of these (symmetric deletion);
- ``doc:<number>``: exact document numbers always hit, whatever the names say.

Keys whose posting list is larger than `cap` are skipped (after trying the year-narrowed
form); the surviving candidates are ranked by how many rare keys they share and the
best `max_candidates` are scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .frequency import TermFrequencies
from .keys import PersonRecord
from .scoring import DEFAULT_CONFIG, Decision, MatchConfig, ScoredCandidate, score_candidate

DELETION_MIN_LENGTH = 4


def _skeletons(record: PersonRecord) -> set[str]:
    found: set[str] = set()
    for name in record.names:
        found.update(w.skeleton for w in name.words)
        found.update(name.joined)
    return {s for s in found if s}


def _deletions(skel: str) -> set[str]:
    if len(skel) < DELETION_MIN_LENGTH:
        return set()
    return {skel} | {skel[:i] + skel[i + 1 :] for i in range(len(skel))}


def record_keys(record: PersonRecord) -> set[str]:
    """Every key a registry person is indexed under."""
    keys: set[str] = set()
    year = record.birth_year
    for skel in _skeletons(record):
        keys.add(f"w:{skel}")
        if year is not None:
            keys.add(f"w:{skel}|{year}")
        keys.update(f"d:{d}" for d in _deletions(skel))
    keys.update(f"doc:{doc.number}" for doc in record.documents if doc.number)
    return keys


@dataclass(frozen=True, slots=True)
class PlannedKey:
    key: str
    narrowed: tuple[str, ...] = ()  # year-narrowed alternatives if `key` is over-common
    always: bool = False  # document keys: taken whatever their size


def query_plan(query: PersonRecord) -> list[PlannedKey]:
    """The keys to look up for a query, with their narrowed fallbacks."""
    plan: list[PlannedKey] = []
    year = query.birth_year
    seen: set[str] = set()
    for skel in sorted(_skeletons(query)):
        narrowed = tuple(f"w:{skel}|{y}" for y in (year - 1, year, year + 1)) if year else ()
        plan.append(PlannedKey(f"w:{skel}", narrowed))
        seen.add(f"w:{skel}")
        for deletion in sorted(_deletions(skel)):
            key = f"d:{deletion}"
            if key not in seen:
                seen.add(key)
                plan.append(PlannedKey(key))
    for doc in query.documents:
        if doc.number:
            plan.append(PlannedKey(f"doc:{doc.number}", always=True))
    return plan


class MatchIndex:
    """An in-memory registry index: add persons, then screen queries against them."""

    def __init__(
        self,
        *,
        config: MatchConfig = DEFAULT_CONFIG,
        cap: int = 1000,
        max_candidates: int = 25,
    ) -> None:
        self.config = config
        self.cap = cap
        self.max_candidates = max_candidates
        self.records: dict[Any, PersonRecord] = {}
        self.postings: dict[str, list[Any]] = defaultdict(list)
        self.frequencies = TermFrequencies()

    def add(self, record: PersonRecord) -> None:
        if record.id in self.records:
            raise ValueError(f"duplicate person id {record.id!r}")
        self.records[record.id] = record
        self.frequencies.add(record)
        for key in record_keys(record):
            self.postings[key].append(record.id)

    def remove(self, person_id: Any) -> None:
        """Take a person out (merged away, deleted, no longer shared)."""
        record = self.records.pop(person_id)
        self.frequencies.remove(record)
        for key in record_keys(record):
            posting = self.postings.get(key)
            if posting is not None:
                posting.remove(person_id)
                if not posting:
                    del self.postings[key]

    def extend(self, records: Iterable[PersonRecord]) -> None:
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self.records)

    def candidates(self, query: PersonRecord) -> list[Any]:
        """Ids worth scoring, best first (by shared rare keys), at most max_candidates."""
        weight: dict[Any, float] = defaultdict(float)
        forced: set[Any] = set()
        for planned in query_plan(query):
            ids = self.postings.get(planned.key)
            if planned.always:
                forced.update(ids or ())
                continue
            if ids is None:
                continue
            lists = [ids]
            if len(ids) > self.cap:
                lists = [self.postings.get(k, []) for k in planned.narrowed]
                if sum(len(x) for x in lists) > self.cap:
                    continue  # still over-common: other keys must find the person
            # an exact skeleton counts more than a one-letter-off (deletion) key
            strength = 1.0 if planned.key.startswith("w:") else 0.4
            for posting in lists:
                value = strength / (1.0 + len(posting)) ** 0.5
                for pid in posting:
                    weight[pid] += value
        ranked = sorted(weight, key=weight.__getitem__, reverse=True)[: self.max_candidates]
        return list(forced) + [pid for pid in ranked if pid not in forced]

    def screen(
        self,
        query: PersonRecord,
        *,
        top: int = 10,
        min_decision: Decision = Decision.POSSIBLE,
    ) -> list[ScoredCandidate]:
        """Ranked candidates for a query; never raises on odd input (no names → [])."""
        if not query.names and not query.documents:
            return []
        keep = {
            Decision.MATCH: {Decision.MATCH},
            Decision.POSSIBLE: {Decision.MATCH, Decision.POSSIBLE},
            Decision.NO_MATCH: set(Decision),
        }[min_decision]
        scored = [
            score_candidate(
                query, self.records[pid], self.frequencies, self.config, explain_result=False
            )
            for pid in self.candidates(query)
        ]
        scored = [s for s in scored if s.decision in keep]
        scored.sort(key=lambda s: (-s.bits, str(s.id)))
        return [
            score_candidate(query, self.records[s.id], self.frequencies, self.config)
            for s in scored[:top]
        ]
