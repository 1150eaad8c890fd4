"""The fast paths behind the figures: bulk import and batched screening.

The bulk import must write exactly what the one-person path writes (names, documents,
nationalities, status, matching keys), stay all-or-nothing across its batches and cost a
number of queries that does not grow with the file. Batch screening must answer exactly
like screening one record at a time, with a number of queries that does not grow with
the batch.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.registry import bulk as bulk_path
from liaison.registry.matching import name_keys, record_keys
from liaison.registry.models import IdentityDocument, NameKey, Person, PersonName
from liaison.registry.records import record_of
from liaison.registry.screening import Screener, screen_records
from liaison.registry.services import persons_import
from liaison.registry.tests.helpers import LAO_NAME, jsonl, make_person

pytestmark = pytest.mark.django_db

RECORDS = [
    {
        "ref": "LA-1",
        "names": [LAO_NAME, "Bouaphanh Inthalath"],
        "birth_date": "1980-05",
        "nationality": "LA",
        "sex": "M",
        "id_numbers": [{"type": "Passport", "number": "p-765 4321", "country": "la"}],
        "status": ["wanted", "ringleader"],
    },
    {"ref": "VN-1", "names": ["Trần Văn Hải"], "birth_date": "1975-02-28", "nationality": "VN"},
    {"ref": "KH-1", "names": ["សុខ វណ្ណា"], "birth_date": "1990", "nationality": ["KH", "VN"]},
    {"ref": "VN-2", "names": ["Nguyễn Thị Lan", "Lan Nguyen"], "sex": "F"},
    {"ref": "VN-3", "names": ["Lê Văn Tám"], "id_numbers": [{"number": "012345678"}]},
]


def stored(person: Person) -> dict:
    """Everything the import writes for a person, as comparable values."""
    person = Person.objects.prefetch_related("names", "documents", "nationalities").get(
        pk=person.pk
    )
    return {
        "fields": (
            person.sex,
            person.birth_date,
            person.birth_date_precision,
            tuple(person.status),
            person.merged_into_id,
        ),
        "names": [(n.text, n.kind, n.script, n.position, n.keys) for n in person.names.all()],
        "documents": [
            (d.type, d.number, d.number_as_written, d.country_id) for d in person.documents.all()
        ],
        "nationalities": sorted(c.pk for c in person.nationalities.all()),
        "keys": sorted(NameKey.objects.filter(person=person).values_list("key", flat=True)),
    }


def test_bulk_import_writes_what_the_one_person_path_writes(cast, monkeypatch):
    monkeypatch.setattr(bulk_path, "BULK_BATCH", 2)  # three batches for five persons
    result = persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
    assert (result.created, result.updated) == (5, 0)
    bulk = {p.ref: stored(p) for p in Person.objects.filter(owner_agency=cast.sekong)}

    # the same file through the one-person path: every new person re-imported updates it
    # with `_apply_row`, which recomputes names, documents and keys from scratch
    result = persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
    assert (result.created, result.updated) == (0, 5)
    again = {p.ref: stored(p) for p in Person.objects.filter(owner_agency=cast.sekong)}
    assert bulk == again

    lao = Person.objects.get(ref="LA-1")
    assert bulk["LA-1"]["fields"][1:4] == (
        lao.birth_date,
        "month",
        ("ringleader", "wanted"),
    )
    assert bulk["LA-1"]["names"][0][:2] == (LAO_NAME, PersonName.Kind.PRIMARY)
    assert bulk["LA-1"]["names"][0][4] == name_keys(LAO_NAME).to_dict()
    assert bulk["LA-1"]["documents"] == [("passport", "P7654321", "p-765 4321", "LA")]
    assert bulk["KH-1"]["nationalities"] == ["KH", "VN"]
    assert bulk["VN-3"]["documents"] == [("other", "012345678", "012345678", None)]
    for person in Person.objects.prefetch_related("names", "documents", "nationalities"):
        assert set(bulk[person.ref]["keys"]) == record_keys(record_of(person))
        assert "doc:P7654321" in bulk["LA-1"]["keys"]


def test_a_failure_in_a_late_batch_leaves_nothing_written(cast, monkeypatch):
    monkeypatch.setattr(bulk_path, "BULK_BATCH", 2)
    real_insert = bulk_path.insert_rows
    calls = {"keys": 0}

    def failing_insert(model, columns, rows):
        if model is NameKey:
            calls["keys"] += 1
            if calls["keys"] == 3:  # the last batch: two batches are already written
                raise RuntimeError("disk full")
        real_insert(model, columns, rows)

    monkeypatch.setattr(bulk_path, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError):
        persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
    assert calls["keys"] == 3
    assert not Person.objects.exists()
    assert not NameKey.objects.exists() and not IdentityDocument.objects.exists()


def test_a_bad_row_after_many_good_ones_names_its_line_and_writes_nothing(cast):
    good = [{"ref": f"R{n}", "names": [f"Trần Văn Hải {n}x"]} for n in range(30)]
    bad = {"ref": "BAD", "names": ["Lê Văn Tám"], "birth_date": "2024-02-30"}
    with pytest.raises(ValidationError) as error:
        persons_import(actor=None, agency=cast.sekong, file=jsonl(*good, bad), format="jsonl")
    assert "Line 31" in error.value.messages[0] and "birth_date" in error.value.messages[0]
    assert not Person.objects.exists()


def count_import_queries(cast, persons: int) -> int:
    records = [
        {
            "ref": f"R{persons}-{n}",
            "names": ["Bouaphanh Inthalath", LAO_NAME],
            "nationality": "LA",
            "id_numbers": [{"type": "passport", "number": f"P{persons}{n:05d}"}],
        }
        for n in range(persons)
    ]
    with CaptureQueriesContext(connection) as queries:
        persons_import(actor=None, agency=cast.sekong, file=jsonl(*records), format="jsonl")
    return len(queries)


def test_import_queries_do_not_grow_with_the_file(cast):
    # within one batch a fixed set of statements whatever the number of persons (the
    # one-person path needs more than six per person); only Django's splitting of a bulk
    # insert under SQLite's parameter limit may add one or two
    count_import_queries(cast, 1)  # first write: one-time look-ups (audit chain head, …)
    small, large = count_import_queries(cast, 3), count_import_queries(cast, 60)
    assert small <= large <= small + 2
    assert Person.objects.count() == 64
    assert NameKey.objects.filter(key="doc:P6000059").count() == 1


QUERIES = [
    {"ref": "q1", "names": ["BOUAPHANH INTHALATH"], "birth_date": "1980"},
    {"ref": "q2", "names": ["Hai Tran Van"]},
    {"ref": "q3", "names": []},  # nothing to screen: no candidates, no failure
    {"ref": "q4", "names": [], "id_numbers": [{"type": "passport", "number": "P7654321"}]},
    {"ref": "q5", "names": ["Nobody Atall"]},
    {"ref": "q6", "names": ["ສຸກ ວັນນາ", 12], "birth_date": "not a date"},
]


def registry(cast) -> None:
    make_person(
        cast.sekong,
        "LA-1",
        birth_date="1980-05-12",
        documents=[{"type": "passport", "number": "P7654321", "country": "LA"}],
    )
    make_person(cast.sekong, "LA-2", names=["Bouaphan Inthalat"], birth_date="1981")
    make_person(cast.sekong, "LA-3", names=["Trần Văn Hải"], discoverable=True)
    make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], birth_date="1975")


@pytest.mark.parametrize("actor", ["la_officer", "outsider", None])
def test_batch_screening_answers_like_one_record_at_a_time(cast, actor):
    registry(cast)
    user = getattr(cast, actor) if actor else None
    one_by_one = [Screener(actor=user).screen(query) for query in QUERIES]
    batched = screen_records(actor=user, records=QUERIES, batch_size=4)  # two batches
    assert batched == one_by_one
    if actor == "la_officer":
        assert {c["ref"] for c in batched[0]["candidates"]} >= {"LA-1"}
        assert [c["ref"] for c in batched[3]["candidates"]] == ["LA-1"]
        # VN-1 is Quảng Nam's, agency-only and not discoverable: neither found nor hit
        assert [c["ref"] for c in batched[1]["candidates"]] == ["LA-3"]
        assert batched[1]["hits"] == []
    if actor == "outsider":
        assert all(r["candidates"] == [] for r in batched)
        assert batched[1]["hits"] == [
            {"held_by": {"code": cast.sekong.code, "name": cast.sekong.name}}
        ]
    assert batched[2] == {"ref": "q3", "candidates": [], "hits": []}


def test_batch_screening_queries_do_not_grow_with_the_batch(cast):
    registry(cast)
    screener = Screener(actor=cast.la_officer)
    screener.screen(QUERIES[0])  # the registry size is counted once per screener
    with CaptureQueriesContext(connection) as one:
        screener.screen(QUERIES[0])
    with CaptureQueriesContext(connection) as many:
        screener.screen_many(QUERIES * 10)
    assert len(many) == len(one)
