"""Khmer script → Latin, close to the popular spelling of Cambodian names.

Cambodian documents use no single standard: សុខ is Sok or Sokh, ពៅ is Pov or Pau,
ស្រី is Srey or Sri. We produce one spelling close to the common one and leave the
rest to the phonetic skeleton. What the romanizer must get right is the structure:

- every consonant belongs to the first (a-) or second (o-) series, and most vowel
  signs are read differently after each: ា is "a" after ច (ចាន់ chan) but "ea" after
  ជ (ជា chea); ុ is "o" after ស (សុខ sok) but "u" after ហ៊ (ហ៊ុន hun);
- ៉ moves a second-series consonant to the first (ម៉ៅ mao) and turns ប into p;
  ៊ moves a first-series consonant to the second (ស៊ុន sun);
- a subscript consonant (coeng ្ + consonant) forms a cluster with the one above
  (ស្រី srei); a subscript non-sonorant of the second series sets the series;
- after the vowel, a consonant is final unless a vowel sign follows it; between two
  syllables, a consonant with a subscript is the first syllable's final and its
  subscript opens the next (ចិន្តា chen-da); at the end of a word the subscript of a
  final is silent (វិចិត្រ vichet) except an aspirate, which shows as -th (ពិសិដ្ឋ
  piseth);
- ៍ silences the consonant it sits on; ់ only shortens the vowel.
"""

from __future__ import annotations

from functools import lru_cache

# consonant: (initial, series)
CONSONANTS: dict[str, tuple[str, int]] = {
    "ក": ("k", 1),
    "ខ": ("kh", 1),
    "គ": ("k", 2),
    "ឃ": ("kh", 2),
    "ង": ("ng", 2),
    "ច": ("ch", 1),
    "ឆ": ("chh", 1),
    "ជ": ("ch", 2),
    "ឈ": ("chh", 2),
    "ញ": ("nh", 2),
    "ដ": ("d", 1),
    "ឋ": ("th", 1),
    "ឌ": ("d", 2),
    "ឍ": ("th", 2),
    "ណ": ("n", 1),
    "ត": ("t", 1),
    "ថ": ("th", 1),
    "ទ": ("t", 2),
    "ធ": ("th", 2),
    "ន": ("n", 2),
    "ប": ("b", 1),
    "ផ": ("ph", 1),
    "ព": ("p", 2),
    "ភ": ("ph", 2),
    "ម": ("m", 2),
    "យ": ("y", 2),
    "រ": ("r", 2),
    "ល": ("l", 2),
    "វ": ("v", 2),
    "ឝ": ("s", 1),
    "ឞ": ("s", 1),
    "ស": ("s", 1),
    "ហ": ("h", 1),
    "ឡ": ("l", 1),
    "អ": ("", 1),
}

FINALS: dict[str, str] = {
    "ក": "k",
    "ខ": "k",
    "គ": "k",
    "ឃ": "k",
    "ង": "ng",
    "ច": "ch",
    "ឆ": "ch",
    "ជ": "ch",
    "ឈ": "ch",
    "ញ": "nh",
    "ដ": "t",
    "ឋ": "th",
    "ឌ": "t",
    "ឍ": "th",
    "ណ": "n",
    "ត": "t",
    "ថ": "th",
    "ទ": "t",
    "ធ": "th",
    "ន": "n",
    "ប": "p",
    "ផ": "p",
    "ព": "p",
    "ភ": "p",
    "ម": "m",
    "យ": "y",
    "រ": "r",
    "ល": "l",
    "វ": "v",
    "ស": "s",
    "ហ": "h",
    "ឡ": "l",
    "អ": "",
}

INDEPENDENT: dict[str, str] = {
    "ឣ": "a",
    "ឤ": "a",
    "ឥ": "e",
    "ឦ": "ei",
    "ឧ": "o",
    "ឨ": "ou",
    "ឩ": "ou",
    "ឪ": "ov",
    "ឫ": "rue",
    "ឬ": "rue",
    "ឭ": "lue",
    "ឮ": "lue",
    "ឯ": "ae",
    "ឰ": "ai",
    "ឱ": "ao",
    "ឲ": "ao",
    "ឳ": "au",
}

