"""Romanization and the phonetic skeleton of a word.

`romanize(word)` gives one Latin spelling for a word of any supported script (Lao and
Khmer through their romanizers, Latin through Vietnamese folding).

`skeleton(romanized)` then folds away the differences between the romanization
conventions used for the same name in Viet Nam, Laos and Cambodia, so that, e.g.,
Bouaphanh / Bouaphan / Buaphanh / ບົວພັນ, Somphone / Somphon / ສົມພອນ, Keomany /
Kaewmany / ແກ້ວມະນີ, Srey / Sri / ស្រី, Pov / Pau / ពៅ all share one skeleton. The
rules are ordered; each says which convention it absorbs:

- digraphs for aspirates and affricates: ph→p, th→t, kh→k, chh/ch/j→c, c(k)→k, qu→ku,
  x→s, z→s, gn/ny/nh (initial) → y;
- vowels: ou/oo/uu→u, ee→i, ae→e (ແ, ែ), ea→a (Khmer second series ា), ei/ey→i,
  oe/ue/eu→eu, ie→ia, au/ov/ow→ao, a trailing w/v after a vowel → o (kaew/keo),
  y used as a vowel → i;
- finals: -nh→-n (bouaphanh, thanh), final h dropped, final e after a consonant
  dropped (somphone), e after n/m before a consonant dropped (sonexay, phonesavanh),
  final d/b → t/p;
- w→v, doubled letters collapsed (phommachan / phomachan).

The skeleton is for comparison and indexing only; it is never shown as "the" name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .khmer import romanize_khmer
from .lao import romanize_lao
from .text import Script, fold, script_runs

_VOWELS = "aeiou"
_V = f"[{_VOWELS}]"
_C = f"[^{_VOWELS}]"

# (pattern, replacement) applied in order to a lower-case ASCII word
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"[^a-z]", ""),
        # consonant clusters and digraphs
        (r"qu", "ku"),
        (r"ck", "k"),
        (r"c(?!h)", "k"),
        (r"t?chh?", "c"),  # tch (Thatch), chh (Chhim), ch
        (r"j", "c"),
        (r"ph", "p"),
        (r"th", "t"),
        (r"kh", "k"),
        (r"gh", "g"),
        (r"[xz]", "s"),
        (r"gn", "ny"),
        (r"^(?:ny|nh)(?=[aeiouy])", "y"),
        # a /w/ glide after a consonant, written w, v or ou (kwang, kouang, svay, swai)
        (rf"(?<=[bcdgkpst])[wv](?={_V})", "u"),
        # vowels
        (r"ou|oo|uu", "u"),
        (r"ee", "i"),
        (r"ae", "e"),
        (r"oe|ue", "eu"),
        (r"ea", "a"),
        (r"aiy(?=[aeiou])", "ay"),
        (r"ay(?![aeiou])", "ai"),
        (r"e[iy](?![aeiou])", "i"),
        (r"ie", "ia"),
        (r"ieu$", "iao"),
        (r"au|o[vw](?![aeiouy])", "ao"),
        (rf"(?<={_V})[wv](?![aeiouy])", "o"),
        (r"(?<=[^aeiou])y(?![aeiou])|(?<=[aeiou])y(?![aeiou])", "i"),
        (r"w", "v"),
        # finals
        (r"nh(?![aeiou])", "n"),
        (rf"(?<={_V}[nm])e(?={_C})", ""),
        (r"(?<=[aeiou])h(?![aeiou])", ""),
        (r"(?<=[a-z]{2}[^aeiou])e$", ""),  # somphone, but not khe / le
        (r"d$", "t"),
        (r"ngs$", "ng"),  # Chanthavongs
        (r"b$", "p"),
        # doubled letters
        (r"(.)\1+", r"\1"),
    ]
]


@lru_cache(maxsize=131072)
def skeleton(romanized: str) -> str:
    """The phonetic skeleton of a romanized word (lower-case ASCII in, ASCII out)."""
    word = romanized.lower()
    if len(word) <= 2:
        # very short words keep their letters (Lê, Lý, Vi): only digraph folding
        return re.sub(r"[^a-z]", "", word.replace("y", "i").replace("đ", "d")) or word
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=131072)
def romanize(word: str) -> str:
    """One Latin spelling of a word in any supported script (lower-case ASCII)."""
    parts: list[str] = []
    for script, run in script_runs(word):
        if script is Script.LAO:
            parts.append(romanize_lao(run))
        elif script is Script.KHMER:
            parts.append(romanize_khmer(run))
        else:
            parts.append(fold(run))
    return "".join(parts)
