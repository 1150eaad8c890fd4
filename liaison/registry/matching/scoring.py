"""Scoring a candidate against a query: evidence in bits, a 0–1 score, a decision.

A Fellegi–Sunter style sum, as in Splink: each feature adds log2(m/u) bits when the two
records agree and subtracts when they conflict; the prior says how unlikely a match is
before looking (most candidates are not the person). The score is the resulting
probability, 1 / (1 + 2^−bits).

- names (`names.py`): term-frequency weighted word agreement, costs for unpaired words;
- birth date, aware of its precision: an agreeing year is weak evidence, an agreeing
  day strong; a conflicting day in the same year counts against, years apart strongly
  against — and a candidate born years apart is never a `match`, whatever the rest;
- documents: the same type + number (+ country) is near certain; a different number
  for the same type and country counts against (passports are renewed, so not a veto);
- nationality and sex: mild.

Every feature leaves an `Explanation` (a code and parameters, plus an English message)
so the officer sees why, and the Django layer can translate the same codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .explain import Explanation
from .frequency import TermFrequencies
from .keys import Document, PartialDate, PersonRecord
from .names import Level, NameComparison, NameWeights, compare_names, name_bits


class Decision(StrEnum):
    MATCH = "match"
    POSSIBLE = "possible"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Weights (bits) and thresholds. Defaults calibrated by `calibrate.py` on the
    calibration split of the evaluation set (see registry/tests/matching/data/README.md)."""

    prior: float = -10.0
    names: NameWeights = field(default_factory=NameWeights)
    # birth date
    dob_same_day: float = 9.0
    dob_same_month: float = 6.0
    dob_same_year: float = 5.0
    dob_swapped_day_month: float = 3.0
    dob_conflict_day: float = -4.0
    dob_conflict_month: float = -5.0
    dob_year_close: float = -4.0  # one year apart (lunar/solar confusion, typos)
    dob_years_apart: float = -12.0
    years_apart_veto: int = 2  # at least this many years apart: never a match
    # documents
    doc_same: float = 20.0
    doc_same_number: float = 12.0  # same number, type or country differ / unknown
    doc_conflict: float = -10.0
    # mild features
    nationality_same: float = 0.5
    nationality_different: float = -2.0
    sex_same: float = 0.3
    sex_different: float = -4.0
    # decisions
    match_threshold: float = 0.9
    possible_threshold: float = 0.5


DEFAULT_CONFIG = MatchConfig()


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    id: Any
    score: float
    decision: Decision
    bits: float
    name_similarity: float
    explanation: tuple[Explanation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "decision": str(self.decision),
            "explanation": [e.to_dict() for e in self.explanation],
        }


def probability(bits: float) -> float:
    if bits > 60:
        return 1.0
    if bits < -60:
        return 0.0
    return 1.0 / (1.0 + math.pow(2.0, -bits))


# --- birth date --------------------------------------------------------------------


def compare_birth_dates(
    q: PartialDate | None, c: PartialDate | None, config: MatchConfig
) -> tuple[str, float, bool]:
    """(code, bits, veto): the dates compared at their common precision."""
    if q is None or c is None:
        return "dob_unknown", 0.0, False
    gap = abs(q.year - c.year)
    if gap >= config.years_apart_veto:
        return "dob_years_apart", config.dob_years_apart, True
    if gap == 1:
        return "dob_year_close", config.dob_year_close, False
    if q.month is None or c.month is None:
        return "dob_same_year", config.dob_same_year, False
    if q.month != c.month:
        if q.day and c.day and q.day == c.month and q.month == c.day:
            return "dob_swapped_day_month", config.dob_swapped_day_month, False
        return "dob_conflict_month", config.dob_conflict_month, False
    if q.day is None or c.day is None:
        return "dob_same_month", config.dob_same_month, False
    if q.day != c.day:
        return "dob_conflict_day", config.dob_conflict_day, False
    return "dob_same_day", config.dob_same_day, False


