"""Scoring: birth dates with precision, documents, mild features, decisions, explanations."""

from __future__ import annotations

import dataclasses

import pytest

from liaison.registry.matching.frequency import TermFrequencies
from liaison.registry.matching.keys import PartialDate, name_keys, person_record
from liaison.registry.matching.scoring import (
    DEFAULT_CONFIG,
    Decision,
    compare_birth_dates,
    score_candidate,
)

FREQ = TermFrequencies()
PASSPORT = {"type": "passport", "number": "P1234567", "country": "LA"}


def person(name="ບົວພັນ ອິນທະລາດ", **fields):
    fields.setdefault("id", "c")
    return person_record(names=[name], **fields)


def score(query, candidate, config=DEFAULT_CONFIG):
    return score_candidate(query, candidate, FREQ, config)


def codes(result) -> list[str]:
    return [e.code for e in result.explanation]


@pytest.mark.parametrize(
    ("query", "candidate", "code"),
    [
        ("1980-05-12", "1980-05-12", "dob_same_day"),
        ("1980-05", "1980-05-12", "dob_same_month"),
        ("1980", "1980-05-12", "dob_same_year"),
        ("1980-05-12", "1980", "dob_same_year"),
        ("1980-05-12", "1980-05-30", "dob_conflict_day"),
        ("1980-05-12", "1980-07-12", "dob_conflict_month"),
        ("1980-05-12", "1980-12-05", "dob_swapped_day_month"),
        ("1980-05-12", "1981-05-12", "dob_year_close"),
        ("1980", "1985", "dob_years_apart"),
        (None, "1980", "dob_unknown"),
    ],
)
def test_birth_dates_are_compared_at_their_common_precision(query, candidate, code):
    q = PartialDate.lenient(query)
    c = PartialDate.lenient(candidate)
    found, _bits, veto = compare_birth_dates(q, c, DEFAULT_CONFIG)
    assert found == code
    assert veto is (code == "dob_years_apart")


def test_birth_date_evidence_grows_with_precision_and_conflicts_count_against():
    def bits(code):
        return {
            "day": DEFAULT_CONFIG.dob_same_day,
            "month": DEFAULT_CONFIG.dob_same_month,
            "year": DEFAULT_CONFIG.dob_same_year,
        }.get(code, getattr(DEFAULT_CONFIG, code, 0.0))

    assert bits("day") > bits("month") > bits("year") > 0
    assert DEFAULT_CONFIG.dob_conflict_day < 0
    assert DEFAULT_CONFIG.dob_years_apart < DEFAULT_CONFIG.dob_year_close < 0


def test_partial_dates_parse_and_reject_impossible_dates():
    assert str(PartialDate.parse("1985")) == "1985"
    assert PartialDate.parse("1985-03").precision == "month"
    assert PartialDate.parse("2024-02-29").day == 29
    for bad in ["2024-02-30", "2023-02-29", "1985-13", "85", "1985/03/01", ""]:
        with pytest.raises(ValueError):
            PartialDate.parse(bad)
        assert PartialDate.lenient(bad) is None  # screening never fails on odd input


def test_same_name_and_birth_date_is_a_match_with_a_readable_explanation():
    query = person_record(id="q", names=["phommachan Bouaphanh"], birth_date="1980-02-03")
    result = score(query, person("ບົວພັນ ພົມມະຈັນ", birth_date="1980-02-03"))
    assert result.decision is Decision.MATCH
    assert result.score > 0.99
    messages = [e.message() for e in result.explanation]
    assert "phommachan ≈ ພົມມະຈັນ: same after romanization (phommachan)" in messages
    assert any(m.startswith("Bouaphanh ≈ ບົວພັນ: same sound") for m in messages)
    assert "Birth date: same day (1980-02-03)" in messages
    names = result.explanation[0]
    assert names.code == "names"
    assert names.data["query"] == "phommachan Bouaphanh"  # both originals side by side
    assert names.data["candidate"] == "ບົວພັນ ພົມມະຈັນ"
    assert names.data["candidate_script"] == "lao"
    as_dict = result.to_dict()
    assert as_dict["decision"] == "match"
    assert {"code", "params", "message"} <= set(as_dict["explanation"][1])


def test_same_name_born_years_apart_is_never_a_match():
    for query_dob in ["1990", "1990-02-03", "1975-02-03"]:
        query = person("Bouaphanh Inthalath", birth_date=query_dob, documents=[PASSPORT])
        candidate = person(birth_date="1980-02-03", documents=[PASSPORT])
        result = score(query, candidate)
        assert result.decision is not Decision.MATCH
        assert "dob_years_apart" in codes(result)


