"""Notifications in the application and by e-mail, escalation of overdue parts, digest.

E-mails leave only after the transaction commits (`on_commit`), each in the language of
the user who receives it, through Django's mail backend (console in development).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, Exists, IntegerField, OuterRef, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.agencies.models import Agency, Role, User, UserRole
from liaison.core.audit.services import Action, audit_record
from liaison.core.mail import deliver_mail
from liaison.exchange.models import Message, Notification, NotificationVerb, Recipient
from liaison.exchange.services._common import EXCHANGE_ROLES


def users_of(agency_ids: Iterable[int], roles: Iterable[str] = EXCHANGE_ROLES) -> list[User]:
    """Active users of the agencies holding one of `roles`."""
    return list(
        User.objects.filter(
            agency_id__in=list(agency_ids), is_active=True, role_assignments__role__in=list(roles)
        )
        .distinct()
        .order_by("pk")
    )


def notify_agencies(
    *,
    agency_ids: Iterable[int],
    verb: str,
    message: Message,
    email: bool = False,
) -> None:
    """`notify(users=users_of(agency_ids), ...)`, in one INSERT ... SELECT when no
    e-mail leaves (the users are not needed in Python then).

    Sending a message paid a query for the users and another for their notifications,
    with a User object built per user in between; this is one round trip.
    """
    if email:
        notify(users=users_of(agency_ids), verb=verb, message=message, email=True)
        return
    holds_role = UserRole.objects.filter(user_id=OuterRef("pk"), role__in=EXCHANGE_ROLES)
    rows = (
        User.objects.filter(agency_id__in=list(agency_ids), is_active=True)
        .filter(Exists(holds_role))
        .annotate(
            notification_verb=Value(verb, output_field=CharField()),
            notification_message=Value(message.pk, output_field=IntegerField()),
            notification_created=Value(timezone.now(), output_field=DateTimeField()),
        )
        .values_list("pk", "notification_verb", "notification_message", "notification_created")
        .order_by("pk")
    )
    select_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(Notification._meta.get_field(name).column)
        for name in ("user", "verb", "message", "created_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) {select_sql}",
            params,
        )


def describe(verb: str, message: Message) -> str:
    """One translated sentence for a notification, in the active language."""
    agency = message.sender_agency.display_name
    subject = message.subject
    texts = {
        NotificationVerb.RECEIVED: _("New message from %(agency)s: %(subject)s"),
        NotificationVerb.AWAITING_APPROVAL: _(
            "A message of %(agency)s awaits your approval: %(subject)s"
        ),
        NotificationVerb.APPROVED: _("Your message was approved and sent: %(subject)s"),
        NotificationVerb.RETURNED: _("Your message was returned for changes: %(subject)s"),
        NotificationVerb.REPLIED: _("%(agency)s replied: %(subject)s"),
        NotificationVerb.FORWARDED: _("A message was forwarded to your agency: %(subject)s"),
        NotificationVerb.ESCALATED: _(
            "A message from %(agency)s is overdue without an answer: %(subject)s"
        ),
    }
    return texts[verb] % {"agency": agency, "subject": subject}


def notify(
    *,
    users: Iterable[User],
    verb: str,
    message: Message,
    recipient: Recipient | None = None,
    email: bool = False,
) -> list[Notification]:
    """In-app notifications for `users`; with `email`, one e-mail each after commit."""
    users = [u for u in dict.fromkeys(users) if u is not None]
    if not users:
        return []
    stamp = timezone.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                verb=verb,
                message=message,
                recipient=recipient,
                created_at=stamp,
                emailed_at=stamp if email and u.email else None,
            )
            for u in users
        ]
    )
    if email:
        targets = [u for u in users if u.email]
        transaction.on_commit(lambda: _send_now(targets, verb, message))
    return created


def _email_for(user: User, verb: str, message: Message) -> mail.EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("[Liaison] %(what)s") % {"what": NotificationVerb(verb).label}
        body = "\n\n".join(
            [
                describe(verb, message),
                _("Open Liaison to read the message. Its content is not sent by e-mail."),
            ]
        )
    return mail.EmailMessage(
        subject=subject.replace("\n", " "),
        body=body,
        to=[user.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def _send_now(users: list[User], verb: str, message: Message) -> None:
    deliver_mail([_email_for(u, verb, message) for u in users])


def notification_mark_read(*, actor: User, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the user's) read; returns how many changed."""
    qs = Notification.objects.visible_to(actor).unread()
    if notification is not None:
        if notification.user_id != actor.pk:
            raise PermissionDenied(_("This notification is not yours."))
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


def escalation_targets(agency: Agency) -> list[User]:
    """The recipient agency's supervisors and its parent agency's supervisors."""
    ids = [agency.pk] + ([agency.parent_id] if agency.parent_id else [])
    return users_of(ids, roles=[Role.SUPERVISOR])


def message_escalate_overdue(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Escalate every part past its due time without the expected response.

    Each part is escalated once (escalated_at is set), in its own transaction with its
    audit event; the supervisors of the recipient agency and of its parent agency are
    notified in the application and by e-mail. Returns the number escalated.
    """
    now = now or timezone.now()
    escalated = 0
    while True:
        ids = list(
            Recipient.objects.overdue(now)
            .filter(escalated_at__isnull=True)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return escalated
        for part_id in ids:
            escalated += _escalate_one(part_id, now)


@transaction.atomic
def _escalate_one(part_id: int, now: datetime) -> int:
    part = (
        Recipient.objects.select_for_update()
        .select_related("agency", "message", "message__sender_agency")
        .filter(pk=part_id, escalated_at__isnull=True)
        .first()
    )
    if part is None:  # escalated meanwhile by another worker
        return 0
    part.escalated_at = now
    part.save(update_fields=["escalated_at"])
    audit_record(
        actor=None,
        action=Action.UPDATE,
        obj=part.message,
        verb="message_escalate_overdue",
        agency=part.agency_id,
        username="system",
        changes={"recipient": part.agency_id, "escalated_at": [None, now.isoformat()]},
    )
    notify(
        users=escalation_targets(part.agency),
        verb=NotificationVerb.ESCALATED,
        message=part.message,
        recipient=part,
        email=True,
    )
    return 1


def notifications_send_daily_digest(*, now: datetime | None = None) -> int:
    """One e-mail per user listing the unread notifications of the last day.

    Notifications already e-mailed one by one or already in a digest are left out.
    Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    since = now - timedelta(days=1)
    pending = (
        Notification.objects.unread()
        .filter(digested_at__isnull=True, emailed_at__isnull=True, created_at__gte=since)
        .filter(~Q(user__email=""), user__is_active=True)
        .select_related("user", "message", "message__sender_agency")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    messages = []
    for items in by_user.values():
        user = items[0].user
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = ngettext(
                "[Liaison] %(count)d new notification",
                "[Liaison] %(count)d new notifications",
                len(items),
            ) % {"count": len(items)}
            lines = [describe(n.verb, n.message) for n in items]
            lines.append(
                _("Open Liaison to read the messages. Their content is not sent by e-mail.")
            )
        messages.append(
            mail.EmailMessage(
                subject=subject,
                body="\n".join(lines),
                to=[user.email],
                from_email=settings.DEFAULT_FROM_EMAIL,
            )
        )
    with transaction.atomic():
        Notification.objects.filter(
            pk__in=[n.pk for items in by_user.values() for n in items]
        ).update(digested_at=now)
        transaction.on_commit(lambda: deliver_mail(messages))
    return len(messages)