def birth_date_explanation(code: str, q: PartialDate | None, c: PartialDate | None) -> Explanation:
    params: dict[str, Any] = {"query": str(q or ""), "candidate": str(c or "")}
    if code == "dob_years_apart" and q and c:
        params["years"] = abs(q.year - c.year)
    return Explanation(code, **params)


# --- documents ---------------------------------------------------------------------


def _countries_compatible(a: Document, b: Document) -> bool:
    return a.country is None or b.country is None or a.country == b.country


def compare_documents(
    query: tuple[Document, ...], candidate: tuple[Document, ...]
) -> tuple[str | None, Document | None, Document | None]:
    """(code, query document, candidate document) of the strongest document evidence:
    doc_same, doc_same_number, doc_conflict or None."""
    same_number: tuple[Document, Document] | None = None
    conflict: tuple[Document, Document] | None = None
    for qd in query:
        for cd in candidate:
            if qd.number == cd.number:
                if qd.type == cd.type and _countries_compatible(qd, cd):
                    return "doc_same", qd, cd
                same_number = same_number or (qd, cd)
            elif qd.type == cd.type and qd.country and qd.country == cd.country:
                conflict = conflict or (qd, cd)
    # a shared number outweighs other (older) documents of the same type
    if same_number:
        return "doc_same_number", *same_number
    if conflict:
        return "doc_conflict", *conflict
    return None, None, None


def document_explanation(code: str, qd: Document, cd: Document) -> Explanation:
    if code == "doc_same":
        return Explanation(code, type=qd.type, number=qd.number)
    if code == "doc_same_number":
        return Explanation(code, number=qd.number, query_type=qd.type, candidate_type=cd.type)
    return Explanation(code, type=qd.type, country=qd.country, query=qd.number, candidate=cd.number)


# --- the whole record --------------------------------------------------------------


