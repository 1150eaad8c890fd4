import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.core.models import AuditEvent
from liaison.core.sharing import HandlingCode
from liaison.exchange import selectors, services
from liaison.exchange.models import (
    Kind,
    Message,
    MessageStatus,
    Notification,
    NotificationVerb,
    RecipientStatus,
)
from liaison.exchange.tests.helpers import counts, pdf, send


def test_mark_read_is_audited_every_time_and_stamps_once(cast):
    message = send(cast)
    part = services.message_mark_read(actor=cast.la_officer, message=message)
    assert part.status == RecipientStatus.READ and part.read_by == cast.la_officer
    first_read = part.read_at
    part = services.message_mark_read(actor=cast.la_officer, message=message)
    assert part.read_at == first_read
    assert (
        AuditEvent.objects.filter(
            verb="message_mark_read", action="read", object_id=str(message.pk)
        ).count()
        == 2
    )
    # the sender reading its own message changes no part
    assert services.message_mark_read(actor=cast.vn_officer, message=message) is None
    assert message.recipients.get().read_by == cast.la_officer


def test_acknowledge(cast):
    message = send(cast)
    part = services.message_acknowledge(actor=cast.la_officer, message=message)
    assert part.status == RecipientStatus.ACKNOWLEDGED
    assert part.acknowledged_by == cast.la_officer and part.read_at is not None
    stamp = part.acknowledged_at
    before = counts()
    again = services.message_acknowledge(actor=cast.la_officer, message=message)
    assert again.acknowledged_at == stamp
    assert counts() == before  # a repeat writes nothing


def test_only_a_recipient_acknowledges(cast):
    message = send(cast)
    for user in (cast.vn_officer, cast.outsider, cast.vn_auditor):
        with pytest.raises(PermissionDenied):
            services.message_acknowledge(actor=user, message=message)


def test_reply_goes_to_the_sender_and_answers_the_part(cast):
    message = send(cast)
    reply = services.message_reply(
        actor=cast.la_officer, message=message, body="ບຸກຄົນນີ້ບໍ່ມີປະຫວັດ", attachments=[pdf()]
    )
    assert reply.kind == Kind.REPLY and reply.status == MessageStatus.SENT
    assert reply.thread_id == message.pk and reply.in_reply_to_id == message.pk
    assert reply.language == "lo"
    assert reply.subject == f"Re: {message.subject}"
    assert reply.handling_code == message.handling_code
    assert list(reply.recipients.values_list("agency_id", flat=True)) == [cast.quang_nam.pk]
    assert reply.recipients.get().due_at is None  # a reply owes nothing
    part = message.recipients.get()
    assert part.status == RecipientStatus.ANSWERED
    assert part.answered_by == cast.la_officer and part.acknowledged_at is not None
    assert Notification.objects.filter(
        user=cast.vn_officer, verb=NotificationVerb.REPLIED, message=reply
    ).exists()
    # a reply to the reply stays in the same thread
    answer = services.message_reply(actor=cast.vn_officer, message=reply, body="Cảm ơn.")
    assert answer.thread_id == message.pk
    assert reply.recipients.get().status == RecipientStatus.ANSWERED


def test_reply_to_a_closed_part_is_refused(cast):
    message = send(cast)
    services.message_close(actor=cast.la_officer, message=message)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.message_reply(actor=cast.la_officer, message=message, body="late")
    assert "status" in err.value.message_dict
    assert counts() == before


def test_reply_to_a_closed_thread_is_refused(cast):
    message = send(cast)
    root = services.message_close(actor=cast.vn_officer, message=message)
    assert root.closed_at is not None
    assert message.recipients.get().status == RecipientStatus.CLOSED
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.message_reply(actor=cast.la_officer, message=message, body="late")
    assert set(err.value.message_dict) & {"thread", "status"}
    assert counts() == before


def test_reply_from_a_district_waits_for_approval(cast, lamam_officer, la_supervisor):
    message = send(cast, to=[cast.lamam])
    reply = services.message_reply(actor=lamam_officer, message=message, body="ກວດແລ້ວ")
    assert reply.status == MessageStatus.AWAITING_APPROVAL
    part = message.recipients.get()
    assert part.answered_at is None  # not answered until the reply leaves
    services.message_approve(actor=la_supervisor, message=reply)
    part.refresh_from_db()
    assert part.status == RecipientStatus.ANSWERED and part.answered_by == lamam_officer


