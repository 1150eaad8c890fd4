"""The cooperation API: scope (404 JSON), writes through services (403/400), uploads,
the partnership overview and the calendar."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liaison.cooperation.models import AgreementText
from liaison.cooperation.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ConferenceFactory,
)
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped

API = "/api/v1/cooperation"
PDF = b"%PDF-1.4\n% minutes\n"


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


def send(client, path, data, method="post"):
    return getattr(client, method)(path, json.dumps(data), content_type="application/json")


@pytest.fixture
def records(cast):
    agreement = AgreementFactory(partnership=cast.partnership)
    commitment = CommitmentFactory(agreement=agreement, target=2, activity_kind="awareness")
    activity = ActivityFactory(
        partnership=cast.partnership, organiser=cast.quang_nam, commitments=[commitment]
    )
    conference = ConferenceFactory(partnership=cast.partnership)
    return agreement, commitment, activity, conference


def test_every_url_is_scoped(cast, records, private_storage):
    agreement, commitment, activity, conference = records
    text = AgreementText.objects.create(
        agreement=agreement,
        language="vi",
        file=SimpleUploadedFile("a.pdf", PDF),
        original_name="a.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="x" * 64,
        uploaded_by=cast.vn_officer,
    )
    allowed = [cast.vn_officer, cast.la_officer, cast.vn_district_officer, cast.vn_auditor]
    for url in [
        f"{API}/partnerships/{cast.partnership.pk}/",
        f"{API}/agreements/{agreement.pk}/",
        f"{API}/commitments/{commitment.pk}/",
        f"{API}/activities/{activity.pk}/",
        f"{API}/conferences/{conference.pk}/",
        f"{API}/agreement-texts/{text.pk}/download/",
        f"{API}/agreements/?partnership={cast.partnership.pk}",
        f"{API}/activities/?partnership={cast.partnership.pk}",
        f"{API}/commitments/?agreement={agreement.pk}",
    ]:
        assert_scoped(cast, url, allowed=allowed, denied=[cast.outsider])
    for url in ["partnerships", "agreements", "commitments", "activities", "conferences"]:
        assert_scoped(cast, f"{API}/{url}/", allowed=[cast.vn_officer, cast.outsider], denied=[])
        assert cast.client_for(cast.outsider).get(f"{API}/{url}/").json()["count"] == 0
        assert cast.client_for(cast.la_officer).get(f"{API}/{url}/").json()["count"] == 1
    assert_scoped(cast, f"{API}/calendar/", allowed=[cast.outsider], denied=[])
    assert AuditEvent.objects.filter(verb="cooperation.agreement_text_download").count() == 4


def test_lists_paginate_filter_and_hold_their_query_count(cast, django_assert_max_num_queries):
    agreement = AgreementFactory(partnership=cast.partnership)
    for n in range(6):
        commitment = CommitmentFactory(agreement=agreement)
        ActivityFactory(
            partnership=cast.partnership,
            organiser=cast.quang_nam,
            participating=[cast.sekong],
            commitments=[commitment],
            kind="patrol" if n % 2 else "awareness",
        )
    client = cast.client_for(cast.vn_officer)
    client.get(f"{API}/activities/")
    with django_assert_max_num_queries(12):
        page = client.get(f"{API}/activities/", {"page_size": 4}).json()
    assert page["count"] == 6 and len(page["results"]) == 4 and page["next"]
    assert client.get(f"{API}/activities/", {"kind": "patrol"}).json()["count"] == 3
    with django_assert_max_num_queries(12):
        commitments = client.get(f"{API}/commitments/").json()
    assert commitments["count"] == 6
    assert commitments["results"][0]["state"]["status"] in {"done", "overdue"}
    with django_assert_max_num_queries(10):
        assert client.get(f"{API}/agreements/").json()["count"] == 1
    bad = client.get(f"{API}/activities/", {"from": "yesterday"})
    assert bad.status_code == 400 and "from" in bad.json()


def test_create_update_errors_and_permissions(cast):
    client = cast.client_for(cast.vn_officer)
    data = {
        "partnership": cast.partnership.pk,
        "kind": "minutes",
        "title": "Biên bản 2024",
        "parties": ["vn-qnam-police", "la-sekong-police"],
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
    }
    created = send(client, f"{API}/agreements/", data)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert sorted(created.json()["parties"]) == ["la-sekong-police", "vn-qnam-police"]
    changed = send(client, f"{API}/agreements/{pk}/", {"title": "Minutes"}, "patch")
    assert changed.status_code == 200 and changed.json()["title"] == "Minutes"
    bad = send(client, f"{API}/agreements/", {**data, "parties": ["vn-qnam-police"]})
    assert bad.status_code == 400 and "parties" in bad.json()
    missing = send(client, f"{API}/agreements/", {"partnership": cast.partnership.pk})
    assert missing.status_code == 400 and "title" in missing.json()
    auditor = cast.client_for(cast.vn_auditor)
    assert send(auditor, f"{API}/agreements/", data).status_code == 403
    assert send(auditor, f"{API}/agreements/{pk}/", {"title": "x"}, "patch").status_code == 403
    outsider = cast.client_for(cast.outsider)
    assert send(outsider, f"{API}/agreements/{pk}/", {"title": "x"}, "patch").status_code == 404
    hidden = send(outsider, f"{API}/agreements/", data)
    assert hidden.status_code == 400 and "partnership" in hidden.json()

    commitment = send(
        client,
        f"{API}/commitments/",
        {"agreement": pk, "number": "1", "content": "2 hội nghị", "responsible": []},
    )
    assert commitment.status_code == 400 and "responsible" in commitment.json()
    commitment = send(
        client,
        f"{API}/commitments/",
        {
            "agreement": pk,
            "number": "1",
            "content": "2 hội nghị",
            "responsible": ["la-lamam-police"],
            "target": 2,
            "activity_kind": "awareness",
        },
    )
    assert commitment.status_code == 201, commitment.content
    cpk = commitment.json()["id"]
    assert commitment.json()["state"]["status"] == "planned"
    activity = send(
        client,
        f"{API}/activities/",
        {
            "partnership": cast.partnership.pk,
            "kind": "awareness",
            "title": "Lamam",
            "starts_on": "2024-03-15",
            "organiser": "kh-add",
            "commitments": [cpk],
        },
    )
    assert activity.status_code == 400 and "organiser" in activity.json()
    conference = send(
        client,
        f"{API}/conferences/",
        {
            "partnership": cast.partnership.pk,
            "kind": "six_month",
            "title": "Sơ kết",
            "starts_on": "2024-08-14",
            "host": "la-sekong-police",
        },
    )
    assert conference.status_code == 201, conference.content
    conf = conference.json()["id"]
    delegation = send(
        client,
        f"{API}/conferences/{conf}/delegations/",
        {"agency": "vn-qnam-police", "head_name": "Nguyễn Văn A"},
    )
    assert delegation.status_code == 200, delegation.content
    detail = client.get(f"{API}/conferences/{conf}/").json()
    assert detail["delegations"][0]["head_name"] == "Nguyễn Văn A"
    assert client.delete(f"{API}/conferences/{conf}/delegations/vn-qnam-police/").status_code == 204
    assert client.delete(f"{API}/conferences/{conf}/delegations/vn-qnam-police/").status_code == 404


def test_commitment_status_action(cast):
    commitment = CommitmentFactory(agreement__partnership=cast.partnership)
    url = f"{API}/commitments/{commitment.pk}/status/"
    officer = cast.client_for(cast.vn_officer)
    assert send(officer, url, {"status": "dropped", "reason": "x"}).status_code == 403
    supervisor = cast.client_for(cast.vn_supervisor)
    no_reason = send(supervisor, url, {"status": "dropped"})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    done = send(supervisor, url, {"status": "dropped", "reason": "No budget"})
    assert done.status_code == 200
    assert done.json()["state"] == {
        "status": "dropped",
        "achieved": 0,
        "target": 1,
        "missing": 0,
        "overridden": True,
        "upcoming": 0,
        "is_open": False,
    }
    cleared = send(supervisor, url, {"status": ""})
    assert cleared.json()["status_override"] == "" and not cleared.json()["state"]["overridden"]
    outsider = cast.client_for(cast.outsider)
    assert send(outsider, url, {"status": ""}).status_code == 404


def test_uploads_and_downloads(cast, private_storage):
    agreement = AgreementFactory(partnership=cast.partnership)
    activity = ActivityFactory(partnership=cast.partnership, organiser=cast.quang_nam)
    client = cast.client_for(cast.la_officer)
    response = client.post(
        f"{API}/agreements/{agreement.pk}/texts/",
        {"language": "lo", "file": SimpleUploadedFile("ບົດ.pdf", PDF)},
    )
    assert response.status_code == 201, response.content
    download = client.get(f"{API}/agreement-texts/{response.json()['id']}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    unknown = client.post(
        f"{API}/agreements/{agreement.pk}/texts/",
        {"language": "fr", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert unknown.status_code == 400 and "language" in unknown.json()
    photo = client.post(
        f"{API}/activities/{activity.pk}/documents/",
        {"file": SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 8), "caption": "c"},
    )
    assert photo.status_code == 201, photo.content
    doc = photo.json()["id"]
    assert client.get(f"{API}/activity-documents/{doc}/download/").status_code == 200
    assert_scoped(
        cast,
        f"{API}/activity-documents/{doc}/download/",
        allowed=[cast.vn_officer],
        denied=[cast.outsider],
    )
    refused = cast.client_for(cast.la_auditor).post(
        f"{API}/activities/{activity.pk}/documents/", {"file": SimpleUploadedFile("p.pdf", PDF)}
    )
    assert refused.status_code == 403


def test_partnership_overview_and_calendar(cast):
    agreement = AgreementFactory(partnership=cast.partnership)
    commitment = CommitmentFactory(agreement=agreement, target=1, due_on=date(2024, 5, 1))
    ActivityFactory(partnership=cast.partnership, organiser=cast.quang_nam)
    client = cast.client_for(cast.la_officer)
    overview = client.get(
        f"{API}/partnerships/{cast.partnership.pk}/", {"from": "2024-01-01", "to": "2024-06-30"}
    )
    assert overview.status_code == 200, overview.content
    body = overview.json()
    assert body["period"] == {"date_from": "2024-01-01", "date_to": "2024-06-30"}
    assert body["agreements"][0]["in_force"] is True
    assert body["agreements"][0]["commitments"][0]["id"] == commitment.pk
    assert body["commitment_counts"]["overdue"] == 1
    assert len(body["recent_activities"]) == 1
    assert set(body["figures"]) >= {"exchange", "cases", "seizures"}
    reversed_period = client.get(
        f"{API}/partnerships/{cast.partnership.pk}/", {"from": "2024-06-30", "to": "2024-01-01"}
    )
    assert reversed_period.status_code == 400 and "to" in reversed_period.json()
    today = timezone.localdate()
    ConferenceFactory(partnership=cast.partnership, starts_on=today + timedelta(days=5))
    CommitmentFactory(agreement=agreement, due_on=today + timedelta(days=7))
    calendar = client.get(f"{API}/calendar/").json()
    assert len(calendar["conferences"]) == 1 and len(calendar["commitments_due"]) == 1
    assert calendar["commitments_due"][0]["state"]["status"] == "planned"
    assert cast.client_for(cast.outsider).get(f"{API}/calendar/").json()["conferences"] == []
