from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liaison.core.models import AuditEvent
from liaison.core.sharing import HandlingCode
from liaison.exchange import services
from liaison.exchange.models import (
    Message,
    MessageStatus,
    Notification,
    NotificationVerb,
    RecipientStatus,
)
from liaison.exchange.tests.helpers import PDF_BYTES, counts, pdf, send


def test_draft_keeps_parts_pending_and_detects_language(cast):
    message = send(cast, send=False)
    assert message.status == MessageStatus.DRAFT
    assert message.language == "vi"
    assert message.search_text.startswith("xac minh doi tuong nguyen van duc")
    part = message.recipients.get()
    assert part.status == RecipientStatus.PENDING and part.sent_at is None
    event = AuditEvent.objects.filter(verb="message_compose", object_id=str(message.pk)).get()
    assert event.changes["recipients"] == [[], [cast.sekong.pk]]
    # the body is recorded by its hash, not copied into the trail
    assert "body" not in event.changes and "body_sha256" in event.changes


def test_provincial_officer_sends_at_once_with_default_due(cast):
    message = send(cast, priority="urgent")
    assert message.status == MessageStatus.SENT
    part = message.recipients.get()
    assert part.status == RecipientStatus.SENT
    assert part.due_at == message.sent_at + timedelta(hours=24)
    assert part.expects_reply is True
    assert Notification.objects.filter(
        user=cast.la_officer, verb=NotificationVerb.RECEIVED, message=message
    ).exists()


@pytest.mark.parametrize(("priority", "hours"), [("high", 72), ("normal", 168)])
def test_due_defaults_by_priority(cast, priority, hours):
    part = send(cast, priority=priority, kind="alert").recipients.get()
    assert part.due_at - part.sent_at == timedelta(hours=hours)
    assert part.expects_reply is False  # an alert only needs an acknowledgment


def test_partnership_answer_times_apply_to_sub_units(cast):
    services.partnership_answer_times_set(
        actor=cast.platform_admin,
        partnership=cast.partnership,
        urgent_hours=6,
        high_hours=48,
        normal_hours=120,
    )
    # Nam Giang is below Quảng Nam, Lamam below Sekong: the partnership still applies
    message = send(cast, author=cast.vn_officer, to=[cast.sekong, cast.lamam])
    for part in message.recipients.all():
        assert part.due_at - part.sent_at == timedelta(hours=6)
    # own-country recipients keep the default
    domestic = send(cast, to=[cast.c04]).recipients.get()
    assert domestic.due_at - domestic.sent_at == timedelta(hours=24)


def test_partnership_answer_times_refuse_bad_values(cast):
    with pytest.raises(ValidationError) as err:
        services.partnership_answer_times_set(
            actor=cast.platform_admin,
            partnership=cast.partnership,
            urgent_hours=0,
            high_hours=48,
            normal_hours=120,
        )
    assert "urgent_hours" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        services.partnership_answer_times_set(
            actor=cast.vn_admin,
            partnership=cast.partnership,
            urgent_hours=6,
            high_hours=48,
            normal_hours=120,
        )


def test_author_due_time_overrides_default(cast):
    due = timezone.now() + timedelta(hours=5)
    part = send(cast, due_at=due.isoformat()).recipients.get()
    assert abs((part.due_at - due).total_seconds()) < 1


@pytest.mark.parametrize("bad", ["next week", "31/02/2025 10:00", "2025-13-01"])
def test_malformed_due_time_names_the_field(cast, bad):
    before = counts()
    with pytest.raises(ValidationError) as err:
        send(cast, due_at=bad)
    assert list(err.value.message_dict) == ["due_at"]
    assert counts() == before


def test_due_time_in_the_past_is_refused(cast):
    with pytest.raises(ValidationError) as err:
        send(cast, due_at=(timezone.now() - timedelta(hours=1)).isoformat())
    assert "due_at" in err.value.message_dict


def test_missing_recipients(cast):
    before = counts()
    with pytest.raises(ValidationError) as err:
        send(cast, to=[])
    assert err.value.message_dict["recipients"] == ["Choose at least one recipient agency."]
    assert counts() == before


def test_recipient_neither_partner_nor_own_country(cast):
    before = counts()
    with pytest.raises(ValidationError) as err:
        send(cast, to=[cast.sekong, cast.kh_add])
    assert "neither a partner" in err.value.message_dict["recipients"][0]
    assert counts() == before
    # the outsider has no partnership with Viet Nam either
    with pytest.raises(ValidationError) as err:
        send(cast, author=cast.outsider, to=[cast.quang_nam])
    assert "recipients" in err.value.message_dict
    assert counts() == before