# dependent vowel: (first series, second series)
VOWELS: dict[str, tuple[str, str]] = {
    "\u17b6": ("a", "ea"),  # ា
    "\u17b7": ("e", "i"),  # ិ
    "\u17b8": ("ei", "i"),  # ី
    "\u17b9": ("e", "i"),  # ឹ
    "\u17ba": ("eu", "eu"),  # ឺ
    "\u17bb": ("o", "u"),  # ុ
    "\u17bc": ("ou", "ou"),  # ូ
    "\u17bd": ("uo", "uo"),  # ួ
    "\u17be": ("ae", "eu"),  # ើ
    "\u17bf": ("eua", "eua"),  # ឿ
    "\u17c0": ("ie", "ie"),  # ៀ
    "\u17c1": ("e", "e"),  # េ
    "\u17c2": ("ae", "e"),  # ែ
    "\u17c3": ("ai", "ey"),  # ៃ
    "\u17c4": ("ao", "o"),  # ោ
    "\u17c5": ("ao", "ov"),  # ៅ
}

NIKAHIT = "\u17c6"  # ំ
REAHMUK = "\u17c7"  # ះ
YUUKALEAPINTU = "\u17c8"  # ៈ
MUUSIKATOAN = "\u17c9"  # ៉  second → first series
TRIISAP = "\u17ca"  # ៊  first → second series
BANTOC = "\u17cb"  # ់
ROBAT = "\u17cc"
TOANDAKHIAT = "\u17cd"  # ៍ silences the consonant
SAMYOK = "\u17d0"  # ័
COENG = "\u17d2"  # ្
IGNORED = set("\u17b4\u17b5\u17ce\u17cf\u17d1\u17d3\u17dd") | {ROBAT}
SHIFTS = {MUUSIKATOAN, TRIISAP}
SONORANTS = set("ងញនមយរលវ")
ASPIRATE_FINALS = set("ឋធថឍ")
_VOWEL_LIKE = set(VOWELS) | {NIKAHIT, REAHMUK, YUUKALEAPINTU, SAMYOK} | SHIFTS


