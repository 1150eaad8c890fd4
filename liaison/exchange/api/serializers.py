"""JSON shapes of the exchange: messages, recipient parts, attachments, notifications,
statistics, and the inputs of every action.

Input serializers only check the shape: the views hand the validated data to
`liaison.exchange.services`, which applies every rule (recipients allowed, H2, roles...)
and raises field-keyed errors that the API answers as 400 JSON.
"""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from liaison.agencies.models import Agency, User
from liaison.core.sharing import HandlingCode
from liaison.exchange.models import (
    Attachment,
    BodyLanguage,
    InfoGrade,
    Kind,
    Message,
    Notification,
    Priority,
    Recipient,
    SourceGrade,
)
from liaison.exchange.services.notify import describe

COMPOSE_KINDS = [c for c in Kind.choices if c[0] != Kind.REPLY]


# --- output ------------------------------------------------------------------------------


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "country"]
        read_only_fields = fields


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "message",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        return reverse("api-exchange-attachment-download", args=[obj.pk])


class PartSerializer(serializers.ModelSerializer):
    """One recipient agency's part of a message, with its own status and clock."""

    agency = AgencyRefSerializer(read_only=True)

    class Meta:
        model = Recipient
        fields = [
            "id",
            "agency",
            "status",
            "expects_reply",
            "due_at",
            "sent_at",
            "read_at",
            "acknowledged_at",
            "answered_at",
            "closed_at",
            "escalated_at",
            "forwarded_from",
            "forwarded_by",
            "forward_note",
        ]
        read_only_fields = fields


class MessageSummarySerializer(serializers.ModelSerializer):
    """A message in a list. `parts`: the parts the list is about (in the inbox, the
    part received; in the sent list, every part)."""

    sender_agency = AgencyRefSerializer(read_only=True)
    author = UserRefSerializer(read_only=True)
    parts = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "kind",
            "priority",
            "subject",
            "language",
            "handling_code",
            "status",
            "sender_agency",
            "author",
            "thread",
            "in_reply_to",
            "due_at",
            "submitted_at",
            "sent_at",
            "closed_at",
            "parts",
        ]
        read_only_fields = fields

    @extend_schema_field(PartSerializer(many=True))
    def get_parts(self, obj: Message) -> list[dict]:
        parts = getattr(obj, "listed_parts", None)
        if parts is None:
            parts = obj.recipients.all()
        return [self._part_serializer.to_representation(part) for part in parts]

    @cached_property
    def _part_serializer(self) -> PartSerializer:
        # One per list, not one per message: building a ModelSerializer's fields costs
        # about 2 ms, which made most of an inbox page's time.
        return PartSerializer(context=self.context)


class ThreadItemSerializer(serializers.ModelSerializer):
    sender_agency = AgencyRefSerializer(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "kind", "subject", "language", "sender_agency", "status", "sent_at"]
        read_only_fields = fields


class MessageDetailSerializer(MessageSummarySerializer):
    """A message with its text, the visible parts, its files and its thread."""

    approved_by = UserRefSerializer(read_only=True)
    attachments = serializers.SerializerMethodField()
    thread_messages = serializers.SerializerMethodField()

    class Meta(MessageSummarySerializer.Meta):
        fields = [
            *MessageSummarySerializer.Meta.fields,
            "body",
            "handling_condition",
            "source_grade",
            "info_grade",
            "approved_by",
            "approved_at",
            "approval_comment",
            "attachments",
            "thread_messages",
        ]
        read_only_fields = fields

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj: Message) -> list[dict]:
        return AttachmentSerializer(
            self.context.get("attachments", []), many=True, context=self.context
        ).data

    @extend_schema_field(ThreadItemSerializer(many=True))
    def get_thread_messages(self, obj: Message) -> list[dict]:
        return ThreadItemSerializer(self.context.get("thread", []), many=True).data


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    message_subject = serializers.CharField(source="message.subject", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "verb", "text", "message", "message_subject", "created_at", "read_at"]
        read_only_fields = fields

    def get_text(self, obj: Notification) -> str:
        return describe(obj.verb, obj.message)


class CountsSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=_("Messages received that nobody opened yet."))
    awaiting_approval = serializers.IntegerField()
    notifications = serializers.IntegerField(help_text=_("Unread notifications."))


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField()


# --- statistics --------------------------------------------------------------------------


class KindCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())


