"""/api/v1/messages/: compose (idempotent), lists with filters and search, detail, and
every action; bad input answers 400 JSON naming the field and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from liaison.core.models import AuditEvent
from liaison.core.sharing import HandlingCode
from liaison.core.testing.scope import assert_scoped
from liaison.exchange.models import Message, MessageStatus, Recipient, RecipientStatus
from liaison.exchange.tests.helpers import counts, pdf, send

API = "/api/v1"
JSON = "application/json"


def compose_body(cast, **overrides) -> dict:
    body = {
        "recipients": [cast.sekong.pk],
        "kind": "verification",
        "priority": "urgent",
        "subject": "Xác minh đối tượng Nguyễn Văn Đức",
        "body": "Đề nghị xác minh nhân thân đối tượng Nguyễn Văn Đức.",
    }
    body.update(overrides)
    return body


def post_json(client, path, data=None, **headers):
    return client.post(path, data or {}, content_type=JSON, headers=headers)


def subjects(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["subject"] for row in response.json()["results"]]


# --- compose -----------------------------------------------------------------------------


def test_compose_returns_201_and_the_stored_message(cast):
    client = cast.client_for(cast.vn_officer)
    response = post_json(client, f"{API}/messages/", compose_body(cast))
    assert response.status_code == 201, response.content
    data = response.json()
    message = Message.objects.get()
    assert data["id"] == message.pk and data["status"] == "sent"
    assert data["language"] == "vi"
    assert [p["agency"]["id"] for p in data["parts"]] == [cast.sekong.pk]
    assert data["parts"][0]["due_at"] is not None


def test_compose_with_an_idempotency_key_is_stored_once(cast):
    client = cast.client_for(cast.vn_officer)
    first = post_json(client, f"{API}/messages/", compose_body(cast), **{"Idempotency-Key": "k-1"})
    again = post_json(client, f"{API}/messages/", compose_body(cast), **{"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Message.objects.count() == 1
    other = post_json(client, f"{API}/messages/", compose_body(cast), **{"Idempotency-Key": "k-2"})
    assert other.status_code == 201 and Message.objects.count() == 2


def test_compose_draft_then_patch_then_submit(cast):
    client = cast.client_for(cast.vn_district_officer)
    created = post_json(client, f"{API}/messages/", compose_body(cast, send=False)).json()
    assert created["status"] == "draft"
    path = f"{API}/messages/{created['id']}/"
    patched = client.patch(path, {"subject": "Xác minh (bổ sung)"}, content_type=JSON)
    assert patched.status_code == 200, patched.content
    assert patched.json()["subject"] == "Xác minh (bổ sung)"
    submitted = post_json(client, f"{path}submit/")
    assert submitted.json()["status"] == "awaiting_approval"  # Nam Giang is a district


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"recipients": []}, "recipients"),
        ({"recipients": [999999]}, "recipients"),
        ({"due_at": "tomorrow-ish"}, "due_at"),
        ({"kind": "reply"}, "kind"),
        ({"handling_code": "H3"}, "handling_condition"),
        ({"subject": ""}, "subject"),
        ({"priority": "extreme"}, "priority"),
    ],
)
def test_compose_bad_input_is_400_naming_the_field(cast, overrides, field):
    before = counts()
    response = post_json(
        cast.client_for(cast.vn_officer), f"{API}/messages/", compose_body(cast, **overrides)
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert counts() == before


def test_compose_to_an_agency_neither_partner_nor_own_country(cast):
    before = counts()
    response = post_json(
        cast.client_for(cast.vn_officer),
        f"{API}/messages/",
        compose_body(cast, recipients=[cast.kh_add.pk]),
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "neither a partner" in response.json()["recipients"][0]
    assert counts() == before


def test_compose_by_a_reader_is_403(cast):
    response = post_json(cast.client_for(cast.vn_auditor), f"{API}/messages/", compose_body(cast))
    assert response.status_code == 403 and "detail" in response.json()


def test_compose_multipart_with_attachments(cast):
    client = cast.client_for(cast.vn_officer)
    data = compose_body(cast)
    data["attachments"] = [pdf("a.pdf"), SimpleUploadedFile("b.txt", b"ghi chu", "text/plain")]
    response = client.post(f"{API}/messages/", data)
    assert response.status_code == 201, response.content
    names = sorted(a["original_name"] for a in response.json()["attachments"])
    assert names == ["a.pdf", "b.txt"]


def test_compose_with_a_disallowed_attachment_writes_nothing(cast):
    before = counts()
    data = compose_body(cast)
    data["attachments"] = [pdf(), SimpleUploadedFile("x.exe", b"MZ\x90\x00" + bytes(64))]
    response = cast.client_for(cast.vn_officer).post(f"{API}/messages/", data)
    assert response.status_code == 400 and "attachments" in response.json()
    assert counts() == before


def test_token_client_gets_messages_in_its_language(cast):
    token = Token.objects.create(user=cast.la_officer)
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = post_json(client, f"{API}/messages/", compose_body(cast, recipients=[]))
    assert response.status_code == 400
    assert response["Content-Language"] == "lo"  # the profile language of the token's user
    assert response.json()["recipients"]


# --- lists -------------------------------------------------------------------------------


def test_inbox_is_the_default_box_with_the_part_received(cast):
    send(cast, subject="Xác minh Nguyễn Văn Đức")
    response = cast.client_for(cast.la_officer).get(f"{API}/messages/")
    rows = response.json()["results"]
    assert subjects(response) == ["Xác minh Nguyễn Văn Đức"]
    assert [p["agency"]["id"] for p in rows[0]["parts"]] == [cast.sekong.pk]
    assert subjects(cast.client_for(cast.vn_officer).get(f"{API}/messages/")) == []


def test_boxes_filters_and_search(cast):
    send(cast, subject="Xác minh Nguyễn Văn Đức")
    send(cast, subject="Cảnh báo", kind="alert", body="Lô hàng")
    draft = send(cast, subject="Nháp", send=False)
    held = send(cast, subject="Chờ duyệt", author=cast.vn_district_officer)
    officer = cast.client_for(cast.vn_officer)
    sekong = cast.client_for(cast.la_officer)

    assert subjects(sekong.get(f"{API}/messages/", {"q": "nguyen van"})) == [
        "Xác minh Nguyễn Văn Đức"
    ]
    assert subjects(sekong.get(f"{API}/messages/", {"kind": "alert"})) == ["Cảnh báo"]
    assert subjects(sekong.get(f"{API}/messages/", {"partner": cast.quang_nam.pk})) == [
        "Cảnh báo",
        "Xác minh Nguyễn Văn Đức",
    ]
    assert subjects(officer.get(f"{API}/messages/", {"box": "sent", "kind": "verification"})) == [
        "Xác minh Nguyễn Văn Đức"
    ]
    assert subjects(officer.get(f"{API}/messages/", {"box": "drafts"})) == [draft.subject]
    supervisor = cast.client_for(cast.vn_supervisor)
    assert subjects(supervisor.get(f"{API}/messages/", {"box": "awaiting_approval"})) == [
        held.subject
    ]
    assert subjects(officer.get(f"{API}/messages/", {"box": "awaiting_approval"})) == []


def test_overdue_box(cast):
    late = send(cast, subject="Quá hạn")
    send(cast, subject="Còn hạn")
    Recipient.objects.filter(message=late).update(due_at=timezone.now() - timedelta(hours=2))
    response = cast.client_for(cast.la_officer).get(f"{API}/messages/", {"box": "overdue"})
    assert subjects(response) == ["Quá hạn"]


def test_bad_list_parameters_are_400(cast):
    response = cast.client_for(cast.la_officer).get(
        f"{API}/messages/", {"box": "trash", "date_from": "yesterday"}
    )
    assert response.status_code == 400
    assert {"box", "date_from"} <= set(response.json())


def _count_queries(client, path, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("user_attr", "box"), [("la_officer", "inbox"), ("vn_officer", "sent")])
def test_list_query_count_is_fixed(cast, user_attr, box, django_assert_max_num_queries):
    client = cast.client_for(getattr(cast, user_attr))
    send(cast)
    client.get(f"{API}/messages/", {"box": box})
    few = _count_queries(client, f"{API}/messages/", {"box": box})
    for i in range(15):
        send(cast, subject=f"Tin {i}", kind="alert", to=[cast.sekong, cast.lamam])
    assert _count_queries(client, f"{API}/messages/", {"box": box}) == few
    # session, user, scope token, count, page (+ parts, prefetched, for the sent box)
    with django_assert_max_num_queries(6):
        client.get(f"{API}/messages/", {"box": box})


# --- detail ------------------------------------------------------------------------------


def test_detail_is_scoped_and_marks_read(cast, lamam_officer):
    message = send(cast, attachments=[pdf()])
    path = f"{API}/messages/{message.pk}/"
    assert_scoped(
        cast,
        path,
        allowed=[cast.vn_officer, cast.vn_auditor, cast.la_officer, cast.platform_admin],
        denied=[cast.outsider, cast.vn_district_officer, lamam_officer],
    )
    part = Recipient.objects.get(message=message)
    assert part.status == RecipientStatus.READ and part.read_by == cast.la_officer
    data = cast.client_for(cast.la_officer).get(path).json()
    assert data["body"] == message.body
    assert data["attachments"][0]["sha256"] == message.attachments.get().sha256
    assert AuditEvent.objects.filter(verb="message_mark_read", actor=cast.outsider).count() == 0


def test_outsider_gets_404_json_on_every_action(cast):
    message = send(cast)
    client = cast.client_for(cast.outsider)
    for action in ["approve", "return", "acknowledge", "reply", "forward", "close", "submit"]:
        response = post_json(client, f"{API}/messages/{message.pk}/{action}/", {"body": "x"})
        assert response.status_code == 404, action
        assert response.json() == {"detail": "Not found."} or "detail" in response.json()


# --- actions -----------------------------------------------------------------------------


def test_approve_and_return(cast):
    first = send(cast, author=cast.vn_district_officer)
    second = send(cast, author=cast.vn_district_officer, subject="Lần hai")
    supervisor = cast.client_for(cast.vn_supervisor)

    approved = post_json(supervisor, f"{API}/messages/{first.pk}/approve/", {"comment": "OK"})
    assert approved.status_code == 200 and approved.json()["status"] == "sent"

    missing = post_json(supervisor, f"{API}/messages/{second.pk}/return/", {"comment": ""})
    assert missing.status_code == 400 and "comment" in missing.json()
    returned = post_json(supervisor, f"{API}/messages/{second.pk}/return/", {"comment": "Sửa"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["approval_comment"] == "Sửa"


def test_approval_by_a_non_supervisor_is_403(cast):
    message = send(cast, author=cast.vn_district_officer)
    response = post_json(
        cast.client_for(cast.vn_officer),
        f"{API}/messages/{message.pk}/approve/",
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 403
    assert "supervisor" in response.json()["detail"]
    message.refresh_from_db()
    assert message.status == MessageStatus.AWAITING_APPROVAL


def test_acknowledge_reply_and_close(cast):
    message = send(cast)
    sekong = cast.client_for(cast.la_officer)
    ack = post_json(sekong, f"{API}/messages/{message.pk}/acknowledge/")
    assert ack.status_code == 200
    assert ack.json()["parts"][0]["status"] == "acknowledged"

    reply = post_json(
        sekong,
        f"{API}/messages/{message.pk}/reply/",
        {"body": "ຢືນຢັນແລ້ວ"},
        **{"Idempotency-Key": "r-1"},
    )
    assert reply.status_code == 201, reply.content
    data = reply.json()
    assert data["thread"] == message.pk and data["kind"] == "reply" and data["language"] == "lo"
    again = post_json(
        sekong,
        f"{API}/messages/{message.pk}/reply/",
        {"body": "ຢືນຢັນແລ້ວ"},
        **{"Idempotency-Key": "r-1"},
    )
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Message.objects.filter(thread=message).count() == 1

    closed = post_json(sekong, f"{API}/messages/{message.pk}/close/")
    assert closed.json()["parts"][0]["status"] == "closed"
    before = counts()
    refused = post_json(sekong, f"{API}/messages/{message.pk}/reply/", {"body": "Nữa"})
    assert refused.status_code == 400 and "status" in refused.json()
    assert counts() == before


def test_reply_without_body_is_400(cast):
    message = send(cast)
    response = post_json(cast.client_for(cast.la_officer), f"{API}/messages/{message.pk}/reply/")
    assert response.status_code == 400 and "body" in response.json()


def test_forward_inside_the_country_and_h2_refusal(cast):
    message = send(cast, handling_code=HandlingCode.H2)
    sekong = cast.client_for(cast.la_officer)
    path = f"{API}/messages/{message.pk}/forward/"

    refused = post_json(sekong, path, {"agencies": [cast.c04.pk]}, **{"Accept-Language": "en"})
    assert refused.status_code == 400
    assert "H2" in refused.json()["agencies"][0]

    empty = post_json(sekong, path, {"agencies": []})
    assert empty.status_code == 400 and "agencies" in empty.json()

    done = post_json(sekong, path, {"agencies": [cast.lamam.pk], "note": "Xác minh"})
    assert done.status_code == 200
    agencies = {p["agency"]["id"] for p in done.json()["parts"]}
    assert agencies == {cast.sekong.pk, cast.lamam.pk}


def test_attachments_upload_to_a_draft_and_list(cast):
    message = send(cast, send=False)
    client = cast.client_for(cast.vn_officer)
    path = f"{API}/messages/{message.pk}/attachments/"
    uploaded = client.post(path, {"files": [pdf("a.pdf"), pdf("b.pdf")]})
    assert uploaded.status_code == 201, uploaded.content
    assert len(uploaded.json()) == 2
    listed = client.get(path).json()
    assert [a["original_name"] for a in listed] == ["a.pdf", "b.pdf"]
    bad = client.post(path, {"files": [SimpleUploadedFile("x.exe", b"MZ" + bytes(40))]})
    assert bad.status_code == 400 and "attachments" in bad.json()
    assert message.attachments.count() == 2
    sent = send(cast)
    refused = client.post(f"{API}/messages/{sent.pk}/attachments/", {"files": [pdf()]})
    assert refused.status_code == 400 and "status" in refused.json()


def test_counts(cast):
    send(cast)
    data = cast.client_for(cast.la_officer).get(f"{API}/messages/counts/").json()
    assert data == {"unread": 1, "awaiting_approval": 0, "notifications": 1}


def test_anonymous_is_401(cast):
    assert cast.client_for(None).get(f"{API}/messages/").status_code in {401, 403}


def test_compose_is_audited_once(cast):
    post_json(cast.client_for(cast.vn_officer), f"{API}/messages/", compose_body(cast))
    assert AuditEvent.objects.filter(verb="message_compose").count() == 1
