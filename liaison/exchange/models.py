"""The hotline and BLO exchange: messages, their recipients, attachments and links.

A Message is written by one agency; each recipient agency gets its own Recipient row (its
"part") with its own status, clock and due time. Forwarding inside the recipient's country
adds parts that remember who forwarded them. Replies are messages in the same thread.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import get_scope
from liaison.core.languages import Language as BodyLanguage
from liaison.core.sharing import HandlingCode, InfoGrade, SourceGrade
from liaison.core.uploads import private_upload_path


class Kind(models.TextChoices):
    REQUEST = "request", _("Request for information")
    VERIFICATION = "verification", _("Verification request")
    ALERT = "alert", _("Alert")
    NOTIFICATION = "notification", _("Notification of arrest or seizure")
    REPLY = "reply", _("Reply")


# Kinds whose recipients owe an answer; alerts and notifications only an acknowledgment.
KINDS_EXPECTING_REPLY = frozenset({Kind.REQUEST, Kind.VERIFICATION})


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class MessageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    RETURNED = "returned", _("Returned for changes")
    SENT = "sent", _("Sent")


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    SENT = "sent", _("Sent")
    READ = "read", _("Read")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user) -> MessageQuerySet:
        """Sender agency, recipient and forwarded-to agencies, and their chain upward.

        A superior sees what its sub-units sent and received (its own subtree). Parts of
        unsent messages do not count, so drafts stay on the sender side.
        """
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        own = scope.own_subtree
        received = Recipient.objects.filter(
            message_id=OuterRef("pk"), agency_id__in=own, sent_at__isnull=False
        )
        return self.filter(Q(sender_agency_id__in=own) | Exists(received))


class Message(models.Model):
    sender_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="sent_messages",
        verbose_name=_("sender agency"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_messages",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    due_at = models.DateTimeField(
        _("due time"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the default answer time for the priority."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    language = models.CharField(
        _("language of the text"), max_length=5, choices=BodyLanguage.choices
    )
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    handling_condition = models.TextField(_("handling condition"), blank=True)
    source_grade = models.CharField(
        _("source grading"), max_length=1, choices=SourceGrade.choices, blank=True
    )
    info_grade = models.CharField(
        _("information grading"), max_length=1, choices=InfoGrade.choices, blank=True
    )
    # Threads: the root message has no thread; replies point at the root and at the
    # message they answer.
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="thread_messages",
        verbose_name=_("thread"),
    )
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    # The recipient part a reply answers: sending the reply marks that part answered.
    answers_part = models.ForeignKey(
        "exchange.Recipient",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    approved_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    approval_comment = models.TextField(_("review comment"), blank=True)
    # The sender side may close the whole thread; recipients close their own part.
    closed_at = models.DateTimeField(_("thread closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Folded subject and body (see textsearch.fold) so search ignores Latin diacritics.
    # PostgreSQL also has a column `inbox_agencies` that is no field here: the agencies of
    # the sent parts, kept by triggers, indexed with the trigrams (migration 0005).
    search_text = models.TextField(editable=False, default="")
    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender_agency", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="message_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["sender_agency", "status", "-sent_at"], name="msg_sender_status"),
            models.Index(fields=["status", "-sent_at"], name="msg_status_sent"),
            models.Index(fields=["thread", "created_at"], name="msg_thread"),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.subject

    @property
    def root_id(self) -> int:
        return self.thread_id or self.pk

    @property
    def is_sent(self) -> bool:
        return self.status == MessageStatus.SENT

    @property
    def editable(self) -> bool:
        return self.status in {MessageStatus.DRAFT, MessageStatus.RETURNED}


class RecipientQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecipientQuerySet:
        """Parts the user may see: the sender side sees every part of its messages; a
        recipient sees the parts of its own agency and subtree (incl. forwards it made),
        never the other recipients' parts."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        own = scope.own_subtree
        return self.filter(
            Q(agency_id__in=own, sent_at__isnull=False) | Q(message__sender_agency_id__in=own)
        )

    def open(self) -> RecipientQuerySet:
        return self.filter(sent_at__isnull=False, closed_at__isnull=True)

    def overdue(self, now=None) -> RecipientQuerySet:
        """Due time passed without the expected response (see duetime.is_overdue)."""
        now = now or timezone.now()
        missing = Q(expects_reply=True, answered_at__isnull=True) | Q(
            expects_reply=False, acknowledged_at__isnull=True, answered_at__isnull=True
        )
        return self.open().filter(due_at__lt=now).filter(missing)