def test_own_country_and_partner_sub_units_are_allowed(cast):
    message = send(
        cast, author=cast.vn_district_officer, to=[cast.c04, cast.vn_ministry], send=False
    )
    assert set(message.recipients.values_list("agency_id", flat=True)) == {
        cast.c04.pk,
        cast.vn_ministry.pk,
    }
    message = send(cast, to=[cast.lamam])
    assert message.recipients.get().agency == cast.lamam


def test_unknown_and_own_agency_recipients(cast):
    with pytest.raises(ValidationError):
        send(cast, to=[999999])
    with pytest.raises(ValidationError):
        send(cast, to=[cast.quang_nam])


def test_h3_needs_its_condition(cast):
    before = counts()
    with pytest.raises(ValidationError) as err:
        send(cast, handling_code=HandlingCode.H3, handling_condition="  ")
    assert "handling_condition" in err.value.message_dict
    assert counts() == before
    message = send(
        cast, handling_code=HandlingCode.H3, handling_condition="Only for the 522H case team"
    )
    assert message.handling_condition == "Only for the 522H case team"


def test_bad_choices_name_their_field(cast):
    with pytest.raises(ValidationError) as err:
        send(cast, kind="gossip", priority="whenever", source_grade="Z")
    assert {"kind", "priority", "source_grade"} <= set(err.value.message_dict)


def test_roles_without_exchange_rights_cannot_compose(cast):
    with pytest.raises(PermissionDenied):
        send(cast, author=cast.vn_auditor, to=[cast.c04])


def test_language_given_by_author_is_kept(cast):
    message = send(cast, body="ຂໍໃຫ້ກວດສອບ", language="vi")
    assert message.language == "vi"
    assert send(cast, body="ຂໍໃຫ້ກວດສອບ ບຸກຄົນ").language == "lo"


# --- idempotency -----------------------------------------------------------------------


def test_idempotent_retry_returns_the_same_message(cast):
    first = send(cast, idempotency_key="abc-123")
    assert first.replayed is False
    before = counts()
    again = send(cast, idempotency_key="abc-123", subject="different")
    assert again.pk == first.pk and again.replayed is True
    assert counts() == before
    # another agency may use the same key
    other = send(cast, author=cast.la_officer, to=[cast.quang_nam], idempotency_key="abc-123")
    assert other.pk != first.pk


def test_overlong_idempotency_key(cast):
    with pytest.raises(ValidationError) as err:
        send(cast, idempotency_key="x" * 101)
    assert "idempotency_key" in err.value.message_dict


# --- attachments ---------------------------------------------------------------------------


def test_attachment_stored_privately_with_hash(cast, private_storage):
    import hashlib

    message = send(cast, attachments=[pdf()])
    attachment = message.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert attachment.size == len(PDF_BYTES)
    assert attachment.original_name == "report.pdf"
    stored = private_storage / attachment.file.name
    assert stored.read_bytes() == PDF_BYTES
    assert "report" not in attachment.file.name  # random name on disk


def test_oversized_attachment_writes_nothing(cast, settings, private_storage):
    settings.LIAISON_ATTACHMENT_MAX_BYTES = 20
    before = counts()
    with pytest.raises(ValidationError) as err:
        send(cast, attachments=[pdf("big.pdf")])
    assert "big.pdf" in err.value.message_dict["attachments"][0]
    assert counts() == before
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


