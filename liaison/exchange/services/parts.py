"""What recipients do with their part: read, acknowledge, reply, forward, close; links.

A recipient agency acts on its own part only; each step stamps its time and user once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, User
from liaison.core.access import get_scope
from liaison.core.audit.services import Action, audit_record, diff
from liaison.core.sharing import HandlingCode
from liaison.core.uploads import StoredFiles
from liaison.exchange.models import (
    Kind,
    Message,
    MessageLink,
    MessageStatus,
    NotificationVerb,
    Recipient,
    RecipientStatus,
)
from liaison.exchange.services._common import (
    agency_ids,
    message_snapshot,
    own_part,
    require_exchange_role,
)
from liaison.exchange.services.compose import (
    apply_fields,
    find_by_idempotency_key,
    submit_or_hold,
)
from liaison.exchange.services.files import store_attachments
from liaison.exchange.services.notify import notify, users_of

# The furthest step a part has reached decides its status.
_ORDER = [
    RecipientStatus.PENDING,
    RecipientStatus.SENT,
    RecipientStatus.READ,
    RecipientStatus.ACKNOWLEDGED,
    RecipientStatus.ANSWERED,
    RecipientStatus.CLOSED,
]


def _advance(part: Recipient, status: str) -> None:
    if _ORDER.index(status) > _ORDER.index(part.status):
        part.status = status


def _refuse_if_closed(part: Recipient, message: Message) -> None:
    if part.closed_at is not None:
        raise ValidationError({"status": _("Your agency has closed its part of this message.")})
    if _thread_closed(message):
        raise ValidationError({"thread": _("This thread is closed.")})


def _thread_closed(message: Message) -> bool:
    root_id = message.thread_id or message.pk
    return Message.objects.filter(pk=root_id, closed_at__isnull=False).exists()


@transaction.atomic
def message_mark_read(*, actor: User, message: Message) -> Recipient | None:
    """Record that the user opened the message (audited as a read, every time).

    When the user's agency is a recipient, its part becomes read (first time only).
    Adapters call this whenever they show a message.
    """
    audit_record(actor=actor, action=Action.READ, obj=message, verb="message_mark_read")
    if not message.is_sent or actor.agency_id is None:
        return None
    part = (
        Recipient.objects.select_for_update()
        .filter(message=message, agency_id=actor.agency_id, sent_at__isnull=False)
        .first()
    )
    if part is not None and part.read_at is None:
        part.read_at, part.read_by = timezone.now(), actor
        _advance(part, RecipientStatus.READ)
        part.save(update_fields=["read_at", "read_by", "status"])
    return part


@transaction.atomic
def message_acknowledge(*, actor: User, message: Message) -> Recipient:
    """Confirm receipt for the user's agency (a repeat changes nothing)."""
    part = own_part(actor, message)
    if part.acknowledged_at is not None:
        return part
    if part.closed_at is not None:
        raise ValidationError({"status": _("Your agency has closed its part of this message.")})
    now = timezone.now()
    part.acknowledged_at, part.acknowledged_by = now, actor
    if part.read_at is None:
        part.read_at, part.read_by = now, actor
    _advance(part, RecipientStatus.ACKNOWLEDGED)
    part.save(update_fields=["acknowledged_at", "acknowledged_by", "read_at", "read_by", "status"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=message,
        verb="message_acknowledge",
        changes={"recipient": part.agency_id, "status": [None, part.status]},
    )
    return part


def mark_answered(*, part_id: int, by: User, now: datetime) -> None:
    """Called when a reply leaves: the answered part records when and by whom."""
    part = Recipient.objects.select_for_update().get(pk=part_id)
    if part.answered_at is None:
        part.answered_at, part.answered_by = now, by
        if part.acknowledged_at is None:  # an answer implies receipt
            part.acknowledged_at, part.acknowledged_by = now, by
        if part.read_at is None:
            part.read_at, part.read_by = now, by
        _advance(part, RecipientStatus.ANSWERED)
        part.save()


def message_reply(
    *,
    actor: User,
    message: Message,
    body: str,
    subject: str = "",
    language: str = "",
    handling_code: str | None = None,
    handling_condition: str = "",
    source_grade: str = "",
    info_grade: str = "",
    attachments: Iterable[UploadedFile] = (),
    idempotency_key: str = "",
) -> Message:
    """Answer in the thread, addressed to the sender agency of `message`.

    The reply goes through the replying agency's approval policy like any message; the
    part is marked answered when the reply actually leaves. Refused on a closed part or
    thread.
    """
    key = (idempotency_key or "").strip()
    if len(key) > 100:
        raise ValidationError(
            {"idempotency_key": _("The idempotency key is at most 100 characters long.")}
        )
    try:
        with StoredFiles() as stored, transaction.atomic():
            part = own_part(actor, message)
            _refuse_if_closed(part, message)
            existing = find_by_idempotency_key(actor, key) if key else None
            if existing is not None:
                return existing
            reply = _write_reply(
                actor=actor,
                message=message,
                part=part,
                body=body,
                subject=subject,
                language=language,
                handling_code=handling_code,
                handling_condition=handling_condition,
                source_grade=source_grade,
                info_grade=info_grade,
                attachments=attachments,
                stored=stored,
                idempotency_key=key,
            )
    except IntegrityError:  # the stored files are removed already
        existing = find_by_idempotency_key(actor, key) if key else None
        if existing is None:
            raise
        return existing  # a concurrent retry won the race
    reply.replayed = False
    return reply


def _write_reply(*, actor, message, part, stored, attachments, idempotency_key, **values):
    now = timezone.now()
    subject = (values.pop("subject") or "").strip() or _("Re: %(subject)s") % {
        "subject": message.subject
    }
    handling_code = values.pop("handling_code") or message.handling_code
    reply = Message(
        sender_agency=actor.agency,
        author=actor,
        thread_id=message.thread_id or message.pk,
        in_reply_to=message,
        answers_part=part,
        idempotency_key=idempotency_key,
        created_at=now,
    )
    apply_fields(
        reply,
        {
            "kind": Kind.REPLY,
            "subject": subject[:300],
            "priority": message.priority,
            "handling_code": handling_code,
            **values,
        },
        now=now,
    )
    reply.save()
    parts = [
        Recipient.objects.create(message=reply, agency=message.sender_agency)  # to the sender
    ]
    files = store_attachments(actor=actor, message=reply, uploads=attachments, stored=stored)
    submit_or_hold(actor=actor, message=reply, now=now, parts=parts)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=reply,
        verb="message_reply",
        changes={
            **diff({}, message_snapshot(reply)),
            "recipients": [[], [message.sender_agency_id]],
            "attachments": [[], [f.sha256 for f in files]],
        },
    )
    return reply


