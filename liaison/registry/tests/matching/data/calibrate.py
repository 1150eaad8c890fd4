"""Calibrate the matcher's weights and thresholds on the *calibration* split.

    .venv/bin/python -m liaison.registry.tests.matching.data.calibrate

The evidence of every (query, candidate) pair is gathered once with the production
code; each configuration of the grid then re-weighs it with the production arithmetic
(`evidence_bits`, `decide`). Among configurations reaching the precision target, the
one with the best recall wins, ties broken by precision, then by the widest margin
between the targets' evidence and the threshold (and between the threshold and the
best wrong candidate).
The test split is never looked at here: the figures for it come from the test suite.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path

from liaison.registry.matching.evaluation import build_index, read_jsonl, record_from_row
from liaison.registry.matching.scoring import (
    DEFAULT_CONFIG,
    Decision,
    Evidence,
    MatchConfig,
    decide,
    evidence_bits,
    gather_evidence,
    probability,
)

HERE = Path(__file__).parent
PRECISION_TARGET = 0.995
KEEP_PER_QUERY = 6  # the candidates that matter: best by default evidence, and the target

GRID = {
    "names.cap": [10.0, 12.0, 14.0],
    "names.missing": [0.6, 0.8, 1.0],
    "names.extra": [0.2, 0.3, 0.5],
    "dob_same_year": [3.0, 4.0, 5.0],
    "doc_conflict": [-5.0, -7.0, -10.0],
    "match_threshold": [0.9, 0.95, 0.98],
}


def configure(values: dict[str, float]) -> MatchConfig:
    names = DEFAULT_CONFIG.names
    top: dict[str, float] = {}
    for key, value in values.items():
        if key.startswith("names."):
            names = dataclasses.replace(names, **{key.split(".", 1)[1]: value})
        else:
            top[key] = value
    return dataclasses.replace(DEFAULT_CONFIG, names=names, **top)


def collect(split: str = "calibration") -> list[tuple[str | None, list[tuple[str, Evidence]]]]:
    index = build_index(read_jsonl(HERE / "registry.jsonl"))
    cases = []
    for row in read_jsonl(HERE / "queries.jsonl"):
        if row["split"] != split:
            continue
        query = record_from_row(row)
        scored = []
        for pid in index.candidates(query):
            evidence = gather_evidence(query, index.records[pid], index.frequencies, index.config)
            scored.append((evidence_bits(evidence, index.config), pid, evidence))
        scored.sort(key=lambda s: -s[0])
        keep = scored[:KEEP_PER_QUERY]
        keep += [s for s in scored[KEEP_PER_QUERY:] if s[1] == row["expected"]]
        cases.append((row["expected"], [(pid, ev) for _, pid, ev in keep]))
    return cases


def measure(cases, config: MatchConfig) -> tuple[float, float, float]:
    threshold_bits = math.log2(config.match_threshold / (1 - config.match_threshold))
    tp = fp = positives = 0
    margin = 0.0
    for expected, candidates in cases:
        positives += expected is not None
        wrong_best = -math.inf
        for pid, evidence in candidates:
            bits = evidence_bits(evidence, config)
            decision, _ = decide(evidence, probability(bits), config)
            if pid == expected:
                tp += decision is Decision.MATCH
                margin += min(bits - threshold_bits, 5.0)
            else:
                fp += decision is Decision.MATCH
                wrong_best = max(wrong_best, bits)
        if wrong_best > -math.inf:
            margin += min(threshold_bits - wrong_best, 5.0)
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, tp / positives, margin / len(cases)


def main() -> None:
    cases = collect()
    results = []
    keys = list(GRID)
    for combo in itertools.product(*(GRID[k] for k in keys)):
        values = dict(zip(keys, combo, strict=True))
        precision, recall, margin = measure(cases, configure(values))
        results.append((precision >= PRECISION_TARGET, recall, margin, precision, values))
    results.sort(key=lambda r: (r[0], r[1], r[3], r[2]), reverse=True)
    print(f"{len(cases)} calibration queries, {len(results)} configurations")
    for ok, recall, margin, precision, values in results[:8]:
        print(f"precision {precision:.4f} recall {recall:.4f} margin {margin:.2f} {values}")
    default = measure(cases, DEFAULT_CONFIG)
    print(
        f"current defaults: precision {default[0]:.4f} recall {default[1]:.4f} "
        f"margin {default[2]:.2f}"
    )


if __name__ == "__main__":
    main()
