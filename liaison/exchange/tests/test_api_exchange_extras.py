"""/api/v1/attachments/, /api/v1/notifications/ and /api/v1/exchange/statistics/."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped
from liaison.exchange import services
from liaison.exchange.models import Notification
from liaison.exchange.tests.helpers import PDF_BYTES, pdf, send

API = "/api/v1"


# --- attachments -------------------------------------------------------------------------


def test_attachment_metadata_and_download_are_scoped(cast, lamam_officer):
    message = send(cast, attachments=[pdf("hồ sơ.pdf")])
    attachment = message.attachments.get()
    for path in [
        f"{API}/attachments/{attachment.pk}/",
        f"{API}/attachments/{attachment.pk}/download/",
    ]:
        assert_scoped(
            cast,
            path,
            allowed=[cast.vn_officer, cast.la_officer, cast.la_auditor],
            denied=[cast.outsider, cast.vn_district_officer, lamam_officer],
        )


def test_download_streams_the_file_and_is_audited(cast):
    message = send(cast, attachments=[pdf("hồ sơ.pdf")])
    attachment = message.attachments.get()
    client = cast.client_for(cast.la_officer)

    meta = client.get(f"{API}/attachments/{attachment.pk}/").json()
    assert meta["sha256"] == attachment.sha256 and meta["size"] == len(PDF_BYTES)
    response = client.get(meta["download_url"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        AuditEvent.objects.filter(
            verb="message_attachment_download", actor=cast.la_officer, action="export"
        ).count()
        == 1
    )


def test_outsider_gets_json_404_for_a_missing_attachment_too(cast):
    response = cast.client_for(cast.outsider).get(f"{API}/attachments/424242/download/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


# --- notifications -----------------------------------------------------------------------


def test_notifications_are_the_users_own(cast):
    message = send(cast)
    client = cast.client_for(cast.la_officer)
    rows = client.get(f"{API}/notifications/").json()["results"]
    assert [r["message"] for r in rows] == [message.pk]
    assert rows[0]["verb"] == "received" and message.subject in rows[0]["text"]
    assert cast.client_for(cast.outsider).get(f"{API}/notifications/").json()["results"] == []
    notification = Notification.objects.get(user=cast.la_officer)
    outsider = cast.client_for(cast.outsider).post(f"{API}/notifications/{notification.pk}/read/")
    assert outsider.status_code == 404


def test_mark_read_one_and_all(cast):
    send(cast)
    send(cast)
    client = cast.client_for(cast.la_officer)
    first = Notification.objects.filter(user=cast.la_officer).first()
    assert client.post(f"{API}/notifications/{first.pk}/read/").json() == {"marked_read": 1}
    unread = client.get(f"{API}/notifications/", {"unread": "true"}).json()["results"]
    assert len(unread) == 1
    assert client.post(f"{API}/notifications/read-all/").json() == {"marked_read": 1}
    assert client.get(f"{API}/notifications/", {"unread": "true"}).json()["results"] == []


# --- statistics --------------------------------------------------------------------------


def _period() -> dict:
    today = timezone.localdate()
    return {
        "partnership": None,
        "date_from": (today - timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
    }


def test_statistics_count_and_time_the_answers(cast):
    answered = send(cast)
    send(cast, kind="alert")
    services.message_acknowledge(actor=cast.la_officer, message=answered)
    services.message_reply(actor=cast.la_officer, message=answered, body="Đã xác minh.")
    params = {**_period(), "partnership": cast.partnership.pk}

    response = cast.client_for(cast.vn_officer).get(f"{API}/exchange/statistics/", params)

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["partnership"]["code"] == cast.partnership.code
    quang_nam = next(p for p in data["parties"] if p["agency_id"] == cast.quang_nam.pk)
    sekong = next(p for p in data["parties"] if p["agency_id"] == cast.sekong.pk)
    assert quang_nam["sent"]["by_kind"]["verification"] == 1
    assert quang_nam["sent"]["by_kind"]["alert"] == 1
    assert sekong["sent"]["by_kind"]["reply"] == 1
    assert sekong["responses"]["answered_on_time"] == 1
    assert data["totals"]["share_answered_on_time"] == 1.0
    assert data["period"]["from"] == params["date_from"]


def test_statistics_out_of_scope_is_404_and_bad_period_400(cast):
    params = {**_period(), "partnership": cast.partnership.pk}
    outsider = cast.client_for(cast.outsider).get(f"{API}/exchange/statistics/", params)
    assert outsider.status_code == 404
    backwards = {**params, "date_from": params["date_to"], "date_to": "2020-01-01"}
    response = cast.client_for(cast.vn_officer).get(f"{API}/exchange/statistics/", backwards)
    assert response.status_code == 400 and "date_to" in response.json()
    missing = cast.client_for(cast.vn_officer).get(f"{API}/exchange/statistics/")
    assert missing.status_code == 400 and {"partnership", "date_from"} <= set(missing.json())


def test_schema_documents_the_exchange(cast):
    response = cast.client_for(cast.vn_officer).get(f"{API[:-3]}/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/messages/",
        "/api/v1/messages/{id}/approve/",
        "/api/v1/messages/{id}/reply/",
        "/api/v1/messages/{id}/forward/",
        "/api/v1/messages/{id}/attachments/",
        "/api/v1/attachments/{id}/download/",
        "/api/v1/notifications/",
        "/api/v1/exchange/statistics/",
    ]:
        assert path in paths, path
    headers = [p["name"] for p in paths["/api/v1/messages/"]["post"]["parameters"]]
    assert "Idempotency-Key" in headers
