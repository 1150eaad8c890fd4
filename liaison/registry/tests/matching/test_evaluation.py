"""Quality floors on the held-out split of the labelled evaluation set.

The weights and thresholds were calibrated on the calibration split only
(`data/calibrate.py`); these floors are checked on the test split, so a change that
makes matching worse fails here. Run with -s to print the per-category table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.registry.matching.evaluation import Report, build_index, evaluate, read_jsonl

from .data.generate import render

DATA = Path(__file__).parent / "data"

# the bar
OVERALL_PRECISION = 0.98
OVERALL_RECALL = 0.95
# regression floors, a little under the figures reached when this was written
# (test split: precision 1.000, recall 0.984; typo recall 0.906)
RECALL_FLOORS = {
    "native_vs_roman": 0.97,
    "roman_variant": 0.95,
    "reordered": 0.97,
    "no_diacritics": 0.97,
    "upper_case": 0.97,
    "typo": 0.87,
    "partial_dob": 0.95,
    "merged_split": 0.95,
    "document": 0.97,
}
CATEGORY_PRECISION = 0.97
MAX_FALSE_MATCHES_PER_NEGATIVE_CATEGORY = 1


@pytest.fixture(scope="module")
def test_report() -> Report:
    index = build_index(read_jsonl(DATA / "registry.jsonl"))
    report = evaluate(index, read_jsonl(DATA / "queries.jsonl"), split="test")
    print("\n" + report.table())
    return report


def test_the_stored_evaluation_set_is_what_the_seeded_generator_writes():
    for name, content in render().items():
        assert (DATA / name).read_text(encoding="utf-8") == content, name


def test_evaluation_set_size_and_categories():
    queries = list(read_jsonl(DATA / "queries.jsonl"))
    registry = list(read_jsonl(DATA / "registry.jsonl"))
    assert len(registry) >= 2000
    assert len(queries) >= 1200
    test_split = [q for q in queries if q["split"] == "test"]
    assert len(test_split) >= 600
    categories = {q["category"] for q in test_split}
    assert {"native_vs_roman", "roman_variant", "reordered", "no_diacritics", "upper_case",
            "typo", "partial_dob", "hard_negative_dob", "hard_negative_doc",
            "hard_negative_similar"} <= categories  # fmt: skip
    nationalities = {r["nationality"] for r in registry}
    assert nationalities == {"VN", "LA", "KH"}


def test_overall_precision_and_recall_of_match(test_report):
    overall = test_report.overall
    assert overall.precision >= OVERALL_PRECISION, test_report.table()
    assert overall.recall >= OVERALL_RECALL, test_report.table()
    # tighter regression floors than the bar
    assert overall.precision >= 0.99, test_report.table()
    assert overall.recall >= 0.97, test_report.table()


def test_floors_per_category(test_report):
    for category, tally in test_report.by_category.items():
        assert tally.queries >= 20, category
        if category.startswith("hard_negative"):
            assert tally.fp <= MAX_FALSE_MATCHES_PER_NEGATIVE_CATEGORY, (category, tally.misses)
            continue
        assert tally.recall >= RECALL_FLOORS[category], (category, tally.misses)
        assert tally.precision >= CATEGORY_PRECISION, (category, tally.misses)