def test_an_exact_document_is_near_certain_and_a_conflicting_one_counts_against():
    query = person("Bouaphanh Inthalath", documents=[PASSPORT])
    same = score(query, person(documents=[{**PASSPORT, "number": "p 123-4567"}]))
    assert same.decision is Decision.MATCH and same.score > 0.999
    assert "doc_same" in codes(same)
    # the same number under a missing type still helps; a different number of the same
    # type and country counts against the identical name and birth year
    with_year = person("Bouaphanh Inthalath", birth_date="1980", documents=[PASSPORT])
    plain = score(with_year, person(birth_date="1980"))
    conflict = score(with_year, person(birth_date="1980", documents=[{**PASSPORT, "number": "P7"}]))
    assert plain.decision is Decision.MATCH
    assert conflict.bits < plain.bits - 5
    assert conflict.decision is not Decision.MATCH
    assert "doc_conflict" in codes(conflict)


def test_document_numbers_alone_match_even_with_a_mangled_name():
    query = person("B. Inthalat", documents=[PASSPORT])
    result = score(query, person(documents=[PASSPORT]))
    assert result.decision is Decision.MATCH


def test_nationality_and_sex_are_mild():
    base = dict(birth_date="1980-02-03")
    query = person("Bouaphanh Inthalath", nationalities=["LA"], sex="M", **base)
    same = score(query, person(nationalities=["LA"], sex="M", **base))
    other = score(query, person(nationalities=["TH"], sex="F", **base))
    assert other.bits < same.bits
    assert same.bits - other.bits < 10  # mild: name and birth date still dominate
    assert "nationality_different" in codes(other) and "sex_different" in codes(other)


def test_name_only_is_at_most_possible_and_a_different_word_needs_review():
    only_name = score(person("Bouaphanh Inthalath"), person())
    assert only_name.decision is Decision.POSSIBLE
    # a different given name with the same full birth date: not an automatic match
    query = person("Somphone Inthalath", birth_date="1980-02-03")
    sibling = score(query, person(birth_date="1980-02-03"))
    assert sibling.decision is not Decision.MATCH


def test_common_vietnamese_name_needs_more_than_a_birth_year():
    registry = [
        person_record(id=n, names=[f"Nguyễn Văn {g}"], birth_date=str(1960 + n % 40))
        for n, g in enumerate(["Hùng", "Dũng", "Hải", "Nam", "Tuấn"] * 60)
    ]
    frequencies = TermFrequencies.from_records(registry)
    query = person_record(id="q", names=["NGUYEN VAN HUNG"], birth_date="1960")
    year_only = score_candidate(query, registry[0], frequencies)
    full = score_candidate(
        dataclasses.replace(query, birth_date=PartialDate(1960, 1, 1)),
        dataclasses.replace(registry[0], birth_date=PartialDate(1960, 1, 1)),
        frequencies,
    )
    assert full.bits > year_only.bits
    assert full.decision is Decision.MATCH


def test_thresholds_are_configurable():
    query = person("Bouaphanh Inthalath", birth_date="1980")
    candidate = person(birth_date="1980-02-03")
    assert score(query, candidate).decision is Decision.MATCH
    strict = dataclasses.replace(DEFAULT_CONFIG, match_threshold=0.999999)
    assert score(query, candidate, strict).decision is Decision.POSSIBLE
    only_given = person("Bouaphanh")
    assert score(only_given, candidate).decision is not Decision.MATCH
    lax = dataclasses.replace(DEFAULT_CONFIG, possible_threshold=0.0, match_threshold=0.0)
    assert score(only_given, candidate, lax).decision is Decision.MATCH


def test_name_keys_hold_every_form_of_every_word():
    keys = name_keys("ບົວພັນ ອິນທະລາດ")
    assert [w.original for w in keys.words] == ["ບົວພັນ", "ອິນທະລາດ"]
    assert [w.romanized for w in keys.words] == ["bouaphan", "inthalat"]
    assert [w.folded for w in keys.words] == ["ບົວພັນ", "ອິນທະລາດ"]
    assert [w.skeleton for w in keys.words] == ["buapan", "intalat"]
    assert keys.joined == ("buapanintalat",)
    stored = keys.to_dict()
    assert stored["script"] == "lao" and stored["words"][0]["skeleton"] == "buapan"
    assert name_keys("").is_empty and name_keys("  ,; 123 ").is_empty
