"""The message page: thread, parts, attachments (scoped download), and every action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.core.models import AuditEvent
from liaison.core.sharing import HandlingCode
from liaison.core.testing.scope import assert_scoped
from liaison.exchange import services
from liaison.exchange.models import (
    Message,
    MessageStatus,
    Notification,
    Recipient,
    RecipientStatus,
)
from liaison.exchange.tests.helpers import PDF_BYTES, counts, pdf, send


def url(name: str, message: Message) -> str:
    return reverse(name, args=[message.pk])


def part_of(message: Message, agency) -> Recipient:
    return Recipient.objects.get(message=message, agency=agency)


# --- reading -----------------------------------------------------------------------------


def test_message_page_is_scoped(cast, lamam_officer):
    message = send(cast)
    assert_scoped(
        cast,
        url("exchange_message", message),
        allowed=[
            cast.vn_officer,
            cast.vn_supervisor,  # same agency
            cast.vn_auditor,  # chain of command upward
            cast.la_officer,  # recipient
            cast.la_auditor,  # the recipient's chain upward
            cast.platform_admin,
        ],
        denied=[cast.outsider, cast.vn_district_officer, lamam_officer],
    )


def test_opening_marks_read_and_is_audited(cast):
    message = send(cast, attachments=[pdf()])
    response = cast.client_for(cast.la_officer).get(url("exchange_message", message))
    html = response.content.decode()
    assert message.body in html and 'lang="vi"' in html
    assert message.attachments.get().sha256 in html
    part = part_of(message, cast.sekong)
    assert part.status == RecipientStatus.READ and part.read_by == cast.la_officer
    assert AuditEvent.objects.filter(
        verb="message_mark_read", actor=cast.la_officer, object_id=str(message.pk)
    ).exists()
    # the status table shows the part with its timestamps
    assert 'data-status="read"' in html


def test_attachment_download_is_scoped_streamed_and_audited(cast, lamam_officer):
    message = send(cast, attachments=[pdf("báo cáo.pdf")])
    attachment = message.attachments.get()
    download = reverse("exchange_attachment_download", args=[attachment.pk])

    response = cast.client_for(cast.la_officer).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        verb="message_attachment_download", actor=cast.la_officer
    ).exists()

    assert_scoped(
        cast,
        download,
        allowed=[cast.vn_officer, cast.la_auditor],
        denied=[cast.outsider, cast.vn_district_officer, lamam_officer],
    )
    missing = reverse("exchange_attachment_download", args=[attachment.pk + 100])
    assert cast.client_for(cast.vn_officer).get(missing).status_code == 404


# --- approval ----------------------------------------------------------------------------


def test_supervisor_approves_from_the_page(cast):
    message = send(cast, author=cast.vn_district_officer)
    client = cast.client_for(cast.vn_supervisor)
    page = client.get(url("exchange_message", message))
    assert 'data-action="approve"' in page.content.decode()

    response = client.post(url("exchange_message_approve", message), {"review-comment": "Đồng ý"})

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.approval_comment == "Đồng ý"
    assert part_of(message, cast.sekong).sent_at is not None


def test_return_needs_a_comment(cast):
    message = send(cast, author=cast.vn_district_officer)
    client = cast.client_for(cast.vn_supervisor)
    before = counts()
    response = client.post(url("exchange_message_return", message), {"review-comment": " "})
    assert response.status_code == 400
    assert "comment" in response.context["review_form"].errors
    assert counts() == before

    client.post(url("exchange_message_return", message), {"review-comment": "Thiếu ngày sinh"})
    message.refresh_from_db()
    assert message.status == MessageStatus.RETURNED


def test_approval_by_a_non_supervisor_is_refused_with_the_reason(cast):
    message = send(cast, author=cast.vn_district_officer)
    response = cast.client_for(cast.vn_officer).post(
        url("exchange_message_approve", message), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "Only a supervisor" in response.context["action_error"]
    assert 'data-action="approve"' not in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.AWAITING_APPROVAL


def test_outsider_gets_404_on_every_action(cast):
    message = send(cast)
    client = cast.client_for(cast.outsider)
    for name in [
        "exchange_message_approve",
        "exchange_message_return",
        "exchange_message_acknowledge",
        "exchange_message_reply",
        "exchange_message_forward",
        "exchange_message_close",
        "exchange_message_submit",
    ]:
        assert client.post(url(name, message)).status_code == 404, name


# --- recipients --------------------------------------------------------------------------


def test_acknowledge(cast):
    message = send(cast)
    client = cast.client_for(cast.la_officer)
    assert (
        'data-action="acknowledge"' in client.get(url("exchange_message", message)).content.decode()
    )
    response = client.post(url("exchange_message_acknowledge", message))
    assert response.status_code == 302
    part = part_of(message, cast.sekong)
    assert part.acknowledged_by == cast.la_officer
    page = client.get(url("exchange_message", message)).content.decode()
    assert 'data-action="acknowledge"' not in page


def test_sender_cannot_acknowledge(cast):
    message = send(cast)
    response = cast.client_for(cast.vn_officer).post(url("exchange_message_acknowledge", message))
    assert response.status_code == 403


def test_reply_goes_to_the_thread_and_answers_the_part(cast):
    message = send(cast)
    client = cast.client_for(cast.la_officer)
    response = client.post(
        url("exchange_message_reply", message),
        {
            "reply-body": "ຢືນຢັນຕົວຕົນແລ້ວ",
            "reply-handling_code": "H0",
            "reply-attachments": [pdf("kq.pdf")],
        },
    )
    reply = Message.objects.exclude(pk=message.pk).get()
    assert response.status_code == 302
    assert response["Location"] == url("exchange_message", reply)
    assert reply.thread_id == message.pk and reply.language == "lo"
    assert reply.attachments.count() == 1
    assert part_of(message, cast.sekong).status == RecipientStatus.ANSWERED
    # the sender sees the reply in the thread and in its inbox
    page = cast.client_for(cast.vn_officer).get(url("exchange_message", message)).content.decode()
    assert f'data-thread-message="{reply.pk}"' in page and "ຢືນຢັນຕົວຕົນແລ້ວ" in page


def test_double_submitted_reply_is_sent_once(cast):
    message = send(cast)
    client = cast.client_for(cast.la_officer)
    page = client.get(url("exchange_message", message))
    key = page.context["reply_key"]
    assert f'name="idempotency_key" value="{key}"' in page.content.decode()
    data = {"reply-body": "Đã nhận", "reply-handling_code": "H0", "idempotency_key": key}
    first = client.post(url("exchange_message_reply", message), data)
    second = client.post(url("exchange_message_reply", message), data)
    assert first["Location"] == second["Location"]
    assert Message.objects.filter(thread=message).count() == 1


def test_reply_without_text_names_the_field(cast):
    message = send(cast)
    before = counts()
    response = cast.client_for(cast.la_officer).post(
        url("exchange_message_reply", message), {"reply-body": "", "reply-handling_code": "H0"}
    )
    assert response.status_code == 400
    assert "body" in response.context["reply_form"].errors
    assert counts() == before


def test_reply_to_a_closed_thread_is_refused(cast):
    message = send(cast)
    services.message_close(actor=cast.vn_officer, message=message)  # the sender closes it
    client = cast.client_for(cast.la_officer)
    page = client.get(url("exchange_message", message)).content.decode()
    assert 'data-action="reply"' not in page
    before = counts()
    response = client.post(
        url("exchange_message_reply", message),
        {"reply-body": "Trả lời", "reply-handling_code": "H0"},
    )
    assert response.status_code == 400
    assert counts() == before


def test_forward_inside_the_country_keeps_provenance(cast, lamam_officer):
    message = send(cast, handling_code=HandlingCode.H2)
    client = cast.client_for(cast.la_officer)
    page = client.get(url("exchange_message", message))
    html = page.content.decode()
    assert "H2" in html and 'data-action="forward"' in html
    choices = set(page.context["forward_form"].fields["agencies"].queryset)
    assert cast.lamam in choices and cast.quang_nam not in choices and cast.c04 not in choices

    response = client.post(
        url("exchange_message_forward", message),
        {"forward-agencies": [cast.lamam.pk], "forward-note": "Xác minh tại Lamam"},
    )
    assert response.status_code == 302
    forwarded = part_of(message, cast.lamam)
    assert forwarded.forwarded_from == part_of(message, cast.sekong)
    assert forwarded.forward_note == "Xác minh tại Lamam"
    assert cast.client_for(lamam_officer).get(url("exchange_message", message)).status_code == 200


def test_forward_across_the_border_is_refused(cast):
    message = send(cast, handling_code=HandlingCode.H2)
    before = counts()
    response = cast.client_for(cast.la_officer).post(
        url("exchange_message_forward", message), {"forward-agencies": [cast.c04.pk]}
    )
    assert response.status_code == 400
    assert "agencies" in response.context["forward_form"].errors
    assert counts() == before


def test_forward_without_agencies_names_the_field(cast):
    message = send(cast)
    response = cast.client_for(cast.la_officer).post(url("exchange_message_forward", message), {})
    assert response.status_code == 400
    assert "agencies" in response.context["forward_form"].errors


def test_close_my_part_and_close_the_thread(cast):
    message = send(cast, to=[cast.sekong, cast.c04])
    cast.client_for(cast.la_officer).post(url("exchange_message_close", message))
    assert part_of(message, cast.sekong).status == RecipientStatus.CLOSED
    assert part_of(message, cast.c04).closed_at is None

    client = cast.client_for(cast.vn_officer)
    assert (
        'data-action="close-thread"'
        in client.get(url("exchange_message", message)).content.decode()
    )
    client.post(url("exchange_message_close", message))
    message.refresh_from_db()
    assert message.closed_at is not None
    assert part_of(message, cast.c04).closed_at is not None


def test_author_attaches_to_a_draft_and_submits(cast):
    message = send(cast, send=False)
    client = cast.client_for(cast.vn_officer)
    client.post(
        url("exchange_message_attach", message), {"attach-files": [pdf("a.pdf"), pdf("b.pdf")]}
    )
    assert message.attachments.count() == 2
    client.post(url("exchange_message_submit", message))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


# --- notifications and statistics --------------------------------------------------------


def test_notifications_list_and_mark_read(cast):
    message = send(cast)
    client = cast.client_for(cast.la_officer)
    page = client.get(reverse("exchange_notifications"))
    assert message.subject in page.content.decode()
    notification = Notification.objects.get(user=cast.la_officer)

    response = client.post(
        reverse("exchange_notification_read", args=[notification.pk]), {"open": "1"}
    )
    assert response["Location"] == url("exchange_message", message)
    notification.refresh_from_db()
    assert notification.read_at is not None
    # someone else's notification is not found
    other = cast.client_for(cast.outsider).post(
        reverse("exchange_notification_read", args=[notification.pk])
    )
    assert other.status_code == 404


def test_mark_all_notifications_read(cast):
    send(cast)
    send(cast)
    client = cast.client_for(cast.la_officer)
    client.post(reverse("exchange_notifications_read_all"))
    assert not Notification.objects.filter(user=cast.la_officer, read_at__isnull=True).exists()
    unread_page = client.get(reverse("exchange_notifications"), {"unread": "1"})
    assert list(unread_page.context["page_obj"].object_list) == []


@pytest.mark.parametrize("user_attr", ["vn_officer", "la_officer"])
def test_statistics_page_shows_the_partnership(cast, user_attr):
    message = send(cast)
    services.message_reply(actor=cast.la_officer, message=message, body="Đã xác minh.")
    response = cast.client_for(getattr(cast, user_attr)).get(reverse("exchange_statistics"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["partnership"]["id"] == cast.partnership.pk
    assert figures["totals"]["answered_on_time"] == 1
    html = response.content.decode()
    assert "100&nbsp;%" in html and cast.sekong.name in html


def test_statistics_of_a_partnership_out_of_scope_is_refused(cast):
    response = cast.client_for(cast.outsider).get(
        reverse("exchange_statistics"),
        {"partnership": cast.partnership.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"},
    )
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert "partnership" in response.context["form"].errors


def test_statistics_period_the_wrong_way_round(cast):
    response = cast.client_for(cast.vn_officer).get(
        reverse("exchange_statistics"),
        {"partnership": cast.partnership.pk, "date_from": "2025-12-31", "date_to": "2025-01-01"},
    )
    assert "date_to" in response.context["form"].errors
