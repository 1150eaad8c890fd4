"""The data of the review-report tests: the first half of 2024 of Quảng Nam–Sekong, with
what must NOT be counted beside it (outside the period, cancelled, above the parties,
another partnership).

Period 01/01/2024–30/06/2024 (182 days); previous period 03/07/2023–31/12/2023.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from liaison.agencies.models import Partnership
from liaison.cooperation.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
)
from liaison.core.testing.factories import PartnershipFactory
from liaison.registry.models import Person, PersonName
from liaison.registry.models_hits import Hit
from liaison.seizures.models import SeizedItem
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

FROM, TO = date(2024, 1, 1), date(2024, 6, 30)
WANTED_NAME = "ບົວພັນ ອິນທະລາດ"
LOCATED_NAME = "ສີສະຫວາດ ພົມມະຈັນ"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@dataclass
class World:
    tablets_kg: Decimal
    other_partnership: Partnership
    commitment_done: object
    commitment_overdue: object


def _person(owner, ref: str, name: str, *, wanted: bool) -> Person:
    person = Person.objects.create(owner_agency=owner, ref=ref, is_wanted=wanted)
    PersonName.objects.create(person=person, text=name, kind="primary", script="Laoo")
    return person


def build_world(cast) -> World:
    vn, la = cast.quang_nam.country, cast.sekong.country
    qn = AreaFactory(country=vn, code="VN-27", name="Quảng Nam")
    xe = AreaFactory(country=la, code="LA-XE", name="ເຊກອງ")
    kh = AreaFactory(country=cast.kh_add.country, code="KH-16", name="រតនគិរី")
    wanted = _person(cast.sekong, "W-1", WANTED_NAME, wanted=True)
    not_wanted = _person(cast.sekong, "N-1", "Nguyễn Văn Bình", wanted=False)
    # counted: three incidents of the parties' subtrees in the period
    IncidentFactory(
        agency=cast.quang_nam,
        province=qn,
        occurred_on=date(2024, 3, 15),
        items=[("meth_tablets", 20000, "tablets"), ("heroin", "1.5", "kg")],
        arrests=[
            ("VN", 2),
            {"nationality": "LA", "count": 1, "person": wanted},
            {"nationality": "VN", "count": 1, "person": not_wanted},
        ],
    )
    IncidentFactory(
        agency=cast.nam_giang,
        province=qn,
        occurred_on=date(2024, 5, 1),
        items=[("meth_crystal", "10", "kg")],
        arrests=[("VN", 1)],
    )
    IncidentFactory(
        agency=cast.lamam,
        province=xe,
        occurred_on=date(2024, 4, 10),
        items=[("meth_crystal", "5", "kg")],
        arrests=[("LA", 2)],
    )
    # the previous period
    IncidentFactory(
        agency=cast.quang_nam,
        province=qn,
        occurred_on=date(2023, 10, 1),
        items=[("heroin", "2", "kg")],
        arrests=[("VN", 1)],
    )
    # not counted: after the period, cancelled, above a party, another country's agency
    IncidentFactory(
        agency=cast.quang_nam,
        province=qn,
        occurred_on=date(2024, 7, 5),
        items=[("meth_crystal", "100", "kg")],
        arrests=[("VN", 9)],
    )
    IncidentFactory(
        agency=cast.quang_nam,
        province=qn,
        occurred_on=date(2024, 2, 2),
        items=[("meth_crystal", "7", "kg")],
        cancelled_at=timezone.now(),
        cancel_reason="duplicate",
    )
    IncidentFactory(
        agency=cast.c04,
        province=qn,
        occurred_on=date(2024, 2, 3),
        items=[("meth_crystal", "3", "kg")],
        arrests=[("CN", 4)],
    )
    IncidentFactory(
        agency=cast.kh_add,
        province=kh,
        occurred_on=date(2024, 2, 4),
        items=[("heroin", "50", "kg")],
        arrests=[("KH", 5)],
    )
    tablets_kg = SeizedItem.objects.get(drug="meth_tablets").kg
    # a hit between the sides locating a wanted person, and one inside Viet Nam
    located = _person(cast.sekong, "W-2", LOCATED_NAME, wanted=True)
    hit = Hit.objects.create(
        screening_agency=cast.quang_nam,
        person=located,
        owner_agency=cast.sekong,
        decision="match",
        source="screening",
    )
    Hit.objects.filter(pk=hit.pk).update(created_at=aware(date(2024, 2, 20)))
    domestic = _person(cast.quang_nam, "W-3", "Trần Văn Cường", wanted=True)
    hit = Hit.objects.create(
        screening_agency=cast.nam_giang,
        person=domestic,
        owner_agency=cast.quang_nam,
        decision="match",
        source="screening",
    )
    Hit.objects.filter(pk=hit.pk).update(created_at=aware(date(2024, 2, 21)))
    # activities and commitments
    agreement = AgreementFactory(partnership=cast.partnership, number="01/BB-2024")
    done = CommitmentFactory(
        agreement=agreement,
        number="1",
        target=2,
        activity_kind="awareness",
        due_on=date(2024, 6, 30),
        content="Hold 2 awareness conferences in Lamam and Dakcheung",
        responsible=[cast.quang_nam],
    )
    overdue = CommitmentFactory(
        agreement=agreement,
        number="2",
        target=3,
        activity_kind="patrol",
        due_on=date(2024, 5, 31),
        content="Three joint patrols on the border",
        responsible=[cast.sekong],
    )
    expired = AgreementFactory(
        partnership=cast.partnership,
        number="OLD",
        valid_from=date(2022, 1, 1),
        valid_to=date(2023, 12, 31),
        signed_on=date(2022, 1, 1),
    )
    CommitmentFactory(agreement=expired, number="1", content="An expired commitment")
    common = {
        "partnership": cast.partnership,
        "organiser": cast.quang_nam,
        "participating": [cast.sekong],
    }
    ActivityFactory(
        **common,
        kind="awareness",
        title="Lamam",
        starts_on=date(2024, 3, 15),
        participant_count=60,
        place="Lamam",
        commitments=[done],
    )
    ActivityFactory(
        **common,
        kind="awareness",
        title="Dakcheung",
        starts_on=date(2024, 5, 20),
        participant_count=45,
        commitments=[done],
    )
    ActivityFactory(
        **common,
        kind="patrol",
        title="Patrol",
        starts_on=date(2024, 2, 1),
        participant_count=20,
        commitments=[overdue],
    )
    ActivityFactory(
        **common, kind="patrol", title="Later", starts_on=date(2024, 8, 1), participant_count=99
    )
    other = PartnershipFactory(
        code="qnam-add", name="Quảng Nam – ADD", parties=[cast.quang_nam, cast.kh_add]
    )
    ActivityFactory(
        partnership=other,
        organiser=cast.kh_add,
        kind="awareness",
        starts_on=date(2024, 3, 1),
        participant_count=500,
    )
    return World(
        tablets_kg=tablets_kg,
        other_partnership=other,
        commitment_done=done,
        commitment_overdue=overdue,
    )
