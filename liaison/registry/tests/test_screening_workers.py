"""Batch screening in several processes answers exactly like one process."""

from __future__ import annotations

import pytest
from django.db import connection

from liaison.core.models import AuditEvent
from liaison.registry import screening_workers
from liaison.registry.screening import screen_records
from liaison.registry.tests.helpers import LAO_NAME, make_person

QUERIES = [
    {"ref": f"q{n}", "names": [name], "birth_date": "1980"}
    for n, name in enumerate(
        ["BOUAPHANH INTHALATH", "Hai Tran Van", "Nobody Atall", LAO_NAME, "tran van hai"] * 3
    )
] + [{"ref": "odd", "names": [12]}, {"ref": "empty", "names": []}]


def registry(cast) -> None:
    make_person(cast.sekong, "LA-1", birth_date="1980-05-12")
    make_person(cast.sekong, "LA-2", names=["Bouaphan Inthalat"], birth_date="1981")
    make_person(cast.sekong, "LA-3", names=["Trần Văn Hải"], discoverable=True)
    make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], birth_date="1980")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("actor", ["la_officer", "outsider", None])
def test_two_processes_answer_like_one(cast, actor):
    registry(cast)
    # the workers really run, except on an in-memory SQLite test database (not shared)
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    assert screening_workers.can_fork() is not in_memory
    user = getattr(cast, actor) if actor else None
    one = screen_records(actor=user, records=QUERIES, batch_size=3, hits_source="screening")
    two = screen_records(
        actor=user, records=QUERIES, batch_size=3, workers=2, hits_source="screening"
    )
    assert two == one
    assert any(r["candidates"] for r in one) or actor == "outsider"
    assert AuditEvent.objects.filter(verb="registry.persons_screen").count() == 2


@pytest.mark.django_db
def test_inside_a_transaction_screening_stays_in_this_process(cast):
    registry(cast)
    assert not screening_workers.can_fork()  # the test's transaction
    assert screen_records(actor=None, records=QUERIES, batch_size=3, workers=2) == (
        screen_records(actor=None, records=QUERIES, batch_size=3)
    )