@transaction.atomic
def message_forward(
    *, actor: User, message: Message, agencies: Iterable[Agency | int], note: str = ""
) -> list[Recipient]:
    """Pass the message on inside the recipient's own country, keeping its provenance.

    The message itself (and so its handling code) is unchanged; each new part records
    the part it came from, who forwarded it and the note.
    """
    part = own_part(actor, message)
    _refuse_if_closed(part, message)
    ids = agency_ids(agencies, field="agencies")
    if not ids:
        raise ValidationError({"agencies": _("Choose at least one agency to forward to.")})
    targets = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    country = get_scope(actor).country
    already = set(message.recipients.values_list("agency_id", flat=True))
    for agency_id in ids:
        agency = targets.get(agency_id)
        if agency is None or not agency.active:
            raise ValidationError({"agencies": _("Unknown agency.")})
        if agency.country_id != country:
            if message.handling_code == HandlingCode.H2:
                raise ValidationError(
                    {
                        "agencies": _(
                            "This message is marked H2: it may not be passed on outside your "
                            "country without the consent of the agency that sent it."
                        )
                    }
                )
            raise ValidationError(
                {"agencies": _("A message can only be forwarded to agencies of your own country.")}
            )
        if agency.pk in already or agency.pk == message.sender_agency_id:
            raise ValidationError(
                {"agencies": _("%(agency)s already has this message.") % {"agency": agency.name}}
            )
    now = timezone.now()
    created = Recipient.objects.bulk_create(
        [
            Recipient(
                message=message,
                agency_id=agency_id,
                status=RecipientStatus.SENT,
                sent_at=now,
                due_at=part.due_at,
                expects_reply=part.expects_reply,
                forwarded_from=part,
                forwarded_by=actor,
                forward_note=(note or "").strip(),
            )
            for agency_id in ids
        ]
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=message,
        verb="message_forward",
        changes={
            "forwarded_from": part.agency_id,
            "recipients": [[], ids],
            "handling_code": message.handling_code,
        },
    )
    notify(
        users=users_of(ids),
        verb=NotificationVerb.FORWARDED,
        message=message,
        email=message.priority == "urgent",
    )
    return created


