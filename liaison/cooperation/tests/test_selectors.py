"""Scoped reads: who sees which partnership's records, commitment states in one query,
the calendar, and the live figures of a partnership checked against created data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from liaison.cases import services as cases_services
from liaison.cases.tests.helpers import make_case
from liaison.cooperation import selectors
from liaison.cooperation.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ConferenceFactory,
)
from liaison.core.testing.factories import PartnershipFactory
from liaison.exchange.tests.helpers import send
from liaison.seizures.tests.factories import IncidentFactory


@pytest.fixture
def records(cast):
    agreement = AgreementFactory(partnership=cast.partnership)
    commitment = CommitmentFactory(agreement=agreement, target=2, activity_kind="awareness")
    activity = ActivityFactory(
        partnership=cast.partnership, organiser=cast.quang_nam, commitments=[commitment]
    )
    conference = ConferenceFactory(partnership=cast.partnership)
    return agreement, commitment, activity, conference


def test_scope_parties_chain_of_command_and_units_below(cast, records):
    agreement, commitment, activity, conference = records
    other = PartnershipFactory(code="kh-la", parties=[cast.kh_add, cast.la_ministry])
    hidden = AgreementFactory(partnership=other, parties=[cast.kh_add, cast.la_ministry])
    for user in [
        cast.vn_officer,
        cast.la_officer,
        cast.vn_district_officer,  # below a party
        cast.vn_auditor,  # the ministry, above a party
    ]:
        assert agreement in selectors.agreement_list(user=user), user
        assert selectors.agreement_get(user=user, pk=agreement.pk) == agreement
        assert selectors.commitment_get(user=user, pk=commitment.pk) == commitment
        assert selectors.activity_get(user=user, pk=activity.pk) == activity
        assert selectors.conference_get(user=user, pk=conference.pk) == conference
        assert cast.partnership in selectors.cooperation_partnerships(user=user)
    assert list(selectors.agreement_list(user=cast.vn_officer)) == [agreement]
    # the Lao ministry is above Sekong (this partnership) and a party of the other one,
    # so Sekong, below it, sees both
    assert set(selectors.agreement_list(user=cast.la_auditor)) == {agreement, hidden}
    assert set(selectors.agreement_list(user=cast.la_officer)) == {agreement, hidden}
    outsider = cast.outsider
    assert list(selectors.agreement_list(user=outsider)) == [hidden]
    assert not selectors.activity_list(user=outsider).exists()
    assert not selectors.conference_list(user=outsider).exists()
    for getter, pk in [
        (selectors.agreement_get, agreement.pk),
        (selectors.commitment_get, commitment.pk),
        (selectors.activity_get, activity.pk),
        (selectors.conference_get, conference.pk),
        (selectors.partnership_get, cast.partnership.pk),
    ]:
        with pytest.raises(Http404):
            getter(user=outsider, pk=pk)
    with pytest.raises(Http404):
        selectors.agreement_get(user=cast.vn_officer, pk=hidden.pk)
    with pytest.raises(Http404):
        selectors.partnership_get(user=cast.vn_officer, pk="nonsense")


def test_partnership_counts(cast, records):
    ActivityFactory(partnership=cast.partnership, organiser=cast.sekong)
    partnership = selectors.partnership_get(user=cast.la_officer, pk=cast.partnership.pk)
    assert (
        partnership.agreement_count,
        partnership.activity_count,
        partnership.conference_count,
    ) == (1, 2, 1)


def test_activity_filters(cast):
    march = ActivityFactory(partnership=cast.partnership, organiser=cast.quang_nam)
    patrol = ActivityFactory(
        partnership=cast.partnership,
        organiser=cast.sekong,
        kind="patrol",
        starts_on=date(2024, 5, 30),
        ends_on=date(2024, 6, 2),
    )
    user = cast.vn_officer
    assert list(selectors.activity_list(user=user, kind="patrol")) == [patrol]
    june = selectors.activity_list(user=user, date_from=date(2024, 6, 1), date_to=date(2024, 6, 30))
    assert list(june) == [patrol]  # under way on 1 June
    spring = selectors.activity_list(
        user=user, date_from=date(2024, 3, 1), date_to=date(2024, 3, 31)
    )
    assert list(spring) == [march]
    assert list(selectors.activity_list(user=user, partnership=cast.partnership)) == [patrol, march]


def test_commitment_states_in_one_query(cast, django_assert_num_queries):
    agreement = AgreementFactory(partnership=cast.partnership)
    done = CommitmentFactory(agreement=agreement, target=1, activity_kind="awareness")
    overdue = CommitmentFactory(
        agreement=agreement, target=2, activity_kind="awareness", due_on=date(2024, 5, 1)
    )
    dropped = CommitmentFactory(
        agreement=agreement, status_override="dropped", override_reason="no budget"
    )
    planned = CommitmentFactory(agreement=agreement, target=3, activity_kind="training")
    ActivityFactory(
        partnership=cast.partnership, organiser=cast.quang_nam, commitments=[done, overdue]
    )
    ActivityFactory(
        partnership=cast.partnership,
        organiser=cast.quang_nam,
        kind="patrol",
        commitments=[overdue, planned],
    )
    commitments = list(agreement.commitments.all())
    with django_assert_num_queries(1):
        states = dict(selectors.commitment_states(commitments=commitments, today=date(2024, 6, 30)))
    assert states[done].status == "done"
    assert (states[overdue].status, states[overdue].missing) == ("overdue", 1)
    assert states[dropped].status == "dropped" and states[dropped].overridden
    assert (states[planned].status, states[planned].missing) == ("planned", 3)
    with django_assert_num_queries(0):
        assert selectors.commitment_states(commitments=[], today=date(2024, 6, 30)) == []


def test_calendar_upcoming_conferences_and_open_commitments_due(cast):
    today = timezone.localdate()
    soon = ConferenceFactory(partnership=cast.partnership, starts_on=today + timedelta(days=10))
    ConferenceFactory(partnership=cast.partnership, starts_on=today + timedelta(days=200))
    agreement = AgreementFactory(partnership=cast.partnership)
    due = CommitmentFactory(agreement=agreement, due_on=today + timedelta(days=20))
    done = CommitmentFactory(agreement=agreement, due_on=today + timedelta(days=20))
    ActivityFactory(
        partnership=cast.partnership,
        organiser=cast.quang_nam,
        starts_on=today - timedelta(days=1),
        commitments=[done],
    )
    CommitmentFactory(agreement=agreement, due_on=today + timedelta(days=300))
    found = selectors.calendar(
        user=cast.la_officer, date_from=today, date_to=today + timedelta(days=90)
    )
    assert list(found["conferences"]) == [soon]
    assert [(c, s.status) for c, s in found["commitments_due"]] == [(due, "planned")]
    nothing = selectors.calendar(
        user=cast.outsider, date_from=today, date_to=today + timedelta(days=90)
    )
    assert not nothing["conferences"] and nothing["commitments_due"] == []


def test_partnership_figures_match_the_data(cast):
    period = {"date_from": date(2024, 1, 1), "date_to": date(2024, 6, 30)}
    IncidentFactory(
        agency=cast.quang_nam,
        items=[("heroin", "1.5", "kg")],
        arrests=[("VN", 2), ("LA", 1)],
    )
    # shared with partners, so that Quảng Nam sees them
    IncidentFactory(
        agency=cast.lamam, sharing="partners", items=[("heroin", "2", "kg")], arrests=[("LA", 1)]
    )
    IncidentFactory(agency=cast.sekong, sharing="partners", items=[("cannabis", "10", "kg")])
    IncidentFactory(agency=cast.sekong, sharing="agency")  # not shared: not counted
    IncidentFactory(agency=cast.quang_nam, occurred_on=date(2024, 8, 1))  # after the period
    IncidentFactory(agency=cast.c04)  # above a party: not the parties' subtrees
    IncidentFactory(agency=cast.kh_add, sharing="network")  # another country
    cancelled = IncidentFactory(agency=cast.sekong, sharing="partners")
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    joint = make_case(cast, code="A1", proposed_on=date(2024, 4, 1))
    cases_services.case_create(  # Lao side above Sekong: not the partnership's sides
        actor=cast.platform_admin,
        code="A2",
        title="t",
        lead_agency=cast.quang_nam,
        participants=[cast.la_drug_dept],
        proposed_on=date(2024, 4, 1),
    )
    send(cast, kind="verification")

    figures = selectors.partnership_figures(
        user=cast.vn_officer, partnership=cast.partnership, **period
    )
    seizures = figures["seizures"]
    assert seizures["incidents"] == 3
    assert seizures["arrested"] == 4
    assert seizures["kg_by_drug"] == {"cannabis": Decimal("10"), "heroin": Decimal("3.5")}
    assert seizures["kg"] == Decimal("13.5")
    by_party = {row["agency_id"]: row for row in seizures["by_party"]}
    assert by_party[cast.quang_nam.pk]["incidents"] == 1
    assert by_party[cast.sekong.pk]["incidents"] == 2  # Lamam counts for Sekong
    assert by_party[cast.sekong.pk]["arrested"] == 1
    cases = figures["cases"]
    assert cases["total"] == 1  # A2 has no Lao side
    assert cases["by_status"][joint.status] == 1
    # the exchange figures are those of the exchange's own statistics
    today = timezone.localdate()
    this_year = {"date_from": today - timedelta(days=1), "date_to": today}
    live = selectors.partnership_figures(
        user=cast.vn_officer, partnership=cast.partnership, **this_year
    )
    assert live["exchange"]["totals"]["messages"] == 1
    assert figures["exchange"]["totals"]["messages"] == 0
