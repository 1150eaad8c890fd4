"""Lao script → Latin, in the common official (French-influenced) romanization.

This is the spelling found on Lao passports and in Lao–Vietnamese correspondence:
ບົວພັນ → bouaphan, ອິນທະລາດ → inthalat, ພົມມະຈັນ → phommachan, ສົມພອນ → somphon,
ແກ້ວມະນີ → kaewmani. Spellings that differ only in conventions (bouaphan*h*,
somphon*e*, inthala*th*, kaew/keo, many/mani) are brought together later by the
phonetic skeleton (`phonetic.py`), not here.

The romanizer parses each word into syllables:

    [leading vowel ເ ແ ໂ ໃ ໄ] initial [vowel signs, tone marks] [final consonant]

- leading vowels are *written* before the consonant but pronounced after it;
- ອ is a silent vowel carrier at the start of a syllable and the vowel "o" after one;
- ຫ before a sonorant (ຫນ ຫມ ຫລ ຫວ ຫຍ ຫງ ຫຣ, and the ligatures ໜ ໝ) only marks the
  tone: it is silent;
- a consonant after the vowel is a final (ກ→k, ງ→ng, ດ→t, ນ→n, ບ→p, ມ→m, ຍ→y, ວ→w)
  unless a vowel sign or tone mark follows it, in which case it opens the next
  syllable;
- tone marks (່ ້ ໊ ໋) are ignored.
"""

from __future__ import annotations

from functools import lru_cache

INITIALS: dict[str, str] = {
    "ກ": "k",
    "ຂ": "kh",
    "ຄ": "kh",
    "ຆ": "kh",
    "ງ": "ng",
    "ຈ": "ch",
    "ຉ": "ch",
    "ສ": "s",
    "ຊ": "x",
    "ຌ": "x",
    "ຍ": "y",
    "ຎ": "y",
    "ດ": "d",
    "ຏ": "d",
    "ຕ": "t",
    "ຐ": "th",
    "ຑ": "th",
    "ຒ": "th",
    "ຓ": "n",
    "ຖ": "th",
    "ທ": "th",
    "ຘ": "th",
    "ນ": "n",
    "ບ": "b",
    "ປ": "p",
    "ຜ": "ph",
    "ຝ": "f",
    "ພ": "ph",
    "ຟ": "f",
    "ຠ": "ph",
    "ມ": "m",
    "ຢ": "y",
    "ຣ": "r",
    "ລ": "l",
    "ວ": "v",
    "ຨ": "s",
    "ຩ": "s",
    "ຫ": "h",
    "ຬ": "l",
    "ອ": "",
    "ຮ": "h",
    "ໜ": "n",
    "ໝ": "m",
}

FINALS: dict[str, str] = {
    "ກ": "k",
    "ຂ": "k",
    "ຄ": "k",
    "ງ": "ng",
    "ຈ": "t",
    "ຊ": "t",
    "ດ": "t",
    "ຕ": "t",
    "ຖ": "t",
    "ທ": "t",
    "ສ": "s",
    "ນ": "n",
    "ລ": "n",
    "ຣ": "n",
    "ບ": "p",
    "ປ": "p",
    "ພ": "p",
    "ຟ": "p",
    "ມ": "m",
    "ຍ": "y",
    "ວ": "w",
}

SONORANTS = set("ງຍນມລວຣ")
LEADING = set("ເແໂໃໄ")
TONES = set("\u0ec8\u0ec9\u0eca\u0ecb")  # ່ ້ ໊ ໋
# vowel signs written above or below the consonant (and ຽ, written after it)
ABOVE_BELOW = set("\u0eb1\u0eb4\u0eb5\u0eb6\u0eb7\u0eb8\u0eb9\u0ebb\u0ecd")  # ັ ິ ີ ຶ ື ຸ ູ ົ ໍ
SARA_A = "\u0eb0"  # ະ
SARA_AA = "\u0eb2"  # າ
SARA_AM = "\u0eb3"  # ຳ
SEMIVOWEL_YA = "\u0ebd"  # ຽ
SUBSCRIPT_LO = "\u0ebc"  # ຼ
CANCEL = "\u0ecc"  # ໌ (silences the consonant)
IGNORED = set("\u0ec6\u0eaf\u0eba")  # ໆ ຯ ຺
# marks that, when they follow a consonant, show it opens a syllable
_OPENS_SYLLABLE = ABOVE_BELOW | TONES | {SARA_A, SARA_AA, SARA_AM, SEMIVOWEL_YA, SUBSCRIPT_LO}

