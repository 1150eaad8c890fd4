"""Which language a message body is written in, guessed from its script.

No Django here. Lao and Khmer have their own Unicode blocks; Vietnamese is written in
Latin script and recognized by its diacritics (đ, ơ, ư, ă, hook above, dot below, or
many tone-marked vowels). Everything else in Latin script is taken for English. The
author can always correct the guess.
"""

from __future__ import annotations

import unicodedata

VIETNAMESE, LAO, KHMER, ENGLISH = "vi", "lo", "km", "en"

# Marks that, in Latin script, are (practically) only used by Vietnamese.
_VI_SPECIFIC_MARKS = {"\u031b", "\u0309", "\u0323"}  # horn, hook above, dot below
_VI_SPECIFIC_LETTERS = set("đĐ")
# Tone and vowel marks Vietnamese shares with other languages (acute, grave, tilde,
# circumflex, breve): many of them together still point to Vietnamese.
_VI_SHARED_MARKS = {"\u0300", "\u0301", "\u0303", "\u0302", "\u0306"}


def _is_lao(ch: str) -> bool:
    return "\u0e80" <= ch <= "\u0eff"


def _is_khmer(ch: str) -> bool:
    return "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff"


def detect_language(text: str, *, default: str = ENGLISH) -> str:
    """The language code (vi, lo, km, en) of `text`; `default` when it has no letters."""
    lao = khmer = latin = 0
    vi_specific = vi_shared = 0
    for ch in unicodedata.normalize("NFD", text or ""):
        if _is_lao(ch):
            lao += 1
        elif _is_khmer(ch):
            khmer += 1
        elif ch in _VI_SPECIFIC_LETTERS:
            latin += 1
            vi_specific += 1
        elif ch in _VI_SPECIFIC_MARKS:
            vi_specific += 1
        elif ch in _VI_SHARED_MARKS:
            vi_shared += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if not (lao or khmer or latin):
        return default
    # The dominant script wins: a Lao report quoting a Vietnamese name is Lao.
    if lao >= khmer and lao > latin:
        return LAO
    if khmer > lao and khmer > latin:
        return KHMER
    if vi_specific or (vi_shared >= 3 and vi_shared * 8 >= latin):
        return VIETNAMESE
    return ENGLISH
