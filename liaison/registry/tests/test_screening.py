"""Screening over the database: cross-script, scoped, discoverable hits, bounded queries."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from liaison.cli import management_argv
from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.registry.screening import screen_records
from liaison.registry.tests.helpers import LAO_NAME, jsonl, make_person

pytestmark = pytest.mark.django_db

QUERY = {"ref": "q1", "names": ["Bouaphanh Inthalath"], "birth_date": "1980"}


def test_finds_the_lao_script_name_from_a_romanization(cast):
    person = make_person(cast.sekong, "LA-1", birth_date="1980-05-12", nationalities=["LA"])
    make_person(cast.sekong, "LA-2", names=["Trần Văn Hải"])
    [result] = screen_records(actor=cast.la_officer, records=[QUERY])
    assert result["ref"] == "q1"
    [candidate] = result["candidates"]
    assert candidate["id"] == person.pk and candidate["ref"] == "LA-1"
    assert candidate["decision"] in {"match", "possible"}
    assert candidate["score"] >= 0.5
    names = next(e for e in candidate["explanation"] if e["code"] == "names")
    assert names["params"]["candidate"] == LAO_NAME  # shown as written
    assert AuditEvent.objects.filter(verb="registry.persons_screen").count() == 1


def test_document_number_always_hits(cast):
    person = make_person(
        cast.sekong,
        "LA-1",
        documents=[{"type": "passport", "number": "P7654321", "country": "LA"}],
    )
    make_person(cast.sekong, "LA-2", names=["Trần Văn Hải"])
    # no name at all: only the number can find the person
    query = {"ref": "q", "names": [], "id_numbers": [{"type": "passport", "number": "p765-4321"}]}
    [result] = screen_records(actor=None, records=[query])
    assert [c["id"] for c in result["candidates"]] == [person.pk]
    assert result["candidates"][0]["decision"] == "match"


def test_searches_only_what_the_actor_sees_and_hits_show_only_the_holder(cast):
    make_person(cast.sekong, "LA-HIDDEN")  # agency-only, not discoverable
    make_person(cast.sekong, "LA-DISC", discoverable=True)
    [result] = screen_records(actor=cast.outsider, records=[QUERY])
    assert result["candidates"] == []
    assert result["hits"] == [{"held_by": {"code": cast.sekong.code, "name": cast.sekong.name}}]
    text = json.dumps(result, ensure_ascii=False)
    assert "LA-DISC" not in text and LAO_NAME not in text

    # the owner sees both records as candidates, and no hits
    [own] = screen_records(actor=cast.la_officer, records=[QUERY])
    assert {c["ref"] for c in own["candidates"]} == {"LA-HIDDEN", "LA-DISC"}
    assert own["hits"] == []


def test_partner_sharing_makes_the_record_a_candidate(cast):
    make_person(cast.sekong, "LA-1", sharing=SharingLevel.PARTNERS)
    [vn] = screen_records(actor=cast.vn_officer, records=[QUERY])
    assert [c["ref"] for c in vn["candidates"]] == ["LA-1"]
    [kh] = screen_records(actor=cast.outsider, records=[QUERY])
    assert kh["candidates"] == [] and kh["hits"] == []


@pytest.mark.parametrize(
    "odd",
    [
        {},
        {"ref": "x"},
        {"ref": "x", "names": "…"},
        {"ref": "x", "names": [None, 5], "birth_date": "2024-02-30"},
        {"ref": "x", "names": ["Hai"], "id_numbers": "nope", "nationality": 7},
        "not a record",
    ],
)
def test_odd_input_gives_no_candidates(cast, odd):
    make_person(cast.sekong, "LA-1")
    [result] = screen_records(actor=None, records=[odd])
    assert result["candidates"] == []


def test_query_count_for_one_record_is_bounded_and_independent_of_size(
    cast, django_assert_max_num_queries
):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            screen_records(actor=cast.la_officer, records=[QUERY])
        return len(captured)

    make_person(cast.sekong, "LA-0", birth_date="1980")
    count_queries()  # warm up: the agency tree and the audit chain head
    small = count_queries()
    for n in range(1, 30):
        make_person(cast.sekong, f"LA-{n}", names=[f"Bouaphanh Inthalath {n}"])
    assert count_queries() == small
    with django_assert_max_num_queries(14):
        screen_records(actor=cast.la_officer, records=[QUERY])


def test_cli_round_trip(cast, tmp_path, capsys):
    source = tmp_path / "persons.jsonl"
    source.write_bytes(
        jsonl({"ref": "LA-1", "names": [LAO_NAME], "birth_date": "1980", "nationality": "LA"})
    )
    argv = management_argv(["persons", "import", str(source), "--agency", cast.sekong.code])
    call_command(*argv)
    assert "created 1" in capsys.readouterr().out

    queries = tmp_path / "queries.jsonl"
    queries.write_bytes(jsonl(QUERY, {"ref": "q2", "names": ["Nobody Known"]}))
    argv = management_argv(["persons", "screen", str(queries), "--top", "3", "--as", "la_officer"])
    call_command(*argv)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["ref"] for line in lines] == ["q1", "q2"]
    assert lines[0]["candidates"][0]["ref"] == "LA-1"
    assert lines[1]["candidates"] == []

    argv = management_argv(["persons", "screen", str(queries), "--format", "csv"])
    call_command(*argv)
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("query_ref,rank,ref")
    assert rows[1].startswith("q1,1,LA-1,")
