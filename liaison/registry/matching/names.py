"""Comparing two names word by word, in any order and across scripts.

Structure borrowed from the OpenSanctions logic-v2 matcher: the names are cut into
parts, parts are paired, each pair gets a *level* (how it met) and each unpaired part
costs something, more on the query side than on the candidate side (a registry record
often has an extra middle name the query lacks). Unlike a plain average, each part is
weighted by its information in bits (`frequency.py`, the Splink idea), so agreeing on
"Nguyễn Văn" counts for little and agreeing on "Inthalath" for a lot.

Pairing is order-free (Vietnamese and Khmer names arrive family-name first or last) and
also pairs one word with two adjacent words written together ("Thanhhai" ↔ "Thanh Hai",
"Bouaphanh" ↔ "Boua Phanh").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .frequency import TermFrequencies
from .keys import NameKeys, WordKeys


class Level(StrEnum):
    EXACT = "exact"  # same word as written
    FOLDED = "folded"  # same without diacritics / case
    DIACRITICS_DIFFER = "diacritics_differ"  # both written with diacritics, different ones
    ROMANIZED = "romanized"  # same after romanization (across scripts)
    SKELETON = "skeleton"  # same sound: romanization variants
    MERGED = "merged"  # one word against two written together
    FUZZY = "fuzzy"  # close spelling (typo)
    MISSING = "missing"  # query word with no partner in the candidate
    EXTRA = "extra"  # candidate word with no partner in the query


@dataclass(frozen=True, slots=True)
class NameWeights:
    """How much each level of agreement is worth, as a share of the word's bits."""

    exact: float = 1.0
    folded: float = 1.0
    diacritics_differ: float = 0.5
    romanized: float = 0.97
    skeleton: float = 0.92
    merged: float = 0.9
    fuzzy_scale: float = 0.85  # fuzzy share = scale × similarity²
    missing: float = 1.0  # cost of an unpaired query word, as a share of its bits
    missing_cap: float = 6.0  # an unseen (often mistyped) word must not cost 12 bits
    extra: float = 0.5  # cost of an unpaired candidate word
    # Words are not independent (a full name repeats more than the product of its
    # words' frequencies suggests), so the agreement evidence saturates at this cap.
    cap: float = 12.0


# Vowels that romanizations of the same sound swap (Khmer ុ is o or u, ិ is e or i):
# substituting one for the other costs half an edit.
_CHEAP_SUBSTITUTIONS = frozenset({("e", "i"), ("i", "e"), ("o", "u"), ("u", "o")})