class Recipient(models.Model):
    """One recipient agency's part of a message, with its own status and clock."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="received_messages",
        verbose_name=_("recipient agency"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecipientStatus.choices,
        default=RecipientStatus.PENDING,
    )
    expects_reply = models.BooleanField(default=False, editable=False)
    due_at = models.DateTimeField(_("due time"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # Provenance of a forward: the part it was forwarded from, by whom, with what note.
    forwarded_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forward_note = models.TextField(_("forwarding note"), blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "agency"], name="recipient_unique"),
        ]
        indexes = [
            # inbox: parts of a set of agencies, newest first; the message id makes it
            # covering for a search's membership test (see matching.MemberIn)
            models.Index(fields=["agency", "-sent_at", "message"], name="rcpt_agency_sent"),
            # inbox of a superior (several agencies): walked newest first, the agency and
            # the message read from the index (see selectors.SubtreeIn and matching.MemberIn)
            models.Index(fields=["-sent_at", "agency", "message"], name="rcpt_sent_agency"),
            # unread counts and status filters
            models.Index(fields=["agency", "status"], name="rcpt_agency_status"),
            # overdue lists and the escalation job: only open, unescalated parts
            models.Index(
                fields=["due_at"],
                name="rcpt_due_open",
                condition=Q(closed_at__isnull=True, escalated_at__isnull=True),
            ),
            models.Index(fields=["agency", "due_at"], name="rcpt_agency_due"),
        ]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self) -> str:
        return f"{self.message_id} → {self.agency_id}"

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


def _attachment_path(instance: Attachment, filename: str) -> str:
    return private_upload_path("exchange", filename)


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        return self.filter(message__in=Message.objects.visible_to(user).values("pk"))


class Attachment(models.Model):
    """A file kept in private storage and served only through a scoped view."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["message", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class MessageLinkQuerySet(models.QuerySet):
    def visible_to(self, user) -> MessageLinkQuerySet:
        return self.filter(message__in=Message.objects.visible_to(user).values("pk"))

    def of_model(self, model) -> MessageLinkQuerySet:
        """Links to records of one model (a class or an instance) of another app."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def to(self, target: models.Model) -> MessageLinkQuerySet:
        """Links to one record of another app."""
        return self.of_model(target).filter(object_id=str(target.pk))


class MessageLink(models.Model):
    """A message linked to any record (a registry person, a case...) of another app."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MessageLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "content_type", "object_id"], name="message_link_unique"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="msglink_target")]
        verbose_name = _("message link")
        verbose_name_plural = _("message links")

    def __str__(self) -> str:
        return f"{self.message_id} ↔ {self.content_type_id}:{self.object_id}"


class AgencyExchangePolicy(models.Model):
    """Per-agency exchange settings kept here so the agencies app stays unchanged."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="exchange_policy"
    )
    # None: the default by level (district and border posts/BLOs need approval).
    require_approval = models.BooleanField(
        _("cross-border messages need a supervisor's approval"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("agency exchange policy")
        verbose_name_plural = _("agency exchange policies")

    def __str__(self) -> str:
        return str(self.agency_id)


_HOURS = [MinValueValidator(1), MaxValueValidator(24 * 90)]


class PartnershipExchangeSettings(models.Model):
    """Answer times agreed in a partnership, overriding the defaults per priority."""

    partnership = models.OneToOneField(
        "agencies.Partnership", on_delete=models.CASCADE, related_name="exchange_settings"
    )
    urgent_hours = models.PositiveIntegerField(
        _("urgent: hours to answer"), default=24, validators=_HOURS
    )
    high_hours = models.PositiveIntegerField(
        _("high: hours to answer"), default=72, validators=_HOURS
    )
    normal_hours = models.PositiveIntegerField(
        _("normal: hours to answer"), default=168, validators=_HOURS
    )

    class Meta:
        verbose_name = _("partnership answer times")
        verbose_name_plural = _("partnership answer times")

    def __str__(self) -> str:
        return str(self.partnership_id)

    def as_hours(self) -> dict[str, int]:
        return {
            Priority.URGENT: self.urgent_hours,
            Priority.HIGH: self.high_hours,
            Priority.NORMAL: self.normal_hours,
        }


class NotificationVerb(models.TextChoices):
    RECEIVED = "received", _("New message received")
    AWAITING_APPROVAL = "awaiting_approval", _("Message awaiting your approval")
    APPROVED = "approved", _("Message approved and sent")
    RETURNED = "returned", _("Message returned for changes")
    REPLIED = "replied", _("Reply received")
    FORWARDED = "forwarded", _("Message forwarded to your agency")
    ESCALATED = "escalated", _("Overdue message escalated")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("what happened"), max_length=30, choices=NotificationVerb.choices)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notif_user_created"),
            models.Index(
                fields=["created_at"],
                name="notif_undigested",
                condition=Q(digested_at__isnull=True, read_at__isnull=True),
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.verb} {self.message_id}"
