"""Writing and sending messages: compose, edit, submit, approve, return.

Every function is keyword-only, atomic and audited; it raises a field-keyed, translated
`ValidationError` or `PermissionDenied` and then nothing is written (files stored for
attachments are removed again).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Role, User
from liaison.core.access import get_scope, get_tree
from liaison.core.audit.services import Action, audit_record, diff
from liaison.core.sharing import HandlingCode
from liaison.core.uploads import StoredFiles
from liaison.exchange import duetime
from liaison.exchange.language import detect_language
from liaison.exchange.models import (
    KINDS_EXPECTING_REPLY,
    Kind,
    Message,
    MessageStatus,
    NotificationVerb,
    Recipient,
    RecipientStatus,
)
from liaison.exchange.services._common import (
    agency_ids,
    approval_required,
    due_times,
    is_supervisor_over,
    message_snapshot,
    require_author,
    require_exchange_role,
)
from liaison.exchange.services.files import store_attachments
from liaison.exchange.services.notify import notify, notify_agencies, users_of
from liaison.exchange.textsearch import search_document

EDITABLE_FIELDS = {
    "kind",
    "priority",
    "due_at",
    "subject",
    "body",
    "language",
    "handling_code",
    "handling_condition",
    "source_grade",
    "info_grade",
}
IDEMPOTENCY_KEY_MAX = 100


# --- validation --------------------------------------------------------------------------


def _clean_recipients(
    actor: User, recipients: Iterable[Agency | int], *, sender_out: list[Agency] | None = None
) -> list[Agency]:
    """Partner agencies across the border or agencies of the actor's own country.

    With `sender_out`, the actor's agency is read in the same query, with its exchange
    policy, and appended to it (saves the policy query when the message is sent).
    """
    ids = agency_ids(recipients, field="recipients")
    if not ids:
        raise ValidationError({"recipients": _("Choose at least one recipient agency.")})
    wanted = [*ids, actor.agency_id] if sender_out is not None else ids
    query = Agency.objects.filter(pk__in=wanted).select_related("country")
    if sender_out is not None:
        query = query.select_related("exchange_policy")
    agencies = {a.pk: a for a in query}
    if sender_out is not None and actor.agency_id in agencies:
        sender_out.append(agencies[actor.agency_id])
    scope = get_scope(actor)
    for agency_id in ids:
        agency = agencies.get(agency_id)
        if agency is None or not agency.active:
            raise ValidationError({"recipients": _("Unknown recipient agency.")})
        if agency.pk == actor.agency_id:
            raise ValidationError(
                {"recipients": _("Your own agency cannot be a recipient of its message.")}
            )
        if agency.country_id != scope.country and agency.pk not in scope.partner_subtree:
            raise ValidationError(
                {
                    "recipients": _(
                        "%(agency)s is neither a partner of your agency nor an agency of "
                        "your country."
                    )
                    % {"agency": agency.name}
                }
            )
    return [agencies[i] for i in ids]


def _clean_due(value: Any, *, now: datetime) -> datetime | None:
    try:
        due = duetime.parse_due(value, tz=timezone.get_default_timezone())
    except duetime.MalformedDueTime as exc:
        raise ValidationError(
            {"due_at": _("Enter the due time as a date and time, e.g. 31/12/2025 17:00.")}
        ) from exc
    if due is not None and due <= now:
        raise ValidationError({"due_at": _("The due time must be in the future.")})
    return due


def apply_fields(message: Message, values: dict[str, Any], *, now: datetime) -> None:
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    if "due_at" in values:
        values = {**values, "due_at": _clean_due(values["due_at"], now=now)}
    for name, value in values.items():
        setattr(message, name, value if value is not None or name == "due_at" else "")
    if not message.language:
        message.language = detect_language(
            message.body, default=getattr(message.author, "language", "en")
        )
    if message.handling_code != HandlingCode.H3:
        message.handling_condition = ""
    elif not (message.handling_condition or "").strip():
        raise ValidationError(
            {"handling_condition": _("Handling code H3 needs its condition written out.")}
        )
    message.search_text = search_document(message.subject, message.body)
    message.full_clean(
        exclude=[
            "sender_agency",
            "author",
            "thread",
            "in_reply_to",
            "answers_part",
            "approved_by",
            "closed_by",
        ]
    )


# --- sending -----------------------------------------------------------------------------


def _deliver(*, message: Message, now: datetime, parts: list[Recipient] | None = None) -> None:
    """Send a message: stamp it, give every pending part its clock, notify recipients.

    `parts` are the pending parts when the caller has them already (saves a query).
    """
    message.status = MessageStatus.SENT
    message.sent_at = now
    message.save(
        update_fields=[
            "status",
            "sent_at",
            "approved_by",
            "approved_at",
            "approval_comment",
            "submitted_at",
            "updated_at",
        ]
    )
    if parts is None:
        parts = list(message.recipients.filter(status=RecipientStatus.PENDING))
    _stamp_parts(message=message, parts=parts, now=now)
    Recipient.objects.bulk_update(parts, ["status", "sent_at", "due_at", "expects_reply"])
    _after_delivery(message=message, parts=parts, now=now)


def _stamp_parts(*, message: Message, parts: list[Recipient], now: datetime) -> None:
    """Mark the parts sent with their clocks (in memory: the caller writes them)."""
    dues = due_times(message=message, agency_ids=[p.agency_id for p in parts], now=now)
    expects_reply = message.kind in KINDS_EXPECTING_REPLY
    for part in parts:
        part.status = RecipientStatus.SENT
        part.sent_at = now
        part.due_at = dues[part.agency_id]
        part.expects_reply = expects_reply


def _after_delivery(*, message: Message, parts: list[Recipient], now: datetime) -> None:
    """What follows a sending once message and parts are written: answer, notify."""
    if message.answers_part_id:
        from liaison.exchange.services.parts import mark_answered

        mark_answered(part_id=message.answers_part_id, by=message.author, now=now)
    verb = NotificationVerb.REPLIED if message.in_reply_to_id else NotificationVerb.RECEIVED
    notify_agencies(
        agency_ids=[p.agency_id for p in parts],
        verb=verb,
        message=message,
        email=message.priority == "urgent",
    )


def submit_or_hold(
    *, actor: User, message: Message, now: datetime, parts: list[Recipient] | None = None
) -> None:
    """Send now, or hold for a supervisor when the sender agency's policy asks for it.

    `parts`: the pending parts with their agencies, when the caller has them already.
    """
    message.submitted_at = now
    own_country = message.sender_agency.country_id
    if parts is None:
        cross_border = message.recipients.exclude(agency__country_id=own_country).exists()
    else:
        cross_border = any(p.agency.country_id != own_country for p in parts)
    if _must_hold(actor=actor, message=message, cross_border=cross_border):
        message.status = MessageStatus.AWAITING_APPROVAL
        message.save(update_fields=["status", "submitted_at", "updated_at"])
        _notify_approvers(message)
        return
    _deliver(message=message, now=now, parts=parts)


def _must_hold(*, actor: User, message: Message, cross_border: bool) -> bool:
    """Whether the message waits for a supervisor (the policy is read only if it matters)."""
    return (
        cross_border
        and not actor.has_role(Role.SUPERVISOR)
        and approval_required(message.sender_agency)
    )


def _notify_approvers(message: Message) -> None:
    notify(
        users=_approvers(message.sender_agency),
        verb=NotificationVerb.AWAITING_APPROVAL,
        message=message,
        email=message.priority == "urgent",
    )


def _approvers(agency: Agency) -> list[User]:
    """Supervisors of the agency, or of the nearest agency above that has some."""
    tree = get_tree()
    chain = [agency.pk, *tree.ancestors(agency.pk)] if agency.pk in tree.nodes else [agency.pk]
    for agency_id in chain:
        found = users_of([agency_id], roles=[Role.SUPERVISOR])
        if found:
            return found
    return []


def message_compose(
    *,
    actor: User,
    recipients: Iterable[Agency | int],
    kind: str,
    subject: str,
    body: str,
    priority: str = "normal",
    due_at: datetime | str | None = None,
    language: str = "",
    handling_code: str = HandlingCode.H0,
    handling_condition: str = "",
    source_grade: str = "",
    info_grade: str = "",
    attachments: Iterable[UploadedFile] = (),
    send: bool = False,
    idempotency_key: str = "",
) -> Message:
    """Write a message (a draft, or submitted at once with `send=True`).

    With an `idempotency_key`, a retry by the same agency returns the message created
    by the first call (`message.replayed` is True) instead of a duplicate.
    """
    require_exchange_role(actor)
    idempotency_key = (idempotency_key or "").strip()
    if len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise ValidationError(
            {"idempotency_key": _("The idempotency key is at most 100 characters long.")}
        )
    if idempotency_key:
        existing = find_by_idempotency_key(actor, idempotency_key)
        if existing is not None:
            return existing
    if kind == Kind.REPLY:
        raise ValidationError({"kind": _("Use reply on the message you answer.")})
    try:
        with StoredFiles() as stored, transaction.atomic():
            message = _compose(
                actor=actor,
                recipients=recipients,
                stored=stored,
                attachments=attachments,
                send=send,
                idempotency_key=idempotency_key,
                values={
                    "kind": kind,
                    "subject": subject,
                    "body": body,
                    "priority": priority,
                    "due_at": due_at,
                    "language": language,
                    "handling_code": handling_code,
                    "handling_condition": handling_condition,
                    "source_grade": source_grade,
                    "info_grade": info_grade,
                },
            )
    except IntegrityError:  # the stored files are removed already
        existing = find_by_idempotency_key(actor, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing  # a concurrent retry won the race: answer with its message
    message.replayed = False
    return message


def find_by_idempotency_key(actor: User, key: str) -> Message | None:
    message = Message.objects.filter(sender_agency_id=actor.agency_id, idempotency_key=key).first()
    if message is not None:
        message.replayed = True
    return message


def _compose(
    *,
    actor: User,
    recipients: Iterable[Agency | int],
    values: dict[str, Any],
    attachments: Iterable[UploadedFile],
    stored: StoredFiles,
    send: bool,
    idempotency_key: str,
) -> Message:
    now = timezone.now()
    sender: list[Agency] = []
    agencies = _clean_recipients(actor, recipients, sender_out=sender)
    message = Message(
        sender_agency=sender[0] if sender else actor.agency,
        author=actor,
        idempotency_key=idempotency_key,
        created_at=now,
    )
    apply_fields(message, values, now=now)
    parts = [Recipient(message=message, agency=a) for a in agencies]
    held = False
    if send:
        # Decided before writing, so message and parts are inserted in their final
        # state: no UPDATE of rows just written (as submit_or_hold would do).
        message.submitted_at = now
        own_country = message.sender_agency.country_id
        cross_border = any(a.country_id != own_country for a in agencies)
        held = _must_hold(actor=actor, message=message, cross_border=cross_border)
        if held:
            message.status = MessageStatus.AWAITING_APPROVAL
        else:
            message.status = MessageStatus.SENT
            message.sent_at = now
            _stamp_parts(message=message, parts=parts, now=now)
    if idempotency_key:
        with transaction.atomic():  # savepoint: a duplicate key must not poison the outer one
            message.save()
    else:  # without a key no unique constraint applies: spare the savepoint
        message.save()
    parts = Recipient.objects.bulk_create(parts)
    files = store_attachments(actor=actor, message=message, uploads=attachments, stored=stored)
    if send:
        if held:
            _notify_approvers(message)
        else:
            _after_delivery(message=message, parts=parts, now=now)
    # One event for writing and sending: the snapshot carries the resulting status.
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=message,
        verb="message_compose",
        changes={
            **diff({}, message_snapshot(message)),
            "recipients": [[], [a.pk for a in agencies]],
            "attachments": [[], [f.sha256 for f in files]],
        },
    )
    return message


@transaction.atomic
def message_update(
    *,
    actor: User,
    message: Message,
    recipients: Iterable[Agency | int] | None = None,
    **values: Any,
) -> Message:
    """Change a draft or a returned message (its author only)."""
    require_exchange_role(actor)
    message = Message.objects.select_for_update().get(pk=message.pk)
    require_author(actor, message)
    before = message_snapshot(message)
    before_recipients = sorted(message.recipients.values_list("agency_id", flat=True))
    if "body" in values and "language" not in values:
        values["language"] = ""  # detect again from the new text
    apply_fields(message, values, now=timezone.now())
    message.save()
    changes = diff(before, message_snapshot(message))
    if recipients is not None:
        agencies = _clean_recipients(actor, recipients)
        after = sorted(a.pk for a in agencies)
        if after != before_recipients:
            message.recipients.all().delete()
            Recipient.objects.bulk_create([Recipient(message=message, agency=a) for a in agencies])
            changes["recipients"] = [before_recipients, after]
    if changes:
        audit_record(
            actor=actor, action=Action.UPDATE, obj=message, verb="message_update", changes=changes
        )
    return message


@transaction.atomic
def message_submit(*, actor: User, message: Message) -> Message:
    """Send a draft or returned message, or hold it for approval (see `_submit`)."""
    require_exchange_role(actor)
    message = Message.objects.select_for_update().select_related("sender_agency").get(pk=message.pk)
    require_author(actor, message)
    if not message.recipients.exists():
        raise ValidationError({"recipients": _("Choose at least one recipient agency.")})
    before = message.status
    submit_or_hold(actor=actor, message=message, now=timezone.now())
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=message,
        verb="message_submit",
        changes={"status": [before, message.status]},
    )
    return message


def _reviewable(actor: User, message: Message) -> Message:
    message = Message.objects.select_for_update().select_related("sender_agency").get(pk=message.pk)
    if not is_supervisor_over(actor, message.sender_agency_id):
        raise PermissionDenied(
            _(
                "Only a supervisor of the sender agency or of an agency above it can review "
                "this message."
            )
        )
    if message.author_id == actor.pk:
        raise PermissionDenied(_("You cannot review your own message."))
    if message.status != MessageStatus.AWAITING_APPROVAL:
        raise ValidationError({"status": _("This message is not awaiting approval.")})
    return message


@transaction.atomic
def message_approve(*, actor: User, message: Message, comment: str = "") -> Message:
    """A supervisor approves: the message leaves at once."""
    message = _reviewable(actor, message)
    now = timezone.now()
    message.approved_by, message.approved_at = actor, now
    message.approval_comment = (comment or "").strip()
    _deliver(message=message, now=now)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=message,
        verb="message_approve",
        changes={
            "status": [MessageStatus.AWAITING_APPROVAL, MessageStatus.SENT],
            "approval_comment": [None, message.approval_comment],
        },
    )
    notify(users=[message.author], verb=NotificationVerb.APPROVED, message=message)
    return message


@transaction.atomic
def message_return(*, actor: User, message: Message, comment: str) -> Message:
    """A supervisor returns the message to its author with a comment saying why."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the message is returned.")})
    message = _reviewable(actor, message)
    message.status = MessageStatus.RETURNED
    message.approved_by, message.approved_at = actor, timezone.now()
    message.approval_comment = comment
    message.save(
        update_fields=["status", "approved_by", "approved_at", "approval_comment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=message,
        verb="message_return",
        changes={
            "status": [MessageStatus.AWAITING_APPROVAL, MessageStatus.RETURNED],
            "approval_comment": [None, comment],
        },
    )
    notify(users=[message.author], verb=NotificationVerb.RETURNED, message=message, email=True)
    return message
