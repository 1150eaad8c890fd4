"""Term frequencies: how much a word of a name tells us, from how common it is.

The Splink idea: two records agreeing on a value is strong evidence if the value is
rare and weak if it is common. Agreement on "Nguyễn" (about a third of Vietnamese
people) proves little; agreement on "Inthalath" proves a lot. A word's information is
the surprise −log2(frequency), in bits.

Frequencies are counted on the registry itself, per person (a person whose names
contain a word twice counts once), keyed by phonetic skeleton so that every spelling
and script of a word shares one count. A small registry gives noisy counts, so they
are blended with a reference table of population frequencies (pseudo-counts), in the
Bayesian way: with few persons the reference dominates, with many the registry does.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from .keys import PersonRecord
from .phonetic import romanize, skeleton

# Approximate share of persons carrying the word in a mixed Viet Nam / Laos / Cambodia
# population of interest (Vietnamese shares divided by about three). Only the very
# common words need to be here; everything else falls back to DEFAULT_FREQUENCY.
_REFERENCE_WORDS: dict[str, float] = {
    "Nguyễn": 0.13,
    "Trần": 0.04,
    "Lê": 0.033,
    "Phạm": 0.024,
    "Hoàng": 0.018,
    "Huỳnh": 0.017,
    "Phan": 0.015,
    "Vũ": 0.013,
    "Võ": 0.013,
    "Đặng": 0.007,
    "Bùi": 0.007,
    "Đỗ": 0.005,
    "Hồ": 0.005,
    "Ngô": 0.005,
    "Dương": 0.004,
    "Lý": 0.004,
    "Văn": 0.12,
    "Thị": 0.12,
    "Đức": 0.02,
    "Minh": 0.03,
    "Thanh": 0.03,
    "Ngọc": 0.02,
    "Hữu": 0.015,
    "Quốc": 0.01,
    "Xuân": 0.01,
    "Công": 0.01,
    "Đình": 0.01,
    "Kim": 0.015,
    "Hồng": 0.01,
    "Thu": 0.01,
    "Sok": 0.015,
    "Chan": 0.015,
    "Srey": 0.02,
}
DEFAULT_FREQUENCY = 1 / 3000
REFERENCE: dict[str, float] = {}
for _word, _share in _REFERENCE_WORDS.items():
    _key = skeleton(romanize(_word))
    REFERENCE[_key] = max(REFERENCE.get(_key, 0.0), _share)

MIN_INFO = 0.5  # even the commonest word says something
MAX_INFO = 12.0  # cap: a never-seen word is not infinitely informative


class TermFrequencies:
    """Per-person word frequencies of a registry, blended with the reference table."""

    def __init__(
        self,
        counts: Mapping[str, int] | None = None,
        persons: int = 0,
        *,
        reference: Mapping[str, float] = REFERENCE,
        pseudo_persons: int = 2000,
    ) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.persons = persons
        self.reference = reference
        self.pseudo_persons = pseudo_persons
        self._info: dict[str, float] = {}

    @staticmethod
    def terms_of(record: PersonRecord) -> set[str]:
        return {w.skeleton for name in record.names for w in name.words}

    @classmethod
    def from_records(cls, records: Iterable[PersonRecord], **kwargs: object) -> TermFrequencies:
        table = cls(**kwargs)  # type: ignore[arg-type]
        for record in records:
            table.add(record)
        return table

    def add(self, record: PersonRecord) -> None:
        self._info.clear()
        self.persons += 1
        self.counts.update(self.terms_of(record))

    def remove(self, record: PersonRecord) -> None:
        self._info.clear()
        self.persons = max(0, self.persons - 1)
        self.counts.subtract(self.terms_of(record))

    def frequency(self, term: str) -> float:
        prior = self.reference.get(term, DEFAULT_FREQUENCY)
        k = self.pseudo_persons
        return (self.counts.get(term, 0) + k * prior) / (self.persons + k)

    def info(self, term: str) -> float:
        """Bits of evidence carried by agreeing on this word (skeleton)."""
        value = self._info.get(term)
        if value is None:
            value = min(MAX_INFO, max(MIN_INFO, -math.log2(self.frequency(term))))
            self._info[term] = value
        return value
