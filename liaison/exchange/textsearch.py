"""Folding text for search that ignores Vietnamese diacritics but keeps Lao and Khmer.

No Django here. `fold()` is applied both to the stored search column and to the query,
so "Nguyen Van" finds "Nguyễn Văn" and "d" finds "đ". Only the *Latin* combining marks
(U+0300–U+036F) are removed: Lao and Khmer vowel signs and tone marks are also
combining characters, and stripping them would merge different words.
"""

from __future__ import annotations

import re
import unicodedata

_LATIN_COMBINING = re.compile("[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
# Letters that are not decomposed by NFD but that Vietnamese users type without the bar.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Lower-cased text without Latin diacritics, whitespace collapsed, Lao/Khmer intact."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = _LATIN_COMBINING.sub("", decomposed)
    # Re-compose so Lao/Khmer sequences are stored in one canonical form.
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return _SPACES.sub(" ", folded).strip()


def search_document(*parts: str) -> str:
    """The folded search column for a record made of several text fields."""
    return "\n".join(fold(p) for p in parts if p)


def query_terms(query: str, *, max_terms: int = 8) -> list[str]:
    """Folded search terms: every term must occur (AND), duplicates dropped.

    A quoted phrase stays one term. Lao and Khmer are written without spaces between
    words, so a term is matched as a substring, never as a whole word.
    """
    folded = fold(query)
    if not folded:
        return []
    terms: list[str] = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', folded):
        term = (phrase or word).strip()
        if term and term not in terms:
            terms.append(term)
    return terms[:max_terms]


# The trigram indexes (SQLite FTS5 trigram, PostgreSQL pg_trgm) need three characters.
TRIGRAM_LENGTH = 3


def indexable(term: str) -> bool:
    """Whether a trigram index can answer the term; shorter ones fall back to LIKE."""
    return len(term) >= TRIGRAM_LENGTH


def fts5_match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term as a substring (trigram tokenizer).

    Each term is one quoted string (inner quotes doubled), so nothing in user input is
    read as FTS5 syntax (AND, NEAR, *, column filters...).
    """
    return " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
