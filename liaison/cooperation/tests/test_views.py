"""Cooperation pages: every page renders for a party officer, scope on every URL (the
outsider gets 404), 403 for visible-but-not-allowed writes, service errors on the forms,
query counts pinned, downloads audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liaison.cooperation.models import (
    Activity,
    ActivityDocument,
    Agreement,
    AgreementText,
    Commitment,
    Conference,
    Delegation,
)
from liaison.cooperation.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ConferenceFactory,
)
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def cooperation_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def _records(cast):
    today = timezone.localdate()
    conference = ConferenceFactory(
        partnership=cast.partnership, host=cast.quang_nam, starts_on=today + timedelta(days=10)
    )
    agreement = AgreementFactory(
        partnership=cast.partnership,
        valid_from=today - timedelta(days=30),
        valid_to=today + timedelta(days=300),
        conference=conference,
    )
    commitment = CommitmentFactory(
        agreement=agreement,
        target=2,
        activity_kind="awareness",
        responsible=[cast.quang_nam],
        due_on=today + timedelta(days=20),
    )
    activity = ActivityFactory(
        partnership=cast.partnership,
        organiser=cast.quang_nam,
        participating=[cast.sekong],
        commitments=[commitment],
        starts_on=today - timedelta(days=3),
        place="Lamam",
    )
    delegation = Delegation.objects.create(
        conference=conference, agency=cast.sekong, head_name="Khamphone"
    )
    text = AgreementText.objects.create(
        agreement=agreement,
        language="lo",
        file=SimpleUploadedFile("minutes-lo.pdf", PDF),
        original_name="minutes-lo.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=cast.vn_officer,
    )
    document = ActivityDocument.objects.create(
        activity=activity,
        caption="Photo",
        file=SimpleUploadedFile("photo.pdf", PDF),
        original_name="photo.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=cast.vn_officer,
    )
    return {
        "conference": conference,
        "agreement": agreement,
        "commitment": commitment,
        "activity": activity,
        "delegation": delegation,
        "text": text,
        "document": document,
    }


def _urls(cast, r) -> list[str]:
    p = cast.partnership.pk
    return [
        reverse("cooperation_partnership", args=[p]),
        reverse("cooperation_agreement_create", args=[p]),
        reverse("cooperation_activity_create", args=[p]),
        reverse("cooperation_conference_create", args=[p]),
        reverse("cooperation_agreement", args=[r["agreement"].pk]),
        reverse("cooperation_agreement_edit", args=[r["agreement"].pk]),
        reverse("cooperation_commitment_create", args=[r["agreement"].pk]),
        reverse("cooperation_commitment_edit", args=[r["commitment"].pk]),
        reverse("cooperation_activity", args=[r["activity"].pk]),
        reverse("cooperation_activity_edit", args=[r["activity"].pk]),
        reverse("cooperation_conference", args=[r["conference"].pk]),
        reverse("cooperation_conference_edit", args=[r["conference"].pk]),
        reverse("cooperation_delegation_add", args=[r["conference"].pk]),
        reverse("cooperation_delegation_edit", args=[r["delegation"].pk]),
        reverse("cooperation_agreement_text", args=[r["text"].pk]),
        reverse("cooperation_activity_document", args=[r["document"].pk]),
    ]


def test_every_page_renders_for_a_party_officer_and_is_scoped(cast):
    r = _records(cast)
    for url in _urls(cast, r):
        assert_scoped(cast, url, allowed=[cast.vn_officer, cast.la_officer], denied=[cast.outsider])
    # status by hand: supervisors only, but still 404 for the outsider
    status_url = reverse("cooperation_commitment_status", args=[r["commitment"].pk])
    assert_scoped(cast, status_url, allowed=[cast.vn_supervisor], denied=[cast.outsider])
    for url in ["/cooperation/agreements/999999/", "/cooperation/partnerships/999999/"]:
        assert_scoped(cast, url, allowed=[], denied=[cast.vn_officer])


def test_lists_show_nothing_of_the_partnership_to_the_outsider(cast):
    r = _records(cast)
    for name in ["cooperation_partnerships", "cooperation_activities", "cooperation_conferences"]:
        url = reverse(name)
        inside = cast.client_for(cast.vn_officer).get(url)
        outside = cast.client_for(cast.outsider).get(url)
        assert inside.status_code == outside.status_code == 200
        assert cast.partnership.name in inside.content.decode()
        body = outside.content.decode()
        assert cast.partnership.name not in body and r["activity"].title not in body
    calendar = cast.client_for(cast.vn_officer).get(reverse("cooperation_calendar")).content
    assert r["conference"].title in calendar.decode()
    assert r["commitment"].content in calendar.decode()
    calendar = cast.client_for(cast.outsider).get(reverse("cooperation_calendar")).content
    assert r["conference"].title not in calendar.decode()


def test_writes_answer_403_to_readers_who_may_not_write(cast):
    r = _records(cast)
    p = cast.partnership.pk
    # an auditor above a party and an officer below a party read, but do not write
    for user in [cast.vn_auditor, cast.vn_district_officer]:
        client = cast.client_for(user)
        assert client.get(reverse("cooperation_partnership", args=[p])).status_code == 200
        assert client.get(reverse("cooperation_activity_create", args=[p])).status_code == 403
        edit = reverse("cooperation_agreement_edit", args=[r["agreement"].pk])
        assert client.get(edit).status_code == 403
        remove = reverse("cooperation_delegation_remove", args=[r["delegation"].pk])
        assert client.post(remove).status_code == 403
    status_url = reverse("cooperation_commitment_status", args=[r["commitment"].pk])
    assert cast.client_for(cast.vn_officer).get(status_url).status_code == 403
    assert Delegation.objects.filter(pk=r["delegation"].pk).exists()


def test_partnership_page_shows_commitment_states_and_figures(cast, django_assert_max_num_queries):
    r = _records(cast)
    for n in range(4):  # more rows must not mean more queries
        CommitmentFactory(agreement=r["agreement"], responsible=[cast.sekong])
        ActivityFactory(
            partnership=cast.partnership,
            organiser=cast.sekong,
            participating=[cast.quang_nam],
            starts_on=date(2024, 1, 1 + n),
        )
    url = reverse("cooperation_partnership", args=[cast.partnership.pk])
    client = cast.client_for(cast.vn_officer)
    client.get(url)  # warm the scope cache
    with django_assert_max_num_queries(24):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("data-commitment=") == 5
    # target 2, one awareness session held: in progress, one missing
    row = body.split(f'data-commitment="{r["commitment"].pk}"')[1].split("</tr>")[0]
    assert 'data-status="in_progress"' in row and 'data-missing="1"' in row
    assert 'data-figures="exchange"' in body and 'data-figures="seizures"' in body
    report_url = reverse("cooperation_report_new") + f"?partnership={cast.partnership.pk}"
    assert f'href="{report_url}"' in body
    # a chosen period is kept in the form
    response = client.get(url, {"from": "2024-01-01", "to": "2024-06-30"})
    assert 'value="2024-01-01"' in response.content.decode()


def test_lists_are_paginated_in_fixed_queries(cast, django_assert_max_num_queries):
    _records(cast)
    for n in range(30):
        ActivityFactory(
            partnership=cast.partnership, organiser=cast.sekong, participating=[cast.quang_nam]
        )
        ConferenceFactory(partnership=cast.partnership, starts_on=date(2023, 1, 1 + n))
    client = cast.client_for(cast.la_officer)
    for name, marker in [
        ("cooperation_activities", "data-activity="),
        ("cooperation_conferences", "data-conference="),
        ("cooperation_partnerships", "data-partnership="),
    ]:
        client.get(reverse(name))
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert response.content.decode().count(marker) <= 25
    second = client.get(reverse("cooperation_activities"), {"page": 2}).content.decode()
    assert second.count("data-activity=") == 6


def test_activity_filters(cast):
    r = _records(cast)
    ActivityFactory(
        partnership=cast.partnership,
        organiser=cast.sekong,
        kind="patrol",
        title="Tuần tra chung",
        starts_on=date(2023, 5, 1),
    )
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_activities")
    body = client.get(url, {"kind": "patrol"}).content.decode()
    assert "Tuần tra chung" in body and r["activity"].title not in body
    body = client.get(url, {"date_from": "2023-01-01", "date_to": "2023-12-31"}).content.decode()
    assert body.count("data-activity=") == 1
    body = client.get(url, {"partnership": cast.partnership.pk}).content.decode()
    assert body.count("data-activity=") == 2


def test_agreement_create_edit_and_text_upload(cast):
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_agreement_create", args=[cast.partnership.pk])
    response = client.post(
        url,
        {
            "kind": "minutes",
            "number": "01/BB-2025",
            "title": "Biên bản hợp tác 2025",
            "parties": [cast.quang_nam.pk, cast.sekong.pk],
            "valid_from": "2025-01-01",
            "valid_to": "2025-12-31",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(number="01/BB-2025")
    assert set(agreement.parties.all()) == {cast.quang_nam, cast.sekong}
    edit = reverse("cooperation_agreement_edit", args=[agreement.pk])
    assert client.get(edit).status_code == 200
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("cooperation_agreement_text_add", args=[agreement.pk]),
        {"language": "vi", "upload": upload},
    )
    assert response.status_code == 302
    assert AgreementText.objects.get(agreement=agreement).language == "vi"
    page = client.get(reverse("cooperation_agreement", args=[agreement.pk])).content.decode()
    assert "bien-ban.pdf" in page


def test_agreement_errors_are_shown_and_nothing_is_written(cast):
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_agreement_create", args=[cast.partnership.pk])
    response = client.post(
        url,
        {
            "kind": "minutes",
            "title": "One side only",
            "parties": [cast.quang_nam.pk],
            "valid_from": "2025-12-31",
            "valid_to": "2025-01-01",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get("parties") and form.errors.get("valid_to")
    assert 'id="id_parties_error1"' in response.content.decode()
    assert not Agreement.objects.filter(title="One side only").exists()


def test_commitment_without_a_responsible_party_is_an_error(cast):
    r = _records(cast)
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_commitment_create", args=[r["agreement"].pk])
    response = client.post(url, {"number": "9", "content": "Hold 2 awareness sessions"})
    assert response.status_code == 400
    assert response.context["form"].errors.get("responsible")
    assert not Commitment.objects.filter(number="9").exists()
    response = client.post(
        url,
        {
            "number": "9",
            "content": "Hold 2 awareness sessions",
            "responsible": [cast.sekong.pk],
            "target": "2",
            "activity_kind": "awareness",
        },
    )
    assert response.status_code == 302
    assert Commitment.objects.get(number="9").target == 2


def test_activity_outside_the_parties_and_reversed_dates_are_errors(cast):
    r = _records(cast)
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_activity_create", args=[cast.partnership.pk])
    data = {
        "kind": "awareness",
        "title": "Tuyên truyền ở Lamam",
        "starts_on": "2025-03-10",
        "ends_on": "2025-03-01",
        "organiser": cast.quang_nam.pk,
        "participating": [cast.kh_add.pk],
        "commitments": [r["commitment"].pk],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    # the form offers only the parties and their units
    assert response.context["form"].errors.get("participating")
    data.update(participating=[cast.sekong.pk, cast.lamam.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    # the service's rule, on the field it names
    assert response.context["form"].errors.get("ends_on")
    assert 'id="id_ends_on_error1"' in response.content.decode()
    assert not Activity.objects.filter(title="Tuyên truyền ở Lamam").exists()
    data.update(ends_on="2025-03-10")
    response = client.post(url, data)
    assert response.status_code == 302
    activity = Activity.objects.get(title="Tuyên truyền ở Lamam")
    assert list(activity.commitments.all()) == [r["commitment"]]


def test_conference_errors_and_delegations(cast):
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_conference_create", args=[cast.partnership.pk])
    bad = {
        "kind": "six_month",
        "title": "Sơ kết 6 tháng",
        "starts_on": "2025-07-10",
        "ends_on": "2025-07-09",
        "reviews_from": "2025-06-30",
        "reviews_to": "2025-01-01",
    }
    response = client.post(url, bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors.get("ends_on") and errors.get("reviews_to")
    assert not Conference.objects.filter(title="Sơ kết 6 tháng").exists()
    response = client.post(url, {**bad, "ends_on": "", "reviews_to": "2025-06-30"})
    assert response.status_code == 302
    conference = Conference.objects.get(title="Sơ kết 6 tháng")
    add = reverse("cooperation_delegation_add", args=[conference.pk])
    response = client.post(add, {"agency": cast.sekong.pk, "head_name": "Đại tá Souksavanh"})
    assert response.status_code == 302
    delegation = Delegation.objects.get(conference=conference)
    edit = reverse("cooperation_delegation_edit", args=[delegation.pk])
    assert client.post(edit, {"head_name": "Col. Souksavanh"}).status_code == 302
    delegation.refresh_from_db()
    assert delegation.head_name == "Col. Souksavanh" and delegation.agency == cast.sekong
    page = client.get(reverse("cooperation_conference", args=[conference.pk])).content.decode()
    assert "Col. Souksavanh" in page
    remove = reverse("cooperation_delegation_remove", args=[delegation.pk])
    assert client.post(remove).status_code == 302
    assert not Delegation.objects.filter(pk=delegation.pk).exists()


def test_status_by_hand_needs_a_reason(cast):
    r = _records(cast)
    client = cast.client_for(cast.vn_supervisor)
    url = reverse("cooperation_commitment_status", args=[r["commitment"].pk])
    response = client.post(url, {"status": "dropped", "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors
    r["commitment"].refresh_from_db()
    assert r["commitment"].status_override == ""
    response = client.post(url, {"status": "dropped", "reason": "Replaced by the 2025 minutes"})
    assert response.status_code == 302
    r["commitment"].refresh_from_db()
    assert r["commitment"].status_override == "dropped"
    page = client.get(reverse("cooperation_agreement", args=[r["agreement"].pk])).content.decode()
    assert 'data-status="dropped"' in page and "Replaced by the 2025 minutes" in page


def test_downloads_are_audited(cast):
    r = _records(cast)
    client = cast.client_for(cast.la_officer)
    for name, record in [
        ("cooperation_agreement_text", r["text"]),
        ("cooperation_activity_document", r["document"]),
    ]:
        before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
        response = client.get(reverse(name, args=[record.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert record.original_name in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        events = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
        assert events.count() == before + 1
        assert events.order_by("-seq").first().actor == cast.la_officer


def test_activity_document_upload(cast):
    r = _records(cast)
    client = cast.client_for(cast.la_officer)
    upload = SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")
    url = reverse("cooperation_activity_document_add", args=[r["activity"].pk])
    response = client.post(url, {"upload": upload, "caption": "Buổi tuyên truyền"})
    assert response.status_code == 302
    assert r["activity"].documents.filter(caption="Buổi tuyên truyền").exists()
    page = client.get(reverse("cooperation_activity", args=[r["activity"].pk])).content.decode()
    assert "Buổi tuyên truyền" in page


def test_detail_pages_and_calendar_in_fixed_queries(cast, django_assert_max_num_queries):
    r = _records(cast)
    today = timezone.localdate()
    for n in range(5):  # more rows must not mean more queries
        CommitmentFactory(
            agreement=r["agreement"], responsible=[cast.sekong], due_on=today + timedelta(days=n)
        )
        ConferenceFactory(partnership=cast.partnership, starts_on=today + timedelta(days=n))
    for n, agency in enumerate([cast.vn_ministry, cast.la_ministry, cast.lamam]):
        Delegation.objects.create(conference=r["conference"], agency=agency, head_name=f"H{n}")
    client = cast.client_for(cast.la_officer)
    for url, most in [
        (reverse("cooperation_calendar"), 10),
        (reverse("cooperation_agreement", args=[r["agreement"].pk]), 14),
        (reverse("cooperation_activity", args=[r["activity"].pk]), 12),
        (reverse("cooperation_conference", args=[r["conference"].pk]), 12),
    ]:
        client.get(url)
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
    calendar = client.get(reverse("cooperation_calendar")).content.decode()
    assert calendar.count("data-commitment=") == 6