@lru_cache(maxsize=262144)
def osa_distance(a: str, b: str) -> float:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions),
    with half-cost substitutions between similar vowels."""
    if a == b:
        return 0.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return float(max(la, lb))
    prev2: list[float] = []
    prev: list[float] = [float(j) for j in range(lb + 1)]
    for i in range(1, la + 1):
        cur: list[float] = [float(i)] + [0.0] * lb
        ai = a[i - 1]
        for j in range(1, lb + 1):
            bj = b[j - 1]
            if ai == bj:
                cost = 0.0
            elif (ai, bj) in _CHEAP_SUBSTITUTIONS:
                cost = 0.5
            else:
                cost = 1.0
            best = min(prev[j] + 1.0, cur[j - 1] + 1.0, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj:
                best = min(best, prev2[j - 2] + 1.0)
            cur[j] = best
        prev2, prev = prev, cur
    return prev[lb]


@lru_cache(maxsize=262144)
def edit_similarity(a: str, b: str) -> float:
    """1 − distance/length, or 0 when the words are too far apart for their length.

    Short words (3–4 letters) only tolerate a swap of two letters (Vna/Van) or of
    similar vowels (Kim/Kem): Hà/Hải, Kien/Khan, Dung/Dang are different names. Longer
    words tolerate one edit, from ten letters two, one fewer if the first letters
    differ (typos rarely hit the first letter; Nuon/Khuon are different names).
    """
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    if longest < 3:
        return 0.0
    if longest <= 4:
        if len(a) != len(b) or a[0] != b[0]:
            return 0.0
        distance = osa_distance(a, b)
        swapped = distance == 1.0 and sorted(a) == sorted(b)
        return 1.0 - distance / longest if distance <= 0.5 or swapped else 0.0
    allowed = (1.0 if longest < 10 else 2.0) - (0.0 if a[0] == b[0] else 1.0)
    if allowed <= 0 or abs(len(a) - len(b)) > allowed:
        return 0.0
    distance = osa_distance(a, b)
    if distance > allowed:
        return 0.0
    return 1.0 - distance / longest


# word pair → (level, similarity); words are fully determined by how they are written,
# so the originals are a sufficient (and cheap to hash) key
_LEVEL_CACHE: dict[tuple[str, str], tuple[Level, float]] = {}
_LEVEL_CACHE_LIMIT = 500_000


def word_level(q: WordKeys, c: WordKeys) -> tuple[Level, float]:
    """The level at which two words meet, with the edit similarity for FUZZY."""
    key = (q.original, c.original)
    found = _LEVEL_CACHE.get(key)
    if found is not None:
        return found
    if q.original.casefold() == c.original.casefold():
        result = (Level.EXACT, 1.0)
    elif q.folded == c.folded:
        both = q.diacritics and c.diacritics
        result = (Level.DIACRITICS_DIFFER if both else Level.FOLDED, 1.0)
    elif q.romanized == c.romanized:
        result = (Level.ROMANIZED, 1.0)
    elif q.skeleton == c.skeleton:
        result = (Level.SKELETON, 1.0)
    else:
        similarity = max(
            edit_similarity(q.skeleton, c.skeleton), edit_similarity(q.romanized, c.romanized)
        )
        result = (Level.FUZZY, similarity) if similarity > 0 else (Level.MISSING, 0.0)
    if len(_LEVEL_CACHE) > _LEVEL_CACHE_LIMIT:
        _LEVEL_CACHE.clear()
    _LEVEL_CACHE[key] = result
    return result


@dataclass(frozen=True, slots=True)
class WordPairing:
    query: tuple[int, ...]  # indices of query words (empty for an EXTRA word)
    candidate: tuple[int, ...]  # indices of candidate words (empty for MISSING)
    level: Level
    share: float  # share of the bits earned (or, for MISSING/EXTRA, lost)
    bits: float  # signed contribution to the evidence


@dataclass(frozen=True, slots=True)
class NameComparison:
    query: NameKeys
    candidate: NameKeys
    pairings: tuple[WordPairing, ...]
    bits: float  # evidence from the names, in bits (may be negative)
    similarity: float  # 0–1: share of the query's information that was met
    met: float  # bits earned by paired words, before the cap
    missing_info: float  # information of unpaired query words (each capped)
    extra_info: float  # information of unpaired candidate words

    @property
    def conflict(self) -> bool:
        """A word on each side that met nothing: a different word in the same name
        (Văn vs Ngọc, Inthalath vs Sisoulath), not just a word left out."""
        levels = {p.level for p in self.pairings}
        return Level.MISSING in levels and Level.EXTRA in levels


def _merged_share(q_skeleton: str, c_skeleton: str, weights: NameWeights) -> float:
    """One word against two written together, compared on their skeletons."""
    if q_skeleton == c_skeleton:
        return weights.merged
    if q_skeleton[:1] != c_skeleton[:1] or abs(len(q_skeleton) - len(c_skeleton)) > 2:
        return 0.0
    similarity = edit_similarity(q_skeleton, c_skeleton)
    return weights.fuzzy_scale * similarity * similarity * weights.merged if similarity else 0.0


def name_bits(met: float, missing_info: float, extra_info: float, weights: NameWeights) -> float:
    """Evidence from the names: capped agreement minus the costs of unpaired words."""
    return min(met, weights.cap) - weights.missing * missing_info - weights.extra * extra_info


def compare_names(
    query: NameKeys,
    candidate: NameKeys,
    frequencies: TermFrequencies,
    weights: NameWeights,
) -> NameComparison:
    q_info = [frequencies.info(w.skeleton) for w in query.words]
    c_info = [frequencies.info(w.skeleton) for w in candidate.words]
    # every possible pairing, single words and adjacent pairs written together
    # (bits earned, share, query indices, candidate indices, level, information at stake)
    options: list[tuple[float, float, tuple[int, ...], tuple[int, ...], Level, float]] = []
    shares = {
        Level.EXACT: weights.exact,
        Level.FOLDED: weights.folded,
        Level.DIACRITICS_DIFFER: weights.diacritics_differ,
        Level.ROMANIZED: weights.romanized,
        Level.SKELETON: weights.skeleton,
    }
    for i, qw in enumerate(query.words):
        for j, cw in enumerate(candidate.words):
            level, similarity = word_level(qw, cw)
            if level is Level.MISSING:
                continue
            share = shares.get(level) or weights.fuzzy_scale * similarity * similarity
            if share > 0:
                # evidence of agreeing on a value is the candidate value's rarity (Splink
                # u-probability = term frequency); fuzzy levels use the rarer of the two
                info = c_info[j] if level is not Level.FUZZY else min(q_info[i], c_info[j])
                options.append((share * info, share, (i,), (j,), level, info))
    for i, q_joined in enumerate(query.joined):
        for j, cw in enumerate(candidate.words):
            share = _merged_share(q_joined, cw.skeleton, weights)
            if share > 0:
                # the rarer side's information: an unseen split "Ras Mey" must not count
                # more than the registry's "Rasmey"
                info = min(q_info[i] + q_info[i + 1], c_info[j])
                options.append((share * info, share, (i, i + 1), (j,), Level.MERGED, info))
    for j, c_joined in enumerate(candidate.joined):
        for i, qw in enumerate(query.words):
            share = _merged_share(qw.skeleton, c_joined, weights)
            if share > 0:
                info = min(q_info[i], c_info[j] + c_info[j + 1])
                options.append((share * info, share, (i,), (j, j + 1), Level.MERGED, info))
    # greedy assignment, best evidence first (names have a handful of words)
    options.sort(key=lambda o: (-o[0], len(o[2]) + len(o[3])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairings: list[WordPairing] = []
    met = 0.0
    at_stake = 0.0
    for bits, share, qi, ci, level, info in options:
        if used_q.intersection(qi) or used_c.intersection(ci):
            continue
        used_q.update(qi)
        used_c.update(ci)
        pairings.append(WordPairing(qi, ci, level, share, bits))
        met += bits
        at_stake += info
    missing_info = 0.0
    for i in range(len(query.words)):
        if i not in used_q:
            info = min(q_info[i], weights.missing_cap)
            missing_info += info
            pairings.append(
                WordPairing((i,), (), Level.MISSING, weights.missing, -weights.missing * info)
            )
    extra_info = 0.0
    for j in range(len(candidate.words)):
        if j not in used_c:
            extra_info += c_info[j]
            pairings.append(
                WordPairing((), (j,), Level.EXTRA, weights.extra, -weights.extra * c_info[j])
            )
    # the share of the information at stake that was met (1.0: every word met exactly)
    at_stake += missing_info + weights.extra * extra_info
    similarity = met / at_stake if met > 0 else 0.0
    return NameComparison(
        query=query,
        candidate=candidate,
        pairings=tuple(pairings),
        bits=name_bits(met, missing_info, extra_info, weights),
        similarity=min(1.0, similarity),
        met=met,
        missing_info=missing_info,
        extra_info=extra_info,
    )