def test_reply_idempotency(cast):
    message = send(cast)
    first = services.message_reply(
        actor=cast.la_officer, message=message, body="x", idempotency_key="r-1"
    )
    again = services.message_reply(
        actor=cast.la_officer, message=message, body="x", idempotency_key="r-1"
    )
    assert again.pk == first.pk and again.replayed
    assert Message.objects.filter(kind=Kind.REPLY).count() == 1


def test_forward_inside_the_country_keeps_provenance(cast, lamam_officer):
    message = send(cast, handling_code=HandlingCode.H2)
    [forwarded] = services.message_forward(
        actor=cast.la_officer, message=message, agencies=[cast.lamam], note="ກວດສອບດ່ວນ"
    )
    source = message.recipients.get(agency=cast.sekong)
    assert forwarded.forwarded_from == source and forwarded.forwarded_by == cast.la_officer
    assert forwarded.status == RecipientStatus.SENT and forwarded.due_at == source.due_at
    assert forwarded.forward_note == "ກວດສອບດ່ວນ"
    message.refresh_from_db()
    assert message.handling_code == HandlingCode.H2
    # Lamam now sees it and can answer for itself
    assert selectors.message_get(user=lamam_officer, pk=message.pk) == message
    reply = services.message_reply(actor=lamam_officer, message=message, body="ok")
    assert reply.recipients.get().agency == cast.quang_nam
    # Lamam is a district: its cross-border reply waits for a supervisor
    assert reply.status == MessageStatus.AWAITING_APPROVAL
    assert Notification.objects.filter(user=lamam_officer, verb=NotificationVerb.FORWARDED).exists()


def test_h2_cannot_leave_the_recipients_country(cast):
    message = send(cast, handling_code=HandlingCode.H2)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.message_forward(actor=cast.la_officer, message=message, agencies=[cast.kh_add])
    assert "H2" in err.value.message_dict["agencies"][0]
    assert counts() == before


def test_forward_only_inside_own_country(cast):
    message = send(cast)
    with pytest.raises(ValidationError) as err:
        services.message_forward(actor=cast.la_officer, message=message, agencies=[cast.c04])
    assert "own country" in err.value.message_dict["agencies"][0]


def test_forward_bad_targets(cast):
    message = send(cast, to=[cast.sekong, cast.lamam])
    with pytest.raises(ValidationError) as err:
        services.message_forward(actor=cast.la_officer, message=message, agencies=[])
    assert "agencies" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.message_forward(
            actor=cast.la_officer, message=message, agencies=[cast.lamam]
        )  # already a recipient
    with pytest.raises(PermissionDenied):
        services.message_forward(
            actor=cast.vn_officer, message=message, agencies=[cast.c04]
        )  # the sender is no recipient


def test_close_part_then_acknowledge_is_refused(cast):
    message = send(cast)
    part = services.message_close(actor=cast.la_officer, message=message)
    assert part.status == RecipientStatus.CLOSED and part.closed_by == cast.la_officer
    with pytest.raises(ValidationError):
        services.message_acknowledge(actor=cast.la_officer, message=message)
    with pytest.raises(ValidationError):
        services.message_forward(actor=cast.la_officer, message=message, agencies=[cast.lamam])


def test_close_by_someone_else_is_refused(cast):
    message = send(cast)
    with pytest.raises(PermissionDenied):
        services.message_close(actor=cast.vn_district_officer, message=message)
    draft = send(cast, send=False)
    with pytest.raises(ValidationError):
        services.message_close(actor=cast.vn_officer, message=draft)


def test_links_to_other_records(cast):
    message = send(cast)
    # any model works: here an agency stands in for a registry person
    link = services.message_link_add(actor=cast.vn_officer, message=message, target=cast.c04)
    again = services.message_link_add(actor=cast.vn_officer, message=message, target=cast.c04)
    assert again.pk == link.pk and link.target == cast.c04
    assert list(selectors.messages_linked_to(user=cast.la_officer, target=cast.c04)) == [message]
    assert list(selectors.messages_linked_to(user=cast.outsider, target=cast.c04)) == []
    assert list(selectors.message_links(user=cast.vn_officer, message=message)) == [link]
    services.message_link_remove(actor=cast.vn_officer, link=link)
    assert not message.links.exists()
