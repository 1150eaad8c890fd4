"""Generate the labelled evaluation set: a fictional registry and screening queries.

    .venv/bin/python -m liaison.registry.tests.matching.data.generate

Deterministic (fixed seed): running it again rewrites the same registry.jsonl and
queries.jsonl. Rows use the import format of the registry (`ref`, `names`,
`birth_date`, `nationality`, `sex`, `id_numbers`); queries add `category`, `split`
(calibration / test, stratified by category) and `expected` (the ref of the person the
query is about, or null for hard negatives: another person who is not in the registry).
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from liaison.registry.matching.text import fold

from .names import (
    HMONG_FAMILIES,
    KHMER_FAMILY,
    KHMER_GIVEN_FEMALE,
    KHMER_GIVEN_MALE,
    LAO_FAMILY,
    LAO_GIVEN_FEMALE,
    LAO_GIVEN_MALE,
    VIET_FAMILY,
    VIET_GIVEN_FEMALE,
    VIET_GIVEN_MALE,
    VIET_MIDDLE_FEMALE,
    VIET_MIDDLE_MALE,
)

SEED = 20250701
HERE = Path(__file__).parent
REGISTRY_SIZES = {"VN": 1300, "LA": 850, "KH": 850}
QUERY_COUNTS = {
    "native_vs_roman": 180,
    "roman_variant": 160,
    "reordered": 150,
    "no_diacritics": 110,
    "upper_case": 120,
    "typo": 170,
    "partial_dob": 150,
    "merged_split": 110,
    "document": 70,
    "hard_negative_dob": 100,
    "hard_negative_doc": 80,
    "hard_negative_similar": 150,
}
LAO_TONES = "\u0ec8\u0ec9\u0eca\u0ecb"


@dataclass(frozen=True)
class Word:
    native: str  # Vietnamese with diacritics, or Lao / Khmer script
    roman: str  # common Latin spelling
    variants: tuple[str, ...] = ()


@dataclass
class Person:
    ref: str
    country: str
    sex: str
    words: list[Word]  # in the conventional order of the country
    dob: date
    precision: str  # what the registry knows: day, month or year
    documents: list[dict[str, str]] = field(default_factory=list)
    registry_names: list[str] = field(default_factory=list)

    @property
    def family_index(self) -> int:
        return len(self.words) - 1 if self.country == "LA" else 0


def _weighted(rng: random.Random, items: list[tuple[str, float]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _title_ascii(word: str) -> str:
    return fold(word).capitalize()


def _viet_words(rng: random.Random, sex: str) -> list[Word]:
    family = _weighted(rng, VIET_FAMILY)
    if family in HMONG_FAMILIES:
        middles = ["A" if sex == "M" else "Thị"]
    else:
        middles = [_weighted(rng, VIET_MIDDLE_MALE if sex == "M" else VIET_MIDDLE_FEMALE)]
        if rng.random() < 0.15:
            second = _weighted(rng, VIET_MIDDLE_MALE if sex == "M" else VIET_MIDDLE_FEMALE)
            if second != middles[0]:
                middles.append(second)
        elif rng.random() < 0.05:
            middles = []
    given = rng.choice(VIET_GIVEN_MALE if sex == "M" else VIET_GIVEN_FEMALE)
    return [Word(w, _title_ascii(w)) for w in [family, *middles, given]]


def _word(entry: tuple[str, str, tuple[str, ...]]) -> Word:
    return Word(entry[0], entry[1], entry[2])


def _random_dob(rng: random.Random) -> date:
    return date(1955, 1, 1) + timedelta(days=rng.randrange(50 * 365))


def _truncate(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _document(rng: random.Random, country: str, kind: str) -> dict[str, str]:
    if kind == "passport":
        prefix = {"VN": "C", "LA": "P", "KH": "N"}[country]
        number = prefix + "".join(rng.choices(string.digits, k=7 if country != "KH" else 8))
    else:
        number = "".join(rng.choices(string.digits, k={"VN": 12, "LA": 10, "KH": 9}[country]))
    return {"type": kind, "number": number, "country": country}


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.persons: list[Person] = []
        self.by_country: dict[str, list[Person]] = {"VN": [], "LA": [], "KH": []}
        self.name_years: set[tuple[str, int]] = set()  # (folded name key, birth year)

    # --- registry ---------------------------------------------------------------

    @staticmethod
    def name_key(words: list[Word]) -> str:
        return " ".join(sorted(fold(w.roman) for w in words))

    def make_person(self, country: str, n: int) -> Person:
        rng = self.rng
        while True:
            sex = rng.choice("MF")
            if country == "VN":
                words = _viet_words(rng, sex)
            elif country == "LA":
                given = rng.choice(LAO_GIVEN_MALE if sex == "M" else LAO_GIVEN_FEMALE)
                words = [_word(given), _word(rng.choice(LAO_FAMILY))]
            else:
                given = rng.choice(KHMER_GIVEN_MALE if sex == "M" else KHMER_GIVEN_FEMALE)
                words = [_word(rng.choice(KHMER_FAMILY)), _word(given)]
            dob = _random_dob(rng)
            key = (self.name_key(words), dob.year)
            if key not in self.name_years:  # no two persons with one name and birth year
                break
        self.name_years.add(key)
        precision = rng.choices(["day", "month", "year"], weights=[75, 10, 15])[0]
        person = Person(f"{country}-{n:05d}", country, sex, words, dob, precision)
        if rng.random() < 0.55:
            person.documents.append(_document(rng, country, "passport"))
        if rng.random() < 0.3:
            person.documents.append(_document(rng, country, "national_id"))
        if country == "VN":
            native = " ".join(w.native for w in words)
            roman = " ".join(w.roman for w in words).upper()
            person.registry_names = [native if rng.random() < 0.85 else roman]
        else:
            native = " ".join(w.native for w in words)
            roman = " ".join(w.roman for w in words)
            if rng.random() < 0.7:
                person.registry_names = [native] + ([roman] if rng.random() < 0.3 else [])
            else:
                person.registry_names = [roman]
        return person

    def build_registry(self) -> None:
        for country, size in REGISTRY_SIZES.items():
            for n in range(1, size + 1):
                person = self.make_person(country, n)
                self.persons.append(person)
                self.by_country[country].append(person)

    @staticmethod
    def registry_row(p: Person) -> dict[str, Any]:
        return {
            "ref": p.ref,
            "names": p.registry_names,
            "birth_date": _truncate(p.dob, p.precision),
            "nationality": p.country,
            "sex": p.sex,
            "id_numbers": p.documents,
        }

    # --- name renderings -----------------------------------------------------------

    def natively_written(self, p: Person) -> bool:
        return any(n == " ".join(w.native for w in p.words) for n in p.registry_names)

    def other_form(self, p: Person) -> str:
        """Lao/Khmer: the script the registry does *not* hold (or native if both)."""
        if self.natively_written(p) and len(p.registry_names) == 1:
            return " ".join(w.roman for w in p.words)
        return " ".join(w.native for w in p.words)

    def variant_form(self, p: Person) -> str:
        rng = self.rng
        words = [w.roman for w in p.words]
        changed = rng.sample(range(len(words)), k=rng.choice([1, len(words)]))
        for i in changed:
            options = [v for v in p.words[i].variants if " " not in v] or [words[i]]
            words[i] = rng.choice(options)
        return " ".join(words)

    def reordered_form(self, p: Person, roman: bool) -> str:
        words = [w.roman if roman else w.native for w in p.words]
        if p.country == "VN":
            # Western order: given name first, then family and middle names
            return " ".join([words[-1], *words[:-1]])
        return " ".join(reversed(words))

    @staticmethod
    def _split(word: str) -> str:
        lower = word.lower()
        vowels = set("aeiouy")
        best: tuple[float, int] | None = None
        for i in range(2, len(word) - 1):
            left, right = lower[i - 1], lower[i]
            if right in vowels:
                continue
            score = abs(i - len(word) / 2) + (0 if left not in vowels else 0.6)
            if lower[i : i + 2] in ("ng", "nh", "ph", "th", "kh", "ch") and left in vowels:
                score += 1.0  # do not cut a digraph
            if best is None or score < best[0]:
                best = (score, i)
        if best is None:
            return word
        i = best[1]
        return word[:i] + " " + word[i].upper() + word[i + 1 :]

    def merged_split_form(self, p: Person) -> str:
        words = [w.roman for w in p.words]
        if p.country == "VN" and len(words) >= 3:
            merged = words[-2] + words[-1].lower()
            return " ".join([*words[:-2], merged])
        # Lao and Khmer: the given name cut at a syllable boundary (Boua Phanh, Sam Nang)
        given = 0 if p.country == "LA" else len(words) - 1
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        target = given if len(words[given]) >= 5 else longest
        words[target] = self._split(words[target])
        return " ".join(words)

    def typo_form(self, p: Person) -> str:
        rng = self.rng
        words = [w.roman for w in p.words]
        candidates = [i for i, w in enumerate(words) if len(w) >= 5] or [
            i for i, w in enumerate(words) if len(w) >= 4
        ]
        if not candidates:
            candidates = list(range(len(words)))
        i = rng.choice(candidates)
        w = words[i]
        op = rng.choice(["delete", "insert", "substitute", "transpose"])
        pos = rng.randrange(1, len(w))  # keep the first letter, as most typos do
        letters = string.ascii_lowercase
        if op == "delete":
            w = w[:pos] + w[pos + 1 :]
        elif op == "insert":
            w = w[:pos] + rng.choice(letters) + w[pos:]
        elif op == "substitute":
            w = w[:pos] + rng.choice([c for c in letters if c != w[pos].lower()]) + w[pos + 1 :]
        elif pos < len(w) - 1:
            w = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2 :]
        else:
            w = w[: pos - 1] + w[pos] + w[pos - 1]
        words[i] = w
        return " ".join(words)

    # --- queries -------------------------------------------------------------------

    def query(
        self,
        p: Person,
        name: str,
        *,
        expected: str | None,
        dob: str | None = None,
        documents: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        row: dict[str, Any] = {
            "names": [name],
            "birth_date": dob if dob is not None else p.dob.isoformat(),
            "nationality": p.country if rng.random() < 0.85 else None,
            "sex": p.sex if rng.random() < 0.6 else None,
            "id_numbers": documents if documents is not None else [],
            "expected": expected,
        }
        if documents is None and expected and p.documents and rng.random() < 0.15:
            row["id_numbers"] = [rng.choice(p.documents)]
        return row

    def pick(self, countries: str = "VN LA KH", need=None) -> Person:
        pool = [p for c in countries.split() for p in self.by_country[c]]
        while True:
            p = self.rng.choice(pool)
            if need is None or need(p):
                return p

    def positive(self, category: str) -> dict[str, Any]:
        rng = self.rng
        if category == "native_vs_roman":
            p = self.pick("LA KH")
            name = self.other_form(p)
            if rng.random() < 0.3 and name.isascii():
                name = name.upper()
            return self.query(p, name, expected=p.ref)
        if category == "roman_variant":
            p = self.pick("LA KH")
            return self.query(p, self.variant_form(p), expected=p.ref)
        if category == "reordered":
            p = self.pick()
            roman = rng.random() < (0.5 if p.country == "VN" else 0.7)
            return self.query(p, self.reordered_form(p, roman), expected=p.ref)
        if category == "no_diacritics":
            if rng.random() < 0.75:
                p = self.pick("VN")
                return self.query(p, " ".join(w.roman for w in p.words), expected=p.ref)
            # Lao and Khmer typed without tone marks / bantoc: the marks must not matter
            p = self.pick("LA KH")
            native = " ".join(w.native for w in p.words)
            stripped = "".join(c for c in native if c not in LAO_TONES and c != "\u17cb")
            return self.query(p, stripped, expected=p.ref)
        if category == "upper_case":
            p = self.pick()
            return self.query(p, " ".join(w.roman for w in p.words).upper(), expected=p.ref)
        if category == "typo":
            p = self.pick()
            return self.query(p, self.typo_form(p), expected=p.ref)
        if category == "partial_dob":
            p = self.pick(need=lambda x: x.precision == "day")
            precision = "month" if rng.random() < 0.6 else "year"
            name = rng.choice([p.registry_names[0], " ".join(w.roman for w in p.words)])
            return self.query(p, name, expected=p.ref, dob=_truncate(p.dob, precision))
        if category == "merged_split":
            p = self.pick(need=lambda x: x.country != "VN" or len(x.words) >= 3)
            return self.query(p, self.merged_split_form(p), expected=p.ref)
        if category == "document":
            p = self.pick(need=lambda x: bool(x.documents))
            name = rng.choice(
                [
                    self.variant_form(p),
                    self.other_form(p)
                    if p.country != "VN"
                    else " ".join(w.roman for w in p.words).upper(),
                ]
            )
            dob = p.dob.isoformat() if rng.random() < 0.5 else ""
            return self.query(p, name, expected=p.ref, dob=dob, documents=[p.documents[0]])
        raise ValueError(category)

    def unused_name_year(self, words: list[Word], year: int) -> bool:
        return (self.name_key(words), year) not in self.name_years

    def negative(self, category: str) -> dict[str, Any]:
        rng = self.rng
        while True:
            if category == "hard_negative_dob":
                p = self.pick()
                year = p.dob.year + rng.choice([-1, 1]) * rng.randint(2, 15)
                dob = date(year, rng.randint(1, 12), rng.randint(1, 28))
                words = p.words
            elif category == "hard_negative_doc":
                p = self.pick(need=lambda x: any(d["type"] == "passport" for d in x.documents))
                if rng.random() < 0.5:
                    day = (p.dob.day + rng.randint(1, 20)) % 28 + 1
                    dob = date(p.dob.year, p.dob.month, day)
                else:
                    dob = date(p.dob.year, (p.dob.month + rng.randint(0, 10)) % 12 + 1, 15)
                words = p.words
            else:  # hard_negative_similar
                p = self.pick()
                words = list(p.words)
                self.replace_one_word(p, words)
                if rng.random() < 0.4:
                    dob = p.dob
                else:
                    dob = date(p.dob.year, rng.randint(1, 12), rng.randint(1, 28))
            if category == "hard_negative_doc":
                break  # same name and year as p by design; names+years are unique
            if self.unused_name_year(words, dob.year):
                break
        name = self.render_negative(p, words)
        documents: list[dict[str, str]] = []
        if category == "hard_negative_doc":
            documents = [_document(rng, p.country, "passport")]
        return self.query(p, name, expected=None, dob=dob.isoformat(), documents=documents)

    def replace_one_word(self, p: Person, words: list[Word]) -> None:
        rng = self.rng
        i = rng.randrange(len(words))
        old = fold(words[i].roman)
        while True:
            if p.country == "VN":
                if i == 0:
                    new = Word(w := _weighted(rng, VIET_FAMILY), _title_ascii(w))
                elif i == len(words) - 1:
                    w = rng.choice(VIET_GIVEN_MALE if p.sex == "M" else VIET_GIVEN_FEMALE)
                    new = Word(w, _title_ascii(w))
                else:
                    mids = VIET_MIDDLE_MALE if p.sex == "M" else VIET_MIDDLE_FEMALE
                    new = Word(w := _weighted(rng, mids), _title_ascii(w))
            else:
                is_family = i == p.family_index
                if p.country == "LA":
                    pool = (
                        LAO_FAMILY
                        if is_family
                        else (LAO_GIVEN_MALE if p.sex == "M" else LAO_GIVEN_FEMALE)
                    )
                else:
                    pool = (
                        KHMER_FAMILY
                        if is_family
                        else (KHMER_GIVEN_MALE if p.sex == "M" else KHMER_GIVEN_FEMALE)
                    )
                new = _word(rng.choice(pool))
            if fold(new.roman) != old:
                words[i] = new
                return

    def render_negative(self, p: Person, words: list[Word]) -> str:
        rng = self.rng
        style = rng.choice(["native", "roman", "upper"])
        if style == "native":
            return " ".join(w.native for w in words)
        text = " ".join(w.roman for w in words)
        return text.upper() if style == "upper" else text

    def build_queries(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for category, count in QUERY_COUNTS.items():
            made = []
            for _ in range(count):
                if category.startswith("hard_negative"):
                    row = self.negative(category)
                else:
                    row = self.positive(category)
                row["category"] = category
                made.append(row)
            # stratified split: half of each category to calibration, half to test
            order = list(range(len(made)))
            self.rng.shuffle(order)
            for rank, idx in enumerate(order):
                made[idx]["split"] = "calibration" if rank % 2 == 0 else "test"
            rows.extend(made)
        for n, row in enumerate(rows, start=1):
            row["ref"] = f"Q{n:05d}"
        return rows


def _jsonl(rows: list[dict[str, Any]], keys: list[str]) -> str:
    return "".join(json.dumps({k: row[k] for k in keys}, ensure_ascii=False) + "\n" for row in rows)


def render(seed: int = SEED) -> dict[str, str]:
    """File name → content of the evaluation set for a seed."""
    gen = Generator(seed)
    gen.build_registry()
    queries = gen.build_queries()
    registry_rows = [gen.registry_row(p) for p in gen.persons]
    base = ["ref", "names", "birth_date", "nationality", "sex", "id_numbers"]
    return {
        "registry.jsonl": _jsonl(registry_rows, base),
        "queries.jsonl": _jsonl(queries, [*base, "category", "split", "expected"]),
    }


def main() -> None:
    for name, content in render().items():
        (HERE / name).write_text(content, encoding="utf-8")
        print(f"{name}: {content.count(chr(10))} rows written to {HERE}")


if __name__ == "__main__":
    main()
