"""Compose and edit pages: sending, drafts, approval hold, due time, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liaison.exchange.forms import suggested_due
from liaison.exchange.models import Attachment, Message, MessageStatus, Recipient
from liaison.exchange.tests.helpers import counts, pdf, send


def form_data(cast, **overrides) -> dict:
    suggestion = suggested_due("urgent")
    data = {
        "recipients": [cast.sekong.pk],
        "kind": "verification",
        "priority": "urgent",
        "due_at": suggestion,
        "due_suggested": suggestion,
        "subject": "Xác minh đối tượng Nguyễn Văn Đức",
        "body": "Đề nghị xác minh nhân thân đối tượng Nguyễn Văn Đức.",
        "language": "",
        "handling_code": "H0",
        "handling_condition": "",
        "source_grade": "B",
        "info_grade": "2",
        "send": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(cast, user=None, **overrides):
    client = cast.client_for(user or cast.vn_officer)
    return client.post(reverse("exchange_compose"), form_data(cast, **overrides))


def test_compose_page_offers_only_allowed_recipients_and_prefills_the_due_time(cast):
    response = cast.client_for(cast.vn_officer).get(reverse("exchange_compose"))
    assert response.status_code == 200
    choices = set(response.context["form"].fields["recipients"].queryset)
    assert {cast.sekong, cast.lamam, cast.c04, cast.nam_giang} <= choices
    assert cast.kh_add not in choices and cast.quang_nam not in choices
    due = response.context["form"].initial["due_at"]
    assert len(due) == 16 and due[2] == "/" and due[5] == "/"  # dd/mm/yyyy HH:MM
    html = response.content.decode()
    assert "exchange/compose.js" in html and "<script>" not in html
    assert 'value="reply"' not in html  # a reply is written on the message it answers


def test_readers_cannot_compose(cast):
    assert cast.client_for(cast.vn_auditor).get(reverse("exchange_compose")).status_code == 403
    assert cast.client_for(cast.vn_admin).get(reverse("exchange_compose")).status_code == 403


def test_send_stores_and_sends_with_the_default_due_time(cast):
    response = post(cast)
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange_message", args=[message.pk])
    assert message.status == MessageStatus.SENT
    assert message.language == "vi"  # detected
    assert message.due_at is None  # the suggestion left as it was: the default applies
    part = message.recipients.get()
    assert part.agency == cast.sekong
    assert part.due_at - part.sent_at == timedelta(hours=24)
    assert (message.source_grade, message.info_grade) == ("B", "2")


def test_a_changed_due_time_is_kept(cast):
    due = timezone.localtime() + timedelta(days=2)
    post(cast, due_at=due.strftime("%d/%m/%Y %H:%M"))
    part = Recipient.objects.get()
    assert timezone.localtime(part.due_at).strftime("%d/%m/%Y %H:%M") == due.strftime(
        "%d/%m/%Y %H:%M"
    )


def test_save_draft_keeps_it(cast):
    data = form_data(cast, send=None, save_draft="1")
    cast.client_for(cast.vn_officer).post(reverse("exchange_compose"), data)
    message = Message.objects.get()
    assert message.status == MessageStatus.DRAFT
    assert message.recipients.get().sent_at is None


def test_district_officer_waits_for_approval(cast):
    response = post(cast, user=cast.vn_district_officer)
    message = Message.objects.get()
    assert message.status == MessageStatus.AWAITING_APPROVAL
    follow = cast.client_for(cast.vn_district_officer).get(response["Location"])
    assert "data-message-status" in follow.content.decode()


def test_several_attachments_are_stored_with_their_hash(cast):
    files = [pdf("a.pdf"), SimpleUploadedFile("b.txt", "Ghi chú".encode(), "text/plain")]
    post(cast, attachments=files)
    stored = list(Attachment.objects.order_by("original_name"))
    assert [a.original_name for a in stored] == ["a.pdf", "b.txt"]
    assert stored[0].content_type == "application/pdf" and len(stored[0].sha256) == 64


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"recipients": None}, "recipients"),
        ({"due_at": "31/02/2025 99:00"}, "due_at"),
        ({"due_at": "01/01/2020 10:00"}, "due_at"),
        ({"handling_code": "H3"}, "handling_condition"),
        ({"subject": ""}, "subject"),
        ({"kind": "reply"}, "kind"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(cast, overrides, field):
    before = counts()
    response = post(cast, **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert counts() == before


def test_a_recipient_outside_partners_and_country_is_refused(cast):
    before = counts()
    response = post(cast, recipients=[cast.kh_add.pk])
    errors = response.context["form"].errors["recipients"]
    assert "partner" in errors[0] or "đối tác" in errors[0]
    assert counts() == before


def test_disallowed_or_oversized_attachment_is_refused(cast, settings):
    before = counts()
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03" + bytes(200), "application/pdf")
    response = post(cast, attachments=[pdf(), exe])
    assert "tool.exe" in response.context["form"].errors["attachments"][0]
    settings.LIAISON_ATTACHMENT_MAX_BYTES = 10
    response = post(cast, attachments=[pdf()])
    assert "attachments" in response.context["form"].errors
    assert counts() == before


def test_errors_are_translated(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("exchange_compose"), form_data(cast, recipients=None), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["recipients"] == [
        "Choose at least one recipient agency."
    ]


def test_double_submit_stores_one_message(cast):
    client = cast.client_for(cast.vn_officer)
    data = form_data(cast, idempotency_key="form-1234")
    first = client.post(reverse("exchange_compose"), data)
    second = client.post(reverse("exchange_compose"), data)
    assert Message.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_author_edits_a_returned_message_and_sends_it(cast):
    from liaison.exchange import services

    message = send(cast, author=cast.vn_district_officer, attachments=[pdf()])
    services.message_return(actor=cast.vn_supervisor, message=message, comment="Thêm ngày sinh")
    client = cast.client_for(cast.vn_district_officer)
    page = client.get(reverse("exchange_message_edit", args=[message.pk]))
    assert "Thêm ngày sinh" in page.content.decode()
    assert page.context["form"].initial["recipients"] == [cast.sekong.pk]

    data = form_data(cast, body="Bổ sung: sinh ngày 02/03/1985.", due_at="", due_suggested="")
    data["attachments"] = [SimpleUploadedFile("note.txt", b"ngay sinh", "text/plain")]
    response = client.post(reverse("exchange_message_edit", args=[message.pk]), data)

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.AWAITING_APPROVAL
    assert message.body.startswith("Bổ sung")
    assert message.attachments.count() == 2


def test_only_the_author_edits(cast):
    message = send(cast, send=False)
    url = reverse("exchange_message_edit", args=[message.pk])
    assert cast.client_for(cast.vn_supervisor).get(url).status_code == 403
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    assert cast.client_for(cast.la_officer).get(url).status_code == 404  # a draft: not sent


def test_edit_with_bad_input_changes_nothing(cast):
    message = send(cast, send=False, attachments=[pdf()])
    before = counts()
    client = cast.client_for(cast.vn_officer)
    data = form_data(cast, subject="Mới", recipients=[cast.sekong.pk, cast.c04.pk])
    data["attachments"] = [SimpleUploadedFile("x.bin", bytes(range(256)), "text/plain")]
    response = client.post(reverse("exchange_message_edit", args=[message.pk]), data)
    assert "attachments" in response.context["form"].errors
    message.refresh_from_db()
    assert message.subject != "Mới" and message.recipients.count() == 1
    assert counts() == before
