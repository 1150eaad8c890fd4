"""Script detection, tokenization and Vietnamese folding.

Pure Python, no Django. The one rule that matters here: Lao and Khmer vowel signs are
Unicode combining marks too, so a generic "strip every combining mark" step destroys
them (ພົມມະຈັນ would become ພມມຈນ). We only ever remove the *Latin* combining
diacritics (U+0300–U+036F and the two extended blocks) and map đ/Đ to d; characters of
every other script pass through untouched, byte for byte.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache


class Script(StrEnum):
    LATIN = "latin"
    LAO = "lao"
    KHMER = "khmer"
    OTHER = "other"
    MIXED = "mixed"
    NONE = "none"  # no letter at all (digits, punctuation)


# Latin letters without a canonical decomposition that folding should still simplify.
_LATIN_SPECIAL = {
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "ø": "o",
    "ł": "l",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "ı": "i",
}

# Characters that separate words inside a name (besides whitespace).
_SEPARATORS = set(",;/|()[]{}\"'`‘’“”.·-_–—:")


def _is_latin_combining(cp: int) -> bool:
    # Latin combining diacritics: the basic block and the two supplements. Lao (U+0EB1…)
    # and Khmer (U+17B6…) signs live in their own blocks and are never in these ranges.
    return 0x0300 <= cp <= 0x036F or 0x1AB0 <= cp <= 0x1AFF or 0x1DC0 <= cp <= 0x1DFF


@lru_cache(maxsize=8192)
def char_script(ch: str) -> Script | None:
    """The script of one character, or None for marks, digits and punctuation."""
    cp = ord(ch)
    if 0x0E80 <= cp <= 0x0EFF:
        # Lao digits carry no script information for matching purposes
        return None if 0x0ED0 <= cp <= 0x0ED9 else Script.LAO
    if 0x1780 <= cp <= 0x17FF or 0x19E0 <= cp <= 0x19FF:
        return None if 0x17E0 <= cp <= 0x17E9 else Script.KHMER
    if _is_latin_combining(cp):
        return None
    if ch.isalpha():
        if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F:
            return Script.LATIN
        if unicodedata.category(ch) == "Mn":  # a combining mark of another script
            return None
        return Script.OTHER
    return None


@lru_cache(maxsize=65536)
def detect_script(text: str) -> Script:
    """The script of a word or name: one script, MIXED, or NONE if it has no letter."""
    found: set[Script] = set()
    for ch in text:
        script = char_script(ch)
        if script is not None:
            found.add(script)
    if not found:
        return Script.NONE
    if len(found) == 1:
        return found.pop()
    return Script.MIXED


def script_runs(word: str) -> list[tuple[Script, str]]:
    """Split a word into runs of one script; marks and digits stay with their run."""
    runs: list[tuple[Script, str]] = []
    current: Script | None = None
    buf: list[str] = []
    for ch in word:
        script = char_script(ch)
        if script is not None and script != current and buf and current is not None:
            runs.append((current, "".join(buf)))
            buf = []
        if script is not None:
            current = script
        buf.append(ch)
    if buf:
        runs.append((current or Script.NONE, "".join(buf)))
    return runs


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Vietnamese folding: lower case, Latin diacritics removed, đ→d.

    Only Latin letters are decomposed; Lao and Khmer characters are copied as they are,
    so folding a Lao or Khmer string returns it unchanged (apart from NFC, which a
    well-formed string already is).
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        cp = ord(ch)
        if ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        elif _is_latin_combining(cp):
            # a decomposed diacritic arriving on its own: drop it
            continue
        elif char_script(ch) is Script.LATIN:
            for part in unicodedata.normalize("NFD", ch):
                if not _is_latin_combining(ord(part)):
                    out.append(_LATIN_SPECIAL.get(part, part).lower())
        else:
            out.append(ch.lower())
    return "".join(out)


def has_latin_diacritics(word: str) -> bool:
    """True if a Latin word carries any diacritic (or đ): folding would change it."""
    return fold(word) != unicodedata.normalize("NFC", word).lower()


def tokenize(name: str) -> list[str]:
    """Split a name into words on whitespace and punctuation, keeping every script."""
    if not name:
        return []
    text = unicodedata.normalize("NFC", name)
    words: list[str] = []
    buf: list[str] = []
    for ch in text:
        if ch.isspace() or ch in _SEPARATORS or ch in "\u200b\u200c\u200d\ufeff":
            # zero-width spaces are used by some Lao/Khmer input methods between words
            if buf:
                words.append("".join(buf))
                buf = []
        else:
            buf.append(ch)
    if buf:
        words.append("".join(buf))
    # drop tokens without any letter (e.g. stray digits, "&")
    return [w for w in words if detect_script(w) is not Script.NONE]