def test_disallowed_attachment_writes_nothing(cast, private_storage):
    before = counts()
    exe = SimpleUploadedFile(
        "invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as err:
        send(cast, attachments=[pdf("good.pdf"), exe])
    assert "invoice.pdf" in err.value.message_dict["attachments"][0]
    assert counts() == before
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


def test_files_removed_when_a_later_step_fails(cast, private_storage, monkeypatch):
    from liaison.exchange.services import compose

    def boom(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(compose, "audit_record", boom)
    before = counts()
    with pytest.raises(RuntimeError):
        send(cast, attachments=[pdf()])
    assert counts() == before
    assert not any(p.is_file() for p in private_storage.rglob("*"))


def test_attach_and_remove_on_draft_only(cast):
    message = send(cast, send=False)
    [attachment] = services.message_attach(actor=cast.vn_officer, message=message, uploads=[pdf()])
    services.message_attachment_remove(actor=cast.vn_officer, attachment=attachment)
    assert not message.attachments.exists()
    services.message_submit(actor=cast.vn_officer, message=message)
    with pytest.raises(ValidationError) as err:
        services.message_attach(actor=cast.vn_officer, message=message, uploads=[pdf()])
    assert "status" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        services.message_attach(
            actor=cast.vn_supervisor, message=send(cast, send=False), uploads=[pdf()]
        )


# --- approval ------------------------------------------------------------------------------


def test_district_cross_border_message_waits_for_approval(cast):
    message = send(cast, author=cast.vn_district_officer)
    assert message.status == MessageStatus.AWAITING_APPROVAL
    assert message.recipients.get().status == RecipientStatus.PENDING
    assert Notification.objects.filter(
        user=cast.vn_supervisor, verb=NotificationVerb.AWAITING_APPROVAL
    ).exists()
    services.message_approve(actor=cast.vn_supervisor, message=message, comment="OK")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.approved_by == cast.vn_supervisor and message.approval_comment == "OK"
    assert message.recipients.get().status == RecipientStatus.SENT
    assert Notification.objects.filter(
        user=cast.vn_district_officer, verb=NotificationVerb.APPROVED
    ).exists()


def test_district_domestic_message_needs_no_approval(cast):
    message = send(cast, author=cast.vn_district_officer, to=[cast.c04])
    assert message.status == MessageStatus.SENT


def test_approval_by_non_supervisor_is_refused(cast):
    message = send(cast, author=cast.vn_district_officer)
    before = counts()
    for user in (cast.vn_officer, cast.la_officer, cast.vn_admin):
        with pytest.raises(PermissionDenied):
            services.message_approve(actor=user, message=message)
    assert counts() == before
    message.refresh_from_db()
    assert message.status == MessageStatus.AWAITING_APPROVAL


def test_approve_only_what_awaits(cast):
    message = send(cast, author=cast.vn_district_officer, send=False)
    with pytest.raises(ValidationError) as err:
        services.message_approve(actor=cast.vn_supervisor, message=message)
    assert "status" in err.value.message_dict


def test_return_needs_a_comment_then_resubmit(cast):
    message = send(cast, author=cast.vn_district_officer)
    before = counts()
    with pytest.raises(ValidationError) as err:
        services.message_return(actor=cast.vn_supervisor, message=message, comment=" ")
    assert "comment" in err.value.message_dict
    assert counts() == before
    services.message_return(
        actor=cast.vn_supervisor, message=message, comment="Add the date of birth."
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.RETURNED
    assert message.approval_comment == "Add the date of birth."
    services.message_update(
        actor=cast.vn_district_officer,
        message=message,
        body="Đề nghị xác minh đối tượng, sinh ngày 02/03/1985.",
    )
    services.message_submit(actor=cast.vn_district_officer, message=message)
    message.refresh_from_db()
    assert message.status == MessageStatus.AWAITING_APPROVAL


def test_policy_can_require_approval_for_a_province(cast):
    services.exchange_policy_set(actor=cast.vn_admin, agency=cast.quang_nam, require_approval=True)
    assert send(cast).status == MessageStatus.AWAITING_APPROVAL
    # a supervisor's own message needs nobody else's approval
    assert send(cast, author=cast.vn_supervisor).status == MessageStatus.SENT
    services.exchange_policy_set(actor=cast.vn_admin, agency=cast.nam_giang, require_approval=False)
    assert send(cast, author=cast.vn_district_officer).status == MessageStatus.SENT
    with pytest.raises(PermissionDenied):
        services.exchange_policy_set(
            actor=cast.vn_admin, agency=cast.sekong, require_approval=False
        )


def test_only_the_author_edits_and_submits(cast):
    message = send(cast, send=False)
    with pytest.raises(PermissionDenied):
        services.message_update(actor=cast.vn_supervisor, message=message, subject="x")
    with pytest.raises(PermissionDenied):
        services.message_submit(actor=cast.vn_supervisor, message=message)


def test_update_changes_recipients_and_is_audited(cast):
    message = send(cast, send=False)
    services.message_update(
        actor=cast.vn_officer,
        message=message,
        recipients=[cast.sekong, cast.lamam],
        subject="Nội dung mới",
    )
    message.refresh_from_db()
    assert message.subject == "Nội dung mới" and message.search_text.startswith("noi dung moi")
    assert message.recipients.count() == 2
    event = AuditEvent.objects.filter(verb="message_update").get()
    assert event.changes["recipients"] == [
        [cast.sekong.pk],
        sorted([cast.sekong.pk, cast.lamam.pk]),
    ]
    with pytest.raises(ValidationError) as err:
        services.message_update(actor=cast.vn_officer, message=message, recipients=[])
    assert "recipients" in err.value.message_dict
    assert Message.objects.get(pk=message.pk).recipients.count() == 2


def test_recipient_ids_from_a_form(cast):
    message = send(cast, to=[str(cast.sekong.pk)], send=False)
    assert message.recipients.get().agency == cast.sekong
    with pytest.raises(ValidationError) as err:
        send(cast, to=["sekong"])
    assert "recipients" in err.value.message_dict
