"""The review report's numbers against the data created (figures.py): only the
partnership's agencies and subtrees, only the period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from liaison.cases.models import CaseParticipant, JointCase
from liaison.cases.tests.helpers import make_522h
from liaison.cooperation.report import figures
from liaison.cooperation.tests.report_world import (
    FROM,
    LOCATED_NAME,
    TO,
    WANTED_NAME,
    aware,
    build_world,
)
from liaison.exchange import services as exchange_services
from liaison.exchange.models import Recipient
from liaison.exchange.tests.helpers import send


def test_previous_period_has_the_same_length():
    assert figures.previous_period(FROM, TO) == (date(2023, 7, 3), date(2023, 12, 31))


def test_situation_counts_the_partnership_and_the_period_only(cast):
    world = build_world(cast)
    ids = figures.all_ids(figures.sides_of(cast.partnership))
    assert cast.nam_giang.pk in ids and cast.lamam.pk in ids and cast.c04.pk not in ids
    now = figures.situation(agency_ids=ids, date_from=FROM, date_to=TO)
    assert now.incidents == 3
    assert now.arrested == 7
    assert now.kg == Decimal("16.5") + world.tablets_kg
    assert now.drugs["meth_crystal"].kg == Decimal(15)
    assert now.drugs["heroin"].kg == Decimal("1.5")
    assert now.drugs["meth_tablets"].quantities == {"tablets": Decimal(20000)}
    assert now.nationalities == {"VN": 4, "LA": 3}
    by_province = {key: p.incidents for key, p in now.provinces.items()}
    assert by_province == {("LA", "ເຊກອງ"): 1, ("VN", "Quảng Nam"): 2}
    before = figures.situation(
        agency_ids=ids, date_from=date(2023, 7, 3), date_to=date(2023, 12, 31)
    )
    assert before.incidents == 1 and before.kg == Decimal(2)
    assert before.nationalities == {"VN": 1}


def test_activities_and_commitment_states(cast):
    world = build_world(cast)
    activities = figures.activities(partnership=cast.partnership, date_from=FROM, date_to=TO)
    assert [a.title for a in activities] == ["Patrol", "Lamam", "Dakcheung"]
    by_kind = figures.activities_by_kind(activities)
    assert (by_kind["awareness"].activities, by_kind["awareness"].participants) == (2, 105)
    assert (by_kind["patrol"].activities, by_kind["patrol"].participants) == (1, 20)
    states = dict(figures.commitments(partnership=cast.partnership, date_from=FROM, date_to=TO))
    assert set(states) == {world.commitment_done, world.commitment_overdue}  # not the expired
    assert states[world.commitment_done].status == "done"
    overdue = states[world.commitment_overdue]
    assert (overdue.status, overdue.achieved, overdue.missing) == ("overdue", 1, 2)


def test_persons_of_interest_arrested_or_located_across_the_border(cast):
    build_world(cast)
    sides = figures.sides_of(cast.partnership)
    persons = figures.persons_of_interest(sides=sides, date_from=FROM, date_to=TO)
    assert [(p.name, p.how) for p in persons] == [
        (LOCATED_NAME, "located"),
        (WANTED_NAME, "arrested"),
    ]
    # another period: nobody
    assert (
        figures.persons_of_interest(
            sides=sides, date_from=date(2023, 1, 1), date_to=date(2023, 6, 30)
        )
        == []
    )


def test_joint_cases_with_both_sides(cast):
    case = make_522h(cast)  # established 05/04/2024, expanded 01/06/2024
    domestic = JointCase.objects.create(
        code="VN-ONLY",
        title="Chuyên án trong nước",
        lead_agency=cast.quang_nam,
        status="active",
        established_on=date(2024, 2, 1),
    )
    for agency in (cast.quang_nam, cast.nam_giang):
        CaseParticipant.objects.create(case=domestic, agency=agency)
    found = figures.joint_cases(
        sides=figures.sides_of(cast.partnership), date_from=FROM, date_to=TO
    )
    assert [f.case.pk for f in found] == [case.pk]
    only = found[0]
    assert only.established_in_period and only.expanded_in_period and only.active
    assert not only.closed_in_period
    assert only.totals.whole.incidents == 2 and only.totals.whole.kg > Decimal(170)
    assert len(only.totals.phases) == 2
    assert CaseParticipant.objects.filter(case=case).count() == 2
    earlier = figures.joint_cases(
        sides=figures.sides_of(cast.partnership),
        date_from=date(2023, 1, 1),
        date_to=date(2023, 12, 31),
    )
    assert earlier == []


def test_exchange_by_kind_level_and_on_time(cast):
    request = send(cast, kind="verification")
    send(cast, kind="alert")
    send(cast, to=[cast.c04])  # domestic
    exchange_services.message_reply(actor=cast.la_officer, message=request, body="ok")
    Recipient.objects.update(sent_at=aware(date(2024, 3, 1), 8), due_at=aware(date(2024, 3, 2)))
    Recipient.objects.filter(answered_at__isnull=False).update(
        answered_at=aware(date(2024, 3, 1), 20)
    )
    data = figures.exchange(partnership=cast.partnership, date_from=FROM, date_to=TO)
    assert data["by_kind"]["by_kind"]["verification"] == 1
    assert data["by_kind"]["by_kind"]["alert"] == 1
    assert data["by_kind"]["by_kind"]["reply"] == 1
    assert data["totals"]["messages"] == 3
    assert data["totals"]["answered_on_time"] == 1
    assert data["totals"]["median_hours_to_answer"] == 12.0
    # Sekong (provincial) received two; Quảng Nam (provincial) the reply
    assert data["by_level"]["provincial"]["messages"] == 3
    assert data["by_level"]["central"]["messages"] == 0
    outside = figures.exchange(
        partnership=cast.partnership, date_from=date(2024, 7, 1), date_to=date(2024, 12, 31)
    )
    assert outside["totals"]["messages"] == 0
