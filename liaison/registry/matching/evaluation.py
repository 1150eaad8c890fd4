"""Precision and recall of `match` decisions on a labelled screening set.

Rows use the registry import format (`ref`, `names`, `birth_date`, `nationality`,
`sex`, `id_numbers`); query rows add `category`, `split` and `expected` (the ref of the
person the query is about, or null when the query is about someone not in the
registry).

Counting, per query: the expected person among the candidates decided `match` is a true
positive; every *other* candidate decided `match` is a false positive (a hard negative
has no expected person, so any `match` is false); a positive query whose person is not
decided `match` is a false negative. Precision = TP / (TP + FP), recall = TP / positive
queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .index import MatchIndex
from .keys import PersonRecord, person_record
from .scoring import DEFAULT_CONFIG, Decision, MatchConfig


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def record_from_row(row: dict[str, Any]) -> PersonRecord:
    nationality = row.get("nationality")
    nationalities = [nationality] if isinstance(nationality, str) else nationality or []
    return person_record(
        id=row["ref"],
        names=row.get("names") or [],
        birth_date=row.get("birth_date"),
        nationalities=nationalities,
        sex=row.get("sex"),
        documents=row.get("id_numbers") or [],
    )


def build_index(rows: Iterable[dict[str, Any]], config: MatchConfig = DEFAULT_CONFIG) -> MatchIndex:
    index = MatchIndex(config=config)
    index.extend(record_from_row(row) for row in rows)
    return index


@dataclass
class Tally:
    queries: int = 0
    positives: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)  # refs of queries that went wrong

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.positives if self.positives else 1.0

    def add(self, other: Tally) -> None:
        self.queries += other.queries
        self.positives += other.positives
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses.extend(other.misses)


@dataclass
class Report:
    by_category: dict[str, Tally]
    overall: Tally

    def table(self) -> str:
        lines = [
            f"{'category':24} {'queries':>7} {'pos':>5} {'TP':>5} {'FP':>4} {'FN':>4} "
            f"{'precision':>9} {'recall':>7}"
        ]
        rows = [*sorted(self.by_category.items()), ("OVERALL", self.overall)]
        for name, t in rows:
            recall = f"{t.recall:7.3f}" if t.positives else "      –"
            lines.append(
                f"{name:24} {t.queries:7d} {t.positives:5d} {t.tp:5d} {t.fp:4d} {t.fn:4d} "
                f"{t.precision:9.3f} {recall}"
            )
        return "\n".join(lines)


def evaluate(
    index: MatchIndex,
    queries: Iterable[dict[str, Any]],
    *,
    split: str | None = None,
) -> Report:
    by_category: dict[str, Tally] = {}
    overall = Tally()
    for row in queries:
        if split is not None and row.get("split") != split:
            continue
        tally = by_category.setdefault(row.get("category", "all"), Tally())
        single = Tally(queries=1)
        expected = row.get("expected")
        results = index.screen(record_from_row(row), top=10, min_decision=Decision.MATCH)
        matched = {r.id for r in results}
        if expected:
            single.positives = 1
            if expected in matched:
                single.tp = 1
            else:
                single.fn = 1
        single.fp = len(matched - {expected})
        if single.fp or single.fn:
            single.misses.append(row["ref"])
        tally.add(single)
        overall.add(single)
    return Report(by_category=by_category, overall=overall)
