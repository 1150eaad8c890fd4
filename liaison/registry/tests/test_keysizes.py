"""Key sizes (`NameKeySize`) stay equal to the posting lists they count, whatever wrote
the keys; the staged bulk path writes exactly what the direct one writes."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count

from liaison.registry import bulk as bulk_path
from liaison.registry import keysizes
from liaison.registry.models import NameKey, NameKeySize, Person
from liaison.registry.services import (
    person_merge,
    person_unmerge,
    person_update,
    persons_import,
)
from liaison.registry.tests.helpers import LAO_NAME, jsonl, make_person

pytestmark = pytest.mark.django_db

RECORDS = [
    {
        "ref": f"R{n}",
        "names": [["Trần Văn Hải", "Nguyễn Thị Lan", LAO_NAME, "សុខ វណ្ណា"][n % 4]],
        "birth_date": f"{1970 + n % 7}-0{1 + n % 9}",
        "nationality": ["VN", "LA", "KH"][n % 3],
        "id_numbers": [{"type": "passport", "number": f"P{n:06d}"}] if n % 2 else [],
    }
    for n in range(12)
]


def counted() -> dict[str, int]:
    """The key sizes as the postings say."""
    return dict(NameKey.objects.values("key").annotate(n=Count("id")).values_list("key", "n"))


def kept() -> dict[str, int]:
    """The matching-key sizes as kept by the writes (checked against the postings)."""
    sizes = dict(NameKeySize.objects.values_list("key", "persons"))
    assert sizes.pop(keysizes.LIVE_PERSONS, 0) == Person.objects.live().count()
    return sizes


def test_sizes_follow_every_write_of_keys(cast):
    persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
    assert kept() == counted() and kept()["w:tran"] == 3
    person = make_person(cast.sekong, "X1", names=["Trần Văn Hải"], birth_date="1971")
    assert kept() == counted() and kept()["w:tran"] == 4
    person_update(actor=None, person=person, names=["Lê Văn Tám"])
    assert kept() == counted() and kept()["w:tran"] == 3
    into = Person.objects.get(ref="R0")
    person_merge(actor=None, person=Person.objects.get(ref="R4"), into=into, reason="same")
    assert kept() == counted() and kept()["w:tran"] == 2
    person_unmerge(actor=None, person=Person.objects.get(ref="R4"), reason="not the same")
    assert kept() == counted() and kept()["w:tran"] == 3
    # re-importing updates through the one-person path: nothing counted twice
    persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
    assert kept() == counted()
    assert keysizes.sizes(["w:tran", "w:nobody"]) == {"w:tran": 3}
    assert keysizes.live_persons() == Person.objects.live().count() == 13


def test_a_key_nobody_carries_any_more_is_gone(cast):
    person = make_person(cast.sekong, "X1", names=["Bouaphanh Inthalath"])
    assert "w:inthalath" not in kept()  # the skeleton, not the spelling
    rare = {k for k in kept() if k.startswith("w:")}
    person_update(actor=None, person=person, names=["Lê Văn Tám"])
    assert not rare & set(kept())
    assert kept() == counted()


def stored() -> dict[str, tuple]:
    return {
        p.ref: (
            p.birth_date,
            p.birth_date_precision,
            sorted((n.text, n.kind, n.script, n.position, str(n.keys)) for n in p.names.all()),
            sorted(
                (d.type, d.number, d.number_as_written, d.country_id) for d in p.documents.all()
            ),
            sorted(c.pk for c in p.nationalities.all()),
            sorted(p.match_keys.values_list("key", flat=True)),
        )
        for p in Person.objects.prefetch_related("names", "documents", "nationalities")
    }


def person_indexes() -> list[str]:
    table = NameKey._meta.db_table
    return bulk_path._person_indexes(table, NameKey._meta.get_field("person").column)


@pytest.mark.parametrize("existing", [0, 20])
def test_the_staged_path_writes_what_the_direct_one_writes(cast, monkeypatch, existing):
    """Same rows and sizes both ways; the first load also rebuilds the person index."""
    monkeypatch.setattr(bulk_path, "BULK_BATCH", 5)
    before = [{**r, "ref": f"OLD{n}"} for n, r in enumerate(RECORDS * 2)][:existing]
    results = {}
    for staged_min in (10_000, 1):  # direct, then staged
        monkeypatch.setattr(bulk_path, "STAGED_MIN", staged_min)
        Person.objects.all().delete()
        NameKeySize.objects.all().delete()
        if before:
            persons_import(actor=None, agency=cast.quang_nam, file=jsonl(*before), format="jsonl")
        indexes = person_indexes()
        persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
        assert person_indexes() == indexes != []
        assert kept() == counted()
        results[staged_min] = (stored(), kept())
    assert results[1] == results[10_000]
    with connection.cursor() as cursor:  # the stage is gone
        tables = connection.introspection.table_names(cursor, include_views=False)
    assert bulk_path.STAGE_TABLE not in tables


def test_the_migration_counts_an_existing_registry(cast):
    """Databases imported before the sizes were kept get them from their postings."""
    from django.apps import apps

    migration = importlib.import_module("liaison.registry.migrations.0004_namekeysize")
    persons_import(actor=None, agency=cast.sekong, file=jsonl(*RECORDS), format="jsonl")
    person_merge(
        actor=None,
        person=Person.objects.get(ref="R4"),
        into=Person.objects.get(ref="R0"),
        reason="same",
    )
    before = dict(NameKeySize.objects.values_list("key", "persons"))
    NameKeySize.objects.all().delete()
    # the function reads only the editor's connection (SQLite's schema editor cannot
    # be opened inside the test's transaction)
    migration.count_existing_keys(apps, SimpleNamespace(connection=connection))
    assert dict(NameKeySize.objects.values_list("key", "persons")) == before
    assert before[keysizes.LIVE_PERSONS] == 11
