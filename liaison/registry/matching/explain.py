"""Explanations an officer can read, kept as data (code + parameters).

The pure module renders plain English; the Django layer maps the same codes to
translated sentences (the templates below are whole sentences with named fields, so
they can be copied into gettext catalogs as they are).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MESSAGES: dict[str, str] = {
    "names": "{query} ↔ {candidate}",
    "word_exact": "{query} = {candidate}: same word",
    "word_folded": "{query} = {candidate}: same without diacritics or case",
    "word_diacritics_differ": "{query} ≠ {candidate}: same letters, different diacritics",
    "word_romanized": "{query} ≈ {candidate}: same after romanization ({query_romanized})",
    "word_skeleton": (
        "{query} ≈ {candidate}: same sound, different romanization "
        "({query_romanized} / {candidate_romanized})"
    ),
    "word_merged": "{query} ≈ {candidate}: same when written together or apart",
    "word_fuzzy": (
        "{query} ~ {candidate}: similar spelling, possibly a typo "
        "({query_romanized} / {candidate_romanized})"
    ),
    "word_missing": "{query}: not in the candidate's name",
    "word_extra": "{candidate}: only in the candidate's name",
    "dob_unknown": "Birth date: not known on both sides",
    "dob_same_day": "Birth date: same day ({query})",
    "dob_same_month": "Birth date: same month ({query} / {candidate})",
    "dob_same_year": "Birth date: same year only ({query} / {candidate})",
    "dob_swapped_day_month": "Birth date: day and month swapped ({query} / {candidate})",
    "dob_conflict_day": "Birth date: same month, different day ({query} / {candidate})",
    "dob_conflict_month": "Birth date: same year, different month ({query} / {candidate})",
    "dob_year_close": "Birth date: one year apart ({query} / {candidate})",
    "dob_years_apart": "Birth date: {years} years apart ({query} / {candidate})",
    "doc_same": "Document: same {type} number {number}",
    "doc_same_number": ("Document: same number {number} ({query_type} / {candidate_type})"),
    "doc_conflict": "Document: different {type} numbers for {country} ({query} / {candidate})",
    "nationality_same": "Nationality: same ({countries})",
    "nationality_different": "Nationality: different ({query} / {candidate})",
    "sex_different": "Sex: different ({query} / {candidate})",
    "capped_dob_years_apart": "Not a match: born years apart",
    "capped_name_conflict": "Not a match without review: a different word in the name",
}


def _display(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True, slots=True, init=False)
class Explanation:
    code: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, code: str, **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    @property
    def data(self) -> dict[str, Any]:
        return dict(self.params)

    def message(self) -> str:
        template = MESSAGES.get(self.code, self.code)
        try:
            return template.format(**{k: _display(v) for k, v in self.params})
        except (KeyError, IndexError):
            return template

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.data, "message": self.message()}

    def __str__(self) -> str:
        return self.message()