class ResponseFiguresSerializer(serializers.Serializer):
    median_hours_to_acknowledge = serializers.FloatField(allow_null=True)
    median_hours_to_answer = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    judged = serializers.IntegerField(
        help_text=_("Requests already answered or past their due time.")
    )
    answered_on_time = serializers.IntegerField()
    share_answered_on_time = serializers.FloatField(allow_null=True)


class PartyFiguresSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField()
    agency = serializers.CharField()
    country = serializers.CharField()
    sent = KindCountsSerializer()
    received = KindCountsSerializer()
    responses = ResponseFiguresSerializer()


class PartnershipRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    locals()["from"] = serializers.DateField()  # "from" is a Python keyword
    to = serializers.DateField()


class TotalsSerializer(ResponseFiguresSerializer):
    messages = serializers.IntegerField()
    parts = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    partnership = PartnershipRefSerializer()
    period = PeriodSerializer()
    parties = PartyFiguresSerializer(many=True)
    totals = TotalsSerializer()


class StatisticsQuerySerializer(serializers.Serializer):
    partnership = serializers.IntegerField(help_text=_("Partnership id."))
    date_from = serializers.DateField(help_text=_("First day of the period (YYYY-MM-DD)."))
    date_to = serializers.DateField(help_text=_("Last day of the period (YYYY-MM-DD)."))

    def validate(self, attrs):
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError(
                {"date_to": _("The end of the period comes before its start.")}
            )
        return attrs


# --- input -------------------------------------------------------------------------------


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, **kwargs)


class _WritingFields(serializers.Serializer):
    """Fields a new message and a reply share."""

    language = _choice(
        BodyLanguage.choices,
        required=False,
        allow_blank=True,
        help_text=_("Language of the text; detected from the text when left out."),
    )
    handling_condition = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Required with handling code H3.")
    )
    source_grade = _choice(SourceGrade.choices, required=False, allow_blank=True)
    info_grade = _choice(InfoGrade.choices, required=False, allow_blank=True)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        write_only=True,
        help_text=_("Files (multipart only): PDF, images, office documents or text."),
    )


class ComposeSerializer(_WritingFields):
    recipients = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=True,
        help_text=_("Ids of the recipient agencies: partners or agencies of your country."),
    )
    kind = _choice(COMPOSE_KINDS)
    priority = _choice(Priority.choices, required=False, default=Priority.NORMAL)
    due_at = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=_(
            "ISO 8601 or dd/mm/yyyy HH:MM; empty for the answer time of the priority "
            "(24 h / 72 h / 7 days unless the partnership agreed otherwise)."
        ),
    )
    subject = serializers.CharField(max_length=300)
    body = serializers.CharField(trim_whitespace=False)
    handling_code = _choice(HandlingCode.choices, required=False, default=HandlingCode.H0)
    send = serializers.BooleanField(
        required=False,
        default=True,
        help_text=_(
            "False keeps the message as a draft; true sends it (or holds it for "
            "approval where the agency requires it)."
        ),
    )


class MessageUpdateSerializer(serializers.Serializer):
    """Changes to a draft or a returned message (its author only)."""

    recipients = serializers.ListField(child=serializers.IntegerField(), required=False)
    kind = _choice(COMPOSE_KINDS, required=False)
    priority = _choice(Priority.choices, required=False)
    due_at = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    subject = serializers.CharField(max_length=300, required=False)
    body = serializers.CharField(trim_whitespace=False, required=False)
    language = _choice(BodyLanguage.choices, required=False, allow_blank=True)
    handling_code = _choice(HandlingCode.choices, required=False)
    handling_condition = serializers.CharField(required=False, allow_blank=True)
    source_grade = _choice(SourceGrade.choices, required=False, allow_blank=True)
    info_grade = _choice(InfoGrade.choices, required=False, allow_blank=True)


class ReplySerializer(_WritingFields):
    subject = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=_("Empty: the subject of the message answered."),
    )
    body = serializers.CharField(trim_whitespace=False)
    handling_code = _choice(
        HandlingCode.choices,
        required=False,
        allow_null=True,
        help_text=_("Empty: the handling code of the message answered."),
    )


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Optional to approve; required to return the message."),
    )


class ForwardSerializer(serializers.Serializer):
    agencies = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=True,
        help_text=_("Ids of agencies of your own country."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AttachmentUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