def best_name_comparison(
    query: PersonRecord, candidate: PersonRecord, frequencies: TermFrequencies, config: MatchConfig
) -> NameComparison | None:
    best: NameComparison | None = None
    for qn in query.names:
        for cn in candidate.names:
            comparison = compare_names(qn, cn, frequencies, config.names)
            if best is None or comparison.bits > best.bits:
                best = comparison
    return best


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the comparison of two records found, before weighting.

    Kept apart from the weights so that calibration can re-weigh the same evidence
    under many configurations with exactly the production arithmetic."""

    name: NameComparison | None
    dob_code: str
    veto: bool  # born years apart
    doc_code: str | None
    nationality: str | None  # "same", "different" or None (unknown on a side)
    sex: str | None  # "same", "different" or None


def gather_evidence(
    query: PersonRecord, candidate: PersonRecord, frequencies: TermFrequencies, config: MatchConfig
) -> Evidence:
    dob_code, _, veto = compare_birth_dates(query.birth_date, candidate.birth_date, config)
    doc_code = None
    if query.documents and candidate.documents:
        doc_code = compare_documents(query.documents, candidate.documents)[0]
    nationality = None
    if query.nationalities and candidate.nationalities:
        nationality = "same" if query.nationalities & candidate.nationalities else "different"
    sex = None
    if query.sex and candidate.sex:
        sex = "same" if query.sex == candidate.sex else "different"
    return Evidence(
        name=best_name_comparison(query, candidate, frequencies, config),
        dob_code=dob_code,
        veto=veto,
        doc_code=doc_code,
        nationality=nationality,
        sex=sex,
    )


def evidence_bits(evidence: Evidence, config: MatchConfig) -> float:
    bits = config.prior
    name = evidence.name
    if name is not None:
        bits += name_bits(name.met, name.missing_info, name.extra_info, config.names)
    if evidence.dob_code != "dob_unknown":
        bits += getattr(config, evidence.dob_code)
    if evidence.doc_code:
        bits += getattr(config, evidence.doc_code)
    if evidence.nationality:
        bits += getattr(config, f"nationality_{evidence.nationality}")
    if evidence.sex:
        bits += getattr(config, f"sex_{evidence.sex}")
    return bits


def decide(evidence: Evidence, score: float, config: MatchConfig) -> tuple[Decision, list[str]]:
    """The decision for a score, and the codes of the rules that capped it."""
    if score >= config.match_threshold:
        decision = Decision.MATCH
    elif score >= config.possible_threshold:
        decision = Decision.POSSIBLE
    else:
        return Decision.NO_MATCH, []
    caps: list[str] = []
    if decision is Decision.MATCH and evidence.veto:
        caps.append("capped_dob_years_apart")
    if (
        decision is Decision.MATCH
        and evidence.name is not None
        and evidence.name.conflict
        and evidence.doc_code != "doc_same"
    ):
        # a different word in the name (not merely a missing one) needs an officer's
        # eye unless the same document proves the identity
        caps.append("capped_name_conflict")
    return (Decision.POSSIBLE if caps else decision), caps


def explain(
    evidence: Evidence, query: PersonRecord, candidate: PersonRecord, caps: list[str]
) -> list[Explanation]:
    items: list[Explanation] = []
    if evidence.name is not None:
        items.extend(name_explanations(evidence.name))
    items.append(birth_date_explanation(evidence.dob_code, query.birth_date, candidate.birth_date))
    if evidence.doc_code:
        code, qd, cd = compare_documents(query.documents, candidate.documents)
        assert code and qd and cd
        items.append(document_explanation(code, qd, cd))
    if evidence.nationality == "same":
        common = sorted(query.nationalities & candidate.nationalities)
        items.append(Explanation("nationality_same", countries=common))
    elif evidence.nationality == "different":
        items.append(
            Explanation(
                "nationality_different",
                query=sorted(query.nationalities),
                candidate=sorted(candidate.nationalities),
            )
        )
    if evidence.sex == "different":
        items.append(Explanation("sex_different", query=query.sex, candidate=candidate.sex))
    items.extend(Explanation(code) for code in caps)
    return items


def name_explanations(comparison: NameComparison) -> list[Explanation]:
    q, c = comparison.query, comparison.candidate
    items = [
        Explanation(
            "names",
            query=q.original,
            candidate=c.original,
            query_script=str(q.script),
            candidate_script=str(c.script),
            similarity=round(comparison.similarity, 3),
        )
    ]
    order = {level: n for n, level in enumerate(Level)}
    for p in sorted(comparison.pairings, key=lambda p: (order[p.level], p.query, p.candidate)):
        items.append(
            Explanation(
                f"word_{p.level}",
                query=" ".join(q.words[i].original for i in p.query),
                candidate=" ".join(c.words[j].original for j in p.candidate),
                query_romanized=" ".join(q.words[i].romanized for i in p.query),
                candidate_romanized=" ".join(c.words[j].romanized for j in p.candidate),
                bits=round(p.bits, 2),
            )
        )
    return items


def score_candidate(
    query: PersonRecord,
    candidate: PersonRecord,
    frequencies: TermFrequencies,
    config: MatchConfig = DEFAULT_CONFIG,
    *,
    explain_result: bool = True,
) -> ScoredCandidate:
    """Score one candidate. Screening scores many candidates with
    explain_result=False and explains only those it returns."""
    evidence = gather_evidence(query, candidate, frequencies, config)
    bits = evidence_bits(evidence, config)
    score = probability(bits)
    decision, caps = decide(evidence, score, config)
    return ScoredCandidate(
        id=candidate.id,
        score=score,
        decision=decision,
        bits=bits,
        name_similarity=evidence.name.similarity if evidence.name else 0.0,
        explanation=tuple(explain(evidence, query, candidate, caps)) if explain_result else (),
    )
