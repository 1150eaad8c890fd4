"""The audit-trail browser: who may read what, filters, keyset pages, event detail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.core.audit.selectors import AuditFilters, audit_page
from liaison.core.audit.services import Action, audit_record


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _event(actor, **kwargs):
    kwargs.setdefault("action", Action.UPDATE)
    kwargs.setdefault("object_type", "agencies.agency")
    kwargs.setdefault("object_id", 1)
    return audit_record(actor=actor, **kwargs)


def _shown(response) -> list[int]:
    return [e.seq for e in response.context["page"].events]


def test_only_auditors_and_platform_admins_may_browse(cast):
    for user in (cast.vn_officer, cast.vn_admin, cast.la_officer, cast.outsider):
        assert cast.client_for(user).get(reverse("audit_list")).status_code == 403
    event = _event(cast.vn_officer)
    assert (
        cast.client_for(cast.vn_officer).get(reverse("audit_detail", args=[event.pk])).status_code
        == 403
    )
    for user in (cast.vn_auditor, cast.la_auditor, cast.platform_admin):
        assert cast.client_for(user).get(reverse("audit_list")).status_code == 200


def test_auditors_see_their_own_countrys_events(cast):
    vn = _event(cast.vn_officer, object_repr="Việt Nam event")
    la = _event(cast.la_officer, object_repr="ເຫດການລາວ")
    vn_view = cast.client_for(cast.vn_auditor).get(reverse("audit_list"))
    assert vn.seq in _shown(vn_view) and la.seq not in _shown(vn_view)
    assert "ເຫດການລາວ" not in vn_view.content.decode()
    la_view = cast.client_for(cast.la_auditor).get(reverse("audit_list"))
    assert _shown(la_view) == [la.seq]
    admin_view = cast.client_for(cast.platform_admin).get(reverse("audit_list"))
    assert {vn.seq, la.seq} <= set(_shown(admin_view))


def test_event_detail_is_scoped_to_the_auditors_country(cast):
    la = _event(cast.la_officer)
    url = reverse("audit_detail", args=[la.pk])
    assert cast.client_for(cast.la_auditor).get(url).status_code == 200
    assert cast.client_for(cast.platform_admin).get(url).status_code == 200
    assert cast.client_for(cast.vn_auditor).get(url).status_code == 404
    assert (
        cast.client_for(cast.la_auditor).get(reverse("audit_detail", args=[987654])).status_code
        == 404
    )


def test_event_detail_shows_changes_and_hashes(cast):
    event = _event(
        cast.vn_officer,
        verb="agency_update",
        changes={
            "name": ["Công an tỉnh Quảng Nam", "Công an thành phố Đà Nẵng"],
            "active": [True, False],
        },
    )
    response = cast.client_for(cast.vn_auditor).get(reverse("audit_detail", args=[event.pk]))
    html = response.content.decode()
    assert response.context["change_rows"] == [
        {"field": "active", "before": True, "after": False},
        {"field": "name", "before": "Công an tỉnh Quảng Nam", "after": "Công an thành phố Đà Nẵng"},
    ]
    assert "Công an thành phố Đà Nẵng" in html
    assert event.hash in html and event.prev_hash in html
    assert "agency_update" in html


def test_filters(cast):
    old = _event(
        cast.vn_officer,
        action=Action.CREATE,
        object_type="agencies.user",
        object_id=cast.vn_officer.pk,
    )
    by_admin = _event(cast.vn_admin, action=Action.UPDATE, object_id=cast.quang_nam.pk)
    district = _event(
        cast.vn_district_officer, action=Action.READ, object_type="registry.person", object_id="42"
    )
    failed = audit_record(
        actor=None, action=Action.LOGIN_FAILED, username="ghost", agency=cast.vn_ministry
    )
    client = cast.client_for(cast.vn_auditor)

    def shown(**params):
        return set(_shown(client.get(reverse("audit_list"), params)))

    assert shown(actor="vn_admin") == {by_admin.seq}
    assert shown(actor="ghost") == {failed.seq}  # no such account: the stored name
    assert shown(action="read") == {district.seq}
    assert shown(object_type="agencies.user", object_id=str(cast.vn_officer.pk)) == {old.seq}
    assert shown(agency=cast.nam_giang.pk) == {district.seq}
    today = timezone.localdate()
    assert shown(date_from=today.isoformat(), date_to=today.isoformat()) >= {
        old.seq,
        by_admin.seq,
        district.seq,
        failed.seq,
    }
    assert shown(date_to=(today - dt.timedelta(days=1)).isoformat()) == set()
    assert shown(date_from=(today + dt.timedelta(days=1)).isoformat()) == set()


def test_reversed_dates_are_a_field_error(cast):
    response = cast.client_for(cast.vn_auditor).get(
        reverse("audit_list"), {"date_from": "2025-02-01", "date_to": "2025-01-01"}
    )
    assert response.context["form"].errors["date_to"] == ["The end date is before the start date."]


def test_keyset_pages_walk_older_and_newer(cast):
    events = [_event(cast.vn_officer, object_id=i) for i in range(120)]
    seqs = sorted((e.seq for e in events), reverse=True)
    client = cast.client_for(cast.vn_auditor)
    first = client.get(reverse("audit_list"), {"object_type": "agencies.agency"})
    assert _shown(first) == seqs[:50]
    assert first.context["newer_query"] is None
    older_query = first.context["older_query"]
    assert f"before={seqs[49]}" in older_query and "object_type=agencies.agency" in older_query
    second = client.get(reverse("audit_list") + "?" + older_query)
    assert _shown(second) == seqs[50:100]
    third = client.get(reverse("audit_list") + "?" + second.context["older_query"])
    assert _shown(third) == seqs[100:]
    assert third.context["older_query"] is None
    back = client.get(reverse("audit_list") + "?" + third.context["newer_query"])
    assert _shown(back) == seqs[50:100]
    top = client.get(reverse("audit_list") + "?" + back.context["newer_query"])
    assert _shown(top) == seqs[:50]
    assert top.context["newer_query"] is None


def test_newest_page_stays_full_when_walking_back_up(cast):
    events = [_event(cast.vn_officer, object_id=i) for i in range(7)]
    seqs = sorted((e.seq for e in events), reverse=True)
    page = audit_page(
        user=cast.vn_auditor,
        filters=AuditFilters(object_type="agencies.agency"),
        after=seqs[2],
        size=3,
    )
    # only two newer events exist: show the newest full page instead of a short one
    assert [e.seq for e in page.events] == seqs[:3]
    assert page.newer_than is None


def test_audit_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_auditor)
    client.get(reverse("audit_list"))
    for i in range(60):
        _event([cast.vn_officer, cast.vn_admin, cast.vn_district_officer][i % 3], object_id=i)
    # session, user, roles, scope token, agencies (filter choices), user lookup is not
    # needed without an actor filter, events with their agency: no query per row and no
    # COUNT over the trail.
    with django_assert_max_num_queries(7) as captured:
        response = client.get(reverse("audit_list"))
    assert len(response.context["page"].events) == 50
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