@transaction.atomic
def message_close(*, actor: User, message: Message) -> Message | Recipient:
    """A recipient closes its part; the sender side closes the whole thread.

    Returns the closed part, or the root message when the thread was closed.
    """
    require_exchange_role(actor)
    now = timezone.now()
    part = (
        Recipient.objects.select_for_update()
        .filter(message=message, agency_id=actor.agency_id, sent_at__isnull=False)
        .first()
    )
    if part is not None:
        if part.closed_at is None:
            part.closed_at, part.closed_by = now, actor
            _advance(part, RecipientStatus.CLOSED)
            part.save(update_fields=["closed_at", "closed_by", "status"])
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                obj=message,
                verb="message_close",
                changes={"recipient": part.agency_id, "status": [None, part.status]},
            )
        return part
    root = Message.objects.select_for_update().get(pk=message.thread_id or message.pk)
    if root.sender_agency_id not in get_scope(actor).own_subtree:
        raise PermissionDenied(_("Only a recipient agency or the sender side can close this."))
    if root.status != MessageStatus.SENT:
        raise ValidationError({"status": _("Only a sent message can be closed.")})
    if root.closed_at is None:
        root.closed_at, root.closed_by = now, actor
        root.save(update_fields=["closed_at", "closed_by", "updated_at"])
        thread = models.Q(message_id=root.pk) | models.Q(message__thread_id=root.pk)
        Recipient.objects.filter(thread, closed_at__isnull=True, sent_at__isnull=False).update(
            closed_at=now, closed_by=actor, status=RecipientStatus.CLOSED
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=root,
            verb="message_close",
            changes={"closed_at": [None, now.isoformat()]},
        )
    return root


# --- links to records of other apps -------------------------------------------------------


@transaction.atomic
def message_link_add(*, actor: User, message: Message, target: models.Model) -> MessageLink:
    """Link a message to a record of another app (a person, a case...).

    The caller has fetched both through their `visible_to(actor)`.
    """
    from django.contrib.contenttypes.models import ContentType

    require_exchange_role(actor)
    content_type = ContentType.objects.get_for_model(target)
    link, created = MessageLink.objects.get_or_create(
        message=message,
        content_type=content_type,
        object_id=str(target.pk),
        defaults={"created_by": actor},
    )
    if created:
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=message,
            verb="message_link_add",
            changes={"link": [None, f"{content_type.natural_key()}:{target.pk}"]},
        )
    return link


@transaction.atomic
def message_link_remove(*, actor: User, link: MessageLink) -> None:
    require_exchange_role(actor)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=link.message,
        verb="message_link_remove",
        changes={"link": [f"{link.content_type_id}:{link.object_id}", None]},
    )
    link.delete()
