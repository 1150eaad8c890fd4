"""The cooperation demo tells the story of the seed articles, and loads idempotently."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Sum

from liaison.agencies.demo import load_demo
from liaison.agencies.models import Partnership, User
from liaison.cooperation.models import (
    Activity,
    Agreement,
    Commitment,
    Conference,
    Delegation,
)
from liaison.cooperation.status import LinkedActivity, commitment_state
from liaison.core.models import AuditEvent
from liaison.exchange.models import Message, Recipient
from liaison.exchange.statistics import partnership_statistics

pytestmark = pytest.mark.django_db

MODELS = (Agreement, Commitment, Activity, Conference, Delegation, Message, Recipient, AuditEvent)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo():
    load_demo()


def state_of(commitment: Commitment, today: date):
    return commitment_state(
        target=commitment.target,
        activity_kind=commitment.activity_kind,
        due_on=commitment.due_on,
        activities=[
            LinkedActivity(a.kind, a.starts_on, a.ends_on) for a in commitment.activities.all()
        ],
        today=today,
        override=commitment.status_override,
    )


def test_loading_twice_writes_nothing_the_second_time(demo, django_assert_max_num_queries):
    before = counts()
    assert before["Agreement"] >= 8 and before["Activity"] >= 25
    with django_assert_max_num_queries(36):  # the agencies test pins the same
        report = load_demo()
    assert counts() == before  # no duplicates, not one extra audit event
    assert not report.changed
    check_every_demo_record_has_its_audit_event()


def check_every_demo_record_has_its_audit_event():
    for model in (Agreement, Commitment, Activity, Conference, Message):
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        audited = set(
            AuditEvent.objects.filter(
                object_type=model._meta.label_lower, action="create", verb="demo_load"
            ).values_list("object_id", flat=True)
        )
        assert ids and ids <= audited, model.__name__


def check_quang_nam_sekong_minutes_follow_each_other_and_were_signed_at_the_reviews():
    qs = Partnership.objects.get(code="qnam-sekong")
    minutes_2023 = Agreement.objects.get(partnership=qs, number="01/BBGN-2023")
    minutes_2024 = Agreement.objects.get(partnership=qs, number="02/BBHN-2024")
    assert minutes_2024.follows == minutes_2023
    assert set(minutes_2024.parties.values_list("code", flat=True)) == {
        "vn-qnam-police",
        "la-sekong-police",
    }
    tam_ky = minutes_2024.conference
    assert (tam_ky.starts_on, tam_ky.kind, tam_ky.host.code) == (
        date(2023, 12, 21),
        "annual",
        "vn-qnam-police",
    )
    assert "Tam Kỳ" in tam_ky.place
    assert tam_ky.delegations.get(agency=tam_ky.host).head_name == "Đại tá Nguyễn Hà Lai"
    assert minutes_2024.commitments.count() == 8

    lamam = Conference.objects.get(partnership=qs, starts_on=date(2024, 8, 14))
    assert lamam.kind == "six_month"
    assert "Lạ Màm" in lamam.place and lamam.host.code == "la-sekong-police"
    assert (lamam.reviews_from, lamam.reviews_to) == (date(2024, 1, 1), date(2024, 6, 30))
    [second_half] = lamam.agreements_signed.all()
    assert second_half.follows == minutes_2024
    assert lamam.delegations.count() == 2


def check_the_awareness_commitment_is_done_by_the_two_conferences():
    commitment = Commitment.objects.get(agreement__number="02/BBHN-2024", activity_kind="awareness")
    assert commitment.target == 2
    assert set(commitment.responsible.values_list("code", flat=True)) >= {
        "vn-qnam-police",
        "la-sekong-police",
    }
    activities = commitment.activities.order_by("starts_on")
    assert [a.area.code for a in activities] == ["LA-XE-LAMAM", "LA-XE-DAKCHEUNG"]
    assert all(date(2024, 1, 1) <= a.starts_on <= date(2024, 6, 30) for a in activities)
    assert activities.aggregate(total=Sum("participant_count"))["total"] > 100
    state = state_of(commitment, date(2024, 6, 30))
    assert (state.status, state.achieved, state.missing) == ("done", 2, 0)
    # before the first conference nothing was achieved yet
    early = state_of(commitment, date(2024, 3, 31))
    assert (early.achieved, early.missing) == (0, 2) and early.status != "done"


def check_the_first_half_of_2024_has_patrols_in_progress_and_an_overdue_item_later():
    minutes = Agreement.objects.get(number="02/BBHN-2024")
    patrols = minutes.commitments.get(activity_kind="patrol")
    half_year = state_of(patrols, date(2024, 6, 30))
    assert (half_year.status, half_year.achieved, half_year.missing) == ("in_progress", 3, 1)
    assert state_of(patrols, date(2024, 12, 31)).status == "done"
    verification = minutes.commitments.get(number="8")
    assert state_of(verification, date(2025, 1, 15)).status == "overdue"


def check_ministerial_mou_plan_376_and_the_2024_ministerial_conference():
    ministerial = Partnership.objects.get(code="vn-la-mps")
    mou = Agreement.objects.get(partnership=ministerial, kind="mou")
    assert mou.signed_on == date(2021, 8, 9)
    plan = Agreement.objects.get(partnership=ministerial, number="376/2021")
    assert plan.follows == mou and plan.kind == "plan"
    hotline = mou.commitments.get(number="1")
    assert hotline.status_override == "done" and hotline.override_reason
    conference = Conference.objects.get(partnership=ministerial, kind="ministerial")
    assert conference.starts_on.year == 2024
    heads = set(conference.delegations.values_list("head_name", flat=True))
    assert heads == {"Trung tướng Nguyễn Văn Long", "Trung tướng Khamking Phuilamanyvong"}
    assert "522H" in conference.minutes


def check_trilateral_conference_of_2023_and_a_blo_meeting():
    trilateral = Conference.objects.get(partnership__code="vn-kh-trilateral")
    assert (trilateral.kind, trilateral.starts_on, trilateral.ends_on) == (
        "trilateral",
        date(2023, 1, 5),
        date(2023, 1, 7),
    )
    assert trilateral.delegations.count() == 3
    assert trilateral.agreements_signed.get().commitments.count() == 3
    assert Conference.objects.filter(partnership__code="blo-mocbai-bavet", kind="blo").exists()


def check_the_calendar_has_something_coming():
    upcoming = Conference.objects.filter(starts_on__gt=date(2026, 11, 22))
    assert upcoming.filter(partnership__code="qnam-sekong", kind="annual").exists()
    due_soon = Commitment.objects.filter(
        due_on__gt=date(2026, 11, 22), due_on__lte=date(2026, 12, 31)
    )
    assert due_soon.count() >= 2


def check_the_2024_first_half_exchange_is_meaningful():
    admin = User.objects.get(username="platform.admin")
    qs = Partnership.objects.get(code="qnam-sekong")
    figures = partnership_statistics(
        user=admin, partnership=qs, date_from=date(2024, 1, 1), date_to=date(2024, 6, 30)
    )
    roots = Message.objects.filter(
        idempotency_key__startswith="demo-qs-",
        thread__isnull=True,
        sent_at__date__gte=date(2024, 1, 1),
        sent_at__date__lte=date(2024, 6, 30),
    )
    assert roots.count() >= 30
    assert set(roots.values_list("kind", flat=True)) == {
        "request",
        "verification",
        "alert",
        "notification",
    }
    flat = repr(figures)
    assert flat.count("request") >= 1
    answered = Recipient.objects.filter(message__in=roots, answered_at__isnull=False)
    assert answered.count() > 10
    late = [p for p in answered if p.answered_at > p.due_at]
    assert 0 < len(late) < answered.count() / 2


def test_the_demo_tells_the_story_of_the_seed_articles(demo):
    # one load for all the checks: loading the demo takes seconds
    check_quang_nam_sekong_minutes_follow_each_other_and_were_signed_at_the_reviews()
    check_the_awareness_commitment_is_done_by_the_two_conferences()
    check_the_first_half_of_2024_has_patrols_in_progress_and_an_overdue_item_later()
    check_ministerial_mou_plan_376_and_the_2024_ministerial_conference()
    check_trilateral_conference_of_2023_and_a_blo_meeting()
    check_the_calendar_has_something_coming()
    check_the_2024_first_half_exchange_is_meaningful()