SIGN_VOWELS: dict[str, str] = {
    "\u0eb1": "a",  # ັ (always closed by a final)
    "\u0eb4": "i",  # ິ
    "\u0eb5": "i",  # ີ
    "\u0eb6": "ue",  # ຶ
    "\u0eb7": "ue",  # ື
    "\u0eb8": "ou",  # ຸ
    "\u0eb9": "ou",  # ູ
    "\u0ebb": "o",  # ົ (closed)
    "\u0ecd": "o",  # ໍ
}


def _is_consonant(ch: str) -> bool:
    return ch in INITIALS


class _Parser:
    """A one-word syllable parser; `pos` walks the string."""

    def __init__(self, word: str) -> None:
        self.s = word
        self.n = len(word)
        self.pos = 0

    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.s[i] if i < self.n else ""

    def skip_tones(self) -> None:
        while self.pos < self.n and (self.s[self.pos] in TONES or self.s[self.pos] in IGNORED):
            self.pos += 1

    def next_significant(self, start: int) -> tuple[int, str]:
        """Index and character of the first non-tone character at or after `start`."""
        i = start
        while i < self.n and self.s[i] in TONES:
            i += 1
        return i, (self.s[i] if i < self.n else "")

    def parse_initial(self) -> str:
        """The initial consonant (cluster) at pos; '' if ອ; advances pos."""
        ch = self.peek()
        nxt = self.peek(1)
        # ຫ + sonorant: ຫ only marks the tone (ຫວ in ສະຫວັນ, ຫລ/ຫຼ in ຫຼວງ)
        if ch == "ຫ" and nxt in SONORANTS and self.pos + 2 < self.n:
            self.pos += 2
            return INITIALS[nxt]
        if ch == "ຫ" and nxt == SUBSCRIPT_LO:
            self.pos += 2
            return "l"
        self.pos += 1
        value = INITIALS[ch]
        if self.peek() == SUBSCRIPT_LO:  # ປຼ, ກຼ … (rare clusters with subscript lo)
            self.pos += 1
            value += "l"
        # consonant + ວ + vowel: a /w/ cluster (ກວາງ kouang, ຂວາ khoua)
        if self.peek() == "ວ" and ch != "ອ":
            _, after = self.next_significant(self.pos + 1)
            if after in (SARA_AA, SARA_A) or (after in ABOVE_BELOW and after not in "\u0ebb"):
                self.pos += 1
                value += "ou"
        return value

    def final_here(self) -> bool:
        """Is the consonant at pos a final of the current syllable?"""
        ch = self.peek()
        if ch not in FINALS:
            return False
        _, after = self.next_significant(self.pos + 1)
        if self.pos + 1 < self.n and self.s[self.pos + 1] in TONES:
            return False  # tone marks sit on initials
        if after in _OPENS_SYLLABLE:
            return False
        if after in ("ອ", "ວ") and ch != "ວ":
            # C + ອ/ວ: this consonant takes ອ/ວ as its vowel (ພອນ, ສວນ) unless ອ itself
            # opens a syllable with a vowel sign (ອິນ)
            _, after2 = self.next_significant(self.pos + 2)
            if after2 not in _OPENS_SYLLABLE:
                return False
        return not (after == CANCEL)

    def take_final(self) -> str:
        if self.final_here():
            ch = self.peek()
            self.pos += 1
            if self.peek() == CANCEL:
                self.pos += 1
                return ""
            return FINALS[ch]
        return ""

    def syllable(self) -> str:
        self.skip_tones()
        if self.pos >= self.n:
            return ""
        lead = ""
        if self.peek() in LEADING:
            lead = self.peek()
            self.pos += 1
        if not _is_consonant(self.peek()):
            # stray vowel sign or unknown character: romanize what we can, move on
            ch = self.peek()
            self.pos += 1
            return SIGN_VOWELS.get(ch, "") or {"ເ": "e", "ແ": "ae", "ໂ": "o"}.get(lead, "")
        initial = self.parse_initial()
        marks: list[str] = []
        while self.pos < self.n and (self.peek() in ABOVE_BELOW or self.peek() in TONES):
            if self.peek() in ABOVE_BELOW:
                marks.append(self.peek())
            self.pos += 1
        vowel, closed_allowed = self.vowel(lead, marks)
        final = self.take_final() if closed_allowed else ""
        if vowel == "i" and not final and self.pos >= self.n:
            vowel = "y"  # official spelling of a word-final ີ: Bounmy, Maly, Keomany
        return initial + vowel + final

    def vowel(self, lead: str, marks: list[str]) -> tuple[str, bool]:
        """Read the post-consonant vowel letters; return (romanized vowel, may close)."""
        mark = marks[0] if marks else ""
        p = self.peek

        def consume(*chars: str) -> None:
            for c in chars:
                if self.peek() == c:
                    self.pos += 1
                self.skip_tones()

        if lead == "ເ":
            if mark == "\u0ebb" and p() == SARA_AA:  # ເCົາ
                consume(SARA_AA)
                return "ao", False
            if not mark and p() == SARA_AA and p(1) == SARA_A:  # ເCາະ
                consume(SARA_AA, SARA_A)
                return "o", False
            if mark in ("\u0eb4", "\u0eb5"):  # ເCີ / ເCິ
                return "oe", True
            if mark in ("\u0eb6", "\u0eb7"):  # ເCືອ
                consume("ອ")
                return "uea", True
            if not mark and p() == "ຍ":
                # ເCຍ is the diphthong ia unless ຍ opens the next syllable
                _, after = self.next_significant(self.pos + 1)
                if after not in _OPENS_SYLLABLE:
                    consume("ຍ")
                    return "ia", False
            if p() == SARA_A:
                consume(SARA_A)
                return "e", False
            return "e", True
        if lead == "ແ":
            if p() == SARA_A:
                consume(SARA_A)
                return "ae", False
            return "ae", True
        if lead == "ໂ":
            if p() == SARA_A:
                consume(SARA_A)
                return "o", False
            return "o", True
        if lead in ("ໃ", "ໄ"):
            return "ai", False
        # no leading vowel
        if mark == "\u0ecd" and p() == SARA_AA:  # ໍາ written as two characters
            consume(SARA_AA)
            return "am", False
        if mark == "\u0ebb" and p() == "ວ":  # ົວ, open ua
            _, after = self.next_significant(self.pos + 1)
            if after not in _OPENS_SYLLABLE:
                consume("ວ")
                return "oua", False
        if mark == "\u0eb1" and p() == "ວ":  # ັວ (older spelling of ua)
            consume("ວ")
            return "oua", True
        if mark in ("\u0eb6", "\u0eb7") and p() == "ອ":
            consume("ອ")
            return "ue", True
        if mark:
            if p() == SARA_A:
                consume(SARA_A)
            if mark == "\u0eb1" and p() == SEMIVOWEL_YA:
                consume(SEMIVOWEL_YA)
                return "ia", True
            return SIGN_VOWELS[mark], mark != "\u0ecd"
        if p() == SARA_A:
            consume(SARA_A)
            return "a", False
        if p() == SARA_AA:
            consume(SARA_AA)
            return "a", True
        if p() == SARA_AM:
            consume(SARA_AM)
            return "am", False
        if p() == SEMIVOWEL_YA:  # CຽC
            consume(SEMIVOWEL_YA)
            return "ia", True
        if p() == "ອ":
            _, after = self.next_significant(self.pos + 1)
            if after not in _OPENS_SYLLABLE:
                consume("ອ")
                return "o", True
        if p() == "ວ":
            # Cວ + final: the closed diphthong ua (ສວນ, ດວງ)
            i, after = self.next_significant(self.pos + 1)
            if after in FINALS:
                _, after2 = self.next_significant(i + 1)
                if after2 not in _OPENS_SYLLABLE:
                    consume("ວ")
                    return "oua", True
        # no written vowel: the inherent short a (rare in modern spelling)
        if self.final_here():
            return "o", True
        return "a", False


@lru_cache(maxsize=65536)
def romanize_lao(word: str) -> str:
    """Romanize one Lao word (no spaces) to lower-case ASCII."""
    parser = _Parser(word.replace("ຫຼ", "ຫລ"))
    out: list[str] = []
    guard = 0
    while parser.pos < parser.n and guard < 4 * parser.n + 4:
        guard += 1
        ch = parser.peek()
        if "\u0ed0" <= ch <= "\u0ed9":
            out.append(str(ord(ch) - 0x0ED0))
            parser.pos += 1
            continue
        if not ("\u0e80" <= ch <= "\u0eff"):
            out.append(ch.lower() if ch.isascii() and ch.isalnum() else "")
            parser.pos += 1
            continue
        out.append(parser.syllable())
    return "".join(out)
