"""Candidate generation over the in-memory index."""

from __future__ import annotations

import pytest

from liaison.registry.matching.index import MatchIndex, query_plan, record_keys
from liaison.registry.matching.keys import person_record
from liaison.registry.matching.scoring import Decision


@pytest.fixture
def index() -> MatchIndex:
    idx = MatchIndex(cap=50, max_candidates=20)
    given = ["Hùng", "Dũng", "Hải", "Nam", "Tuấn", "Long", "Sơn", "Minh", "Bình", "Phong"]
    n = 0
    for year in range(1960, 2000):
        for g in given:
            n += 1
            idx.add(
                person_record(id=n, names=[f"Nguyễn Văn {g}"], birth_date=f"{year}-01-0{n % 9 + 1}")
            )
    idx.add(
        person_record(
            id="la",
            names=["ບົວພັນ ອິນທະລາດ"],
            birth_date="1980-05-12",
            documents=[{"type": "passport", "number": "P1234567", "country": "LA"}],
        )
    )
    return idx


def test_record_keys_cover_words_pairs_years_typos_and_documents(index):
    keys = record_keys(index.records["la"])
    assert {"w:buapan", "w:intalat", "w:buapanintalat", "w:buapan|1980"} <= keys
    assert {"d:bupan", "d:buapn", "d:intalat"} <= keys  # one-letter-off keys
    assert "doc:P1234567" in keys


def test_over_common_keys_are_narrowed_by_birth_year(index):
    assert len(index.postings["w:nguyen"]) > index.cap
    target = next(
        r
        for r in index.records.values()
        if r.birth_year == 1975 and r.names[0].original == "Nguyễn Văn Hải"
    )
    query = person_record(id="q", names=["Nguyen Van Hai"], birth_date=str(target.birth_date))
    plan = {p.key: p for p in query_plan(query)}
    assert plan["w:nguyen"].narrowed == ("w:nguyen|1974", "w:nguyen|1975", "w:nguyen|1976")
    candidates = index.candidates(query)
    assert len(candidates) <= index.max_candidates
    years = {index.records[c].birth_year for c in candidates if c != "la"}
    assert years <= {1974, 1975, 1976}
    results = index.screen(query)
    assert results[0].id == target.id and results[0].decision is Decision.MATCH


def test_without_a_year_over_common_keys_are_skipped_and_rarer_words_find_the_person(index):
    query = person_record(id="q", names=["Bouaphanh Inthalath"])
    assert index.candidates(query)[0] == "la"


def test_exact_document_numbers_always_hit(index):
    query = person_record(
        id="q",
        names=["Someone Unrelated"],
        documents=[{"type": "passport", "number": "p-123 4567", "country": "LA"}],
    )
    assert "la" in index.candidates(query)


def test_merged_and_mistyped_names_are_found(index):
    for name in ["Boua Phanh Inthalath", "Bouaphnah Inthalath", "INTHALAT BOUAPHAN"]:
        query = person_record(id="q", names=[name], birth_date="1980-05-12")
        results = index.screen(query)
        assert results and results[0].id == "la", name
        assert results[0].decision is Decision.MATCH


@pytest.mark.parametrize("names", [[], [""], ["123"], ["!!"], ["\u200b"], ["ᠮᠣᠩᠭᠣᠯ"], [None]])
def test_screening_never_fails_on_odd_input(index, names):
    query = person_record(id="q", names=[n or "" for n in names], birth_date="2024-02-30")
    assert query.birth_date is None
    assert index.screen(query) == []


def test_duplicate_ids_are_refused_and_removed_persons_are_no_longer_found(index):
    with pytest.raises(ValueError):
        index.add(person_record(id="la", names=["X"]))
    query = person_record(id="q", names=["Bouaphanh Inthalath"], birth_date="1980-05-12")
    persons = index.frequencies.persons
    index.remove("la")
    assert index.screen(query) == []
    assert "w:buapan" not in index.postings
    assert index.frequencies.persons == persons - 1