class _Parser:
    def __init__(self, word: str) -> None:
        self.s = word
        self.n = len(word)
        self.pos = 0
        self.syllable_index = 0

    def at(self, i: int) -> str:
        return self.s[i] if 0 <= i < self.n else ""

    def subscript_end(self, i: int) -> int:
        """Index after a chain of coeng + consonant starting at i (i if none)."""
        while self.at(i) == COENG and self.at(i + 1) in CONSONANTS:
            i += 2
            while self.at(i) in SHIFTS:
                i += 1
        return i

    def is_final(self, j: int) -> bool:
        """Does the consonant at j close the current syllable?"""
        if self.at(j) not in FINALS:
            return False
        nxt = self.at(j + 1)
        if nxt in _VOWEL_LIKE:
            return False
        if nxt == COENG:
            return True  # medial (C2 final, subscript opens next) or final cluster
        if nxt in CONSONANTS:
            after = self.at(j + 2)
            if after == COENG:
                # the next consonant has a subscript: it opens a syllable if a vowel
                # follows the cluster, otherwise it is a final cluster closing *our*
                # syllable (សុវណ្ណ so-vann)
                after = self.at(self.subscript_end(j + 2))
            # the next consonant opens a proper syllable: we are the current final;
            # otherwise we open a syllable with the inherent vowel and it is our final
            return after in _VOWEL_LIKE
        return True

    def take_final(self) -> str:
        j = self.pos
        if not self.is_final(j):
            return ""
        ch = self.s[j]
        value = FINALS[ch]
        end = self.subscript_end(j + 1)
        if end > j + 1 and self.at(end) not in _VOWEL_LIKE:
            # a final cluster at the end of a syllable: the subscript is silent except
            # aspirates, which the popular spelling writes as -th (ដ្ឋ, ទ្ធ)
            subs = self.s[j + 2 : end : 2]
            if any(c in ASPIRATE_FINALS for c in subs):
                value = "th"
            self.pos = end
        else:
            self.pos = j + 1  # a medial subscript stays to open the next syllable
        while self.at(self.pos) in (BANTOC, TOANDAKHIAT) or self.at(self.pos) in IGNORED:
            if self.at(self.pos) == TOANDAKHIAT:
                value = ""
            self.pos += 1
        return value

    def syllable(self) -> str:
        ch = self.at(self.pos)
        if ch == COENG:  # subscript left by a medial cluster: it opens this syllable
            self.pos += 1
            ch = self.at(self.pos)
        if ch in INDEPENDENT:
            self.pos += 1
            self.syllable_index += 1
            return INDEPENDENT[ch] + self.take_final()
        if ch not in CONSONANTS:
            self.pos += 1
            return ""
        initial, series = CONSONANTS[ch]
        if ch == "ត" and self.syllable_index > 0:
            initial = "d"  # popular spelling: ធីតា Thida, ចិន្តា Chenda
        self.pos += 1
        series = self.apply_shifts(ch, series)
        if ch == "ប" and self.s[self.pos - 1 : self.pos] == MUUSIKATOAN:
            initial = "p"
        # subscript consonants of the initial cluster
        while self.at(self.pos) == COENG and self.at(self.pos + 1) in CONSONANTS:
            sub = self.at(self.pos + 1)
            sub_initial, sub_series = CONSONANTS[sub]
            if sub_series == 2 and sub not in SONORANTS:
                series = 2
            initial += sub_initial
            self.pos += 2
            series = self.apply_shifts(sub, series)
        if self.at(self.pos) == TOANDAKHIAT:  # a silenced consonant: nothing to say
            self.pos += 1
            return ""
        vowel, may_close = self.nucleus(series)
        self.syllable_index += 1
        final = self.take_final() if may_close else ""
        if not final and vowel == "" and may_close:
            vowel = "a" if series == 1 else "o"
        if not final and vowel in ("i", "ei") and self.pos >= self.n:
            vowel = vowel[:-1] + "y"  # popular spelling of a word-final ី: Srey, Sokly
        return initial + vowel + final

    def apply_shifts(self, ch: str, series: int) -> int:
        while self.at(self.pos) in SHIFTS:
            mark = self.at(self.pos)
            self.pos += 1
            if mark == MUUSIKATOAN and ch != "ប":
                series = 1
            elif mark == TRIISAP:
                series = 2
        return series

    def nucleus(self, series: int) -> tuple[str, bool]:
        """The vowel after an initial; returns (vowel, may be followed by a final)."""
        idx = 0 if series == 1 else 1
        dep = self.at(self.pos)
        vowel = ""
        has_vowel = False
        if dep in VOWELS:
            vowel = VOWELS[dep][idx]
            has_vowel = True
            self.pos += 1
        mod = self.at(self.pos)
        if mod == NIKAHIT:
            self.pos += 1
            if not has_vowel:
                return ("am", "um")[idx], False
            if dep == "\u17bb":  # ុំ
                return ("om", "um")[idx], False
            if dep == "\u17b6":  # ាំ
                return ("am", "eam")[idx], False
            return vowel + "m", False
        if mod == REAHMUK:
            self.pos += 1
            return (vowel or ("a", "ea")[idx]) + "h", False
        if mod == YUUKALEAPINTU:
            self.pos += 1
            return (vowel or ("a", "ea")[idx]) + "k", False
        if mod == SAMYOK:
            self.pos += 1
            return ("a", "ea")[idx], True
        while self.at(self.pos) == BANTOC:
            self.pos += 1
        if has_vowel:
            return vowel, dep not in ("\u17c5", "\u17c3")
        # inherent vowel: decided by whether a final follows
        if self.is_final(self.pos):
            final = self.at(self.pos)
            if series == 2 and final == "ង":
                return "o", True  # វង្ស vong, ពង្ស pong; elsewhere the spelling is "a"
            return "a", True
        return ("a", "o")[idx], False


@lru_cache(maxsize=65536)
def romanize_khmer(word: str) -> str:
    """Romanize one Khmer word (no spaces) to lower-case ASCII."""
    parser = _Parser(word)
    out: list[str] = []
    guard = 0
    while parser.pos < parser.n and guard < 4 * parser.n + 4:
        guard += 1
        ch = parser.at(parser.pos)
        if "\u17e0" <= ch <= "\u17e9":
            out.append(str(ord(ch) - 0x17E0))
            parser.pos += 1
        elif ch in CONSONANTS or ch in INDEPENDENT or ch == COENG:
            out.append(parser.syllable())
        else:
            if ch.isascii() and ch.isalnum():
                out.append(ch.lower())
            parser.pos += 1
    return "".join(out)
