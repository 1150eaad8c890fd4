"""What the registry stores per name, and per person, for matching.

`NameKeys` holds, for every word of a name as written, its folded form, its
romanization and its phonetic skeleton (plus the skeletons of adjacent word pairs, so
a merged "Thanhhai" finds "Thanh Hai"). The Django layer stores these beside the name
and indexes them, so screening never has to recompute or scan the registry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from .phonetic import romanize, skeleton
from .text import Script, detect_script, fold, has_latin_diacritics, tokenize


@dataclass(frozen=True, slots=True)
class WordKeys:
    original: str  # as written (NFC)
    folded: str  # lower case, Latin diacritics removed; Lao/Khmer unchanged
    romanized: str  # lower-case ASCII
    skeleton: str  # phonetic skeleton of the romanized form
    script: Script
    diacritics: bool  # a Latin word written with (Vietnamese) diacritics

    @classmethod
    def of(cls, word: str) -> WordKeys:
        return _word_keys(unicodedata.normalize("NFC", word))

    @classmethod
    def compute(cls, word: str) -> WordKeys:
        script = detect_script(word)
        romanized = romanize(word)
        return cls(
            original=word,
            folded=fold(word),
            romanized=romanized,
            skeleton=skeleton(romanized),
            script=script,
            diacritics=script is Script.LATIN and has_latin_diacritics(word),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "folded": self.folded,
            "romanized": self.romanized,
            "skeleton": self.skeleton,
            "script": str(self.script),
        }


@dataclass(frozen=True, slots=True)
class NameKeys:
    original: str
    script: Script
    words: tuple[WordKeys, ...]
    # skeletons of adjacent word pairs written together: "Boua Phanh" → buapan
    joined: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.words

    def to_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "script": str(self.script),
            "words": [w.to_dict() for w in self.words],
            "joined": list(self.joined),
        }


@lru_cache(maxsize=131072)
def _word_keys(word: str) -> WordKeys:
    return WordKeys.compute(word)


def name_keys(name: str) -> NameKeys:
    """Compute the keys of one name. Never fails: odd input gives an empty NameKeys."""
    return _name_keys(name)


# NameKeys are immutable: a name met again (a common full name, a candidate scored for
# many queries) is not tokenized and romanized again
@lru_cache(maxsize=65536)
def _name_keys(name: str) -> NameKeys:
    text = unicodedata.normalize("NFC", name or "").strip()
    words = tuple(WordKeys.of(w) for w in tokenize(text))
    words = tuple(w for w in words if w.skeleton)
    joined = tuple(skeleton(a.romanized + b.romanized) for a, b in pairwise(words))
    return NameKeys(original=text, script=detect_script(text), words=words, joined=joined)


# --- birth dates ------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A birth date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError on anything impossible."""
        match = _DATE_RE.match(value or "")
        if not match:
            raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if not 1800 <= year <= 2200:
            raise ValueError(f"year out of range: {value!r}")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month out of range: {value!r}")
        if day is not None:
            assert month is not None
            leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
            limit = _DAYS_IN_MONTH[month - 1] - (month == 2 and not leap)
            if not 1 <= day <= limit:
                raise ValueError(f"day out of range: {value!r}")
        return cls(year, month, day)

    @classmethod
    def lenient(cls, value: object) -> PartialDate | None:
        """Screening never fails on odd input: an unparsable date is simply unknown."""
        if isinstance(value, PartialDate):
            return value
        if not value:
            return None
        try:
            return cls.parse(str(value))
        except ValueError:
            return None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


# --- identity documents -----------------------------------------------------------

_DOC_NUMBER_RE = re.compile(r"[^0-9A-Z]")


def normalize_document_number(number: str) -> str:
    return _DOC_NUMBER_RE.sub("", fold(number or "").upper())


@dataclass(frozen=True, slots=True)
class Document:
    type: str  # passport, national_id, … (free vocabulary, compared case-insensitively)
    number: str  # normalized: upper-case letters and digits only
    country: str | None = None  # ISO 3166 alpha-2

    @classmethod
    def of(cls, *, type: str, number: str, country: str | None = None) -> Document:
        return cls(
            type=(type or "").strip().lower() or "other",
            number=normalize_document_number(number),
            country=(country or "").strip().upper() or None,
        )


# --- a person as the matcher sees it ----------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: Any
    names: tuple[NameKeys, ...]
    birth_date: PartialDate | None = None
    nationalities: frozenset[str] = frozenset()
    sex: str | None = None  # "M", "F" or None
    documents: tuple[Document, ...] = ()

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else None


def _normalize_sex(sex: object) -> str | None:
    value = str(sex or "").strip().upper()[:1]
    return value if value in ("M", "F") else None


def person_record(
    *,
    id: Any,
    names: Iterable[str | NameKeys],
    birth_date: str | PartialDate | None = None,
    nationalities: Iterable[str] = (),
    sex: str | None = None,
    documents: Iterable[Document | Mapping[str, str]] = (),
) -> PersonRecord:
    """Build a PersonRecord from plain values, leniently (screening input is messy)."""
    keys = tuple(n if isinstance(n, NameKeys) else name_keys(n) for n in names)
    docs: list[Document] = []
    for doc in documents:
        if isinstance(doc, Document):
            docs.append(doc)
        else:
            built = Document.of(
                type=doc.get("type", ""), number=doc.get("number", ""), country=doc.get("country")
            )
            if built.number:
                docs.append(built)
    return PersonRecord(
        id=id,
        names=tuple(k for k in keys if not k.is_empty),
        birth_date=PartialDate.lenient(birth_date),
        nationalities=frozenset(c.strip().upper() for c in nationalities if c and c.strip()),
        sex=_normalize_sex(sex),
        documents=tuple(docs),
    )
