"""JSON shapes of cooperation records. Agencies are named by their code, other records
by id. Writes are validated again (and authorised) by `liaison.cooperation.services`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from liaison.agencies.models import Agency, Area, Partnership
from liaison.cooperation.models import (
    Activity,
    ActivityKind,
    Agreement,
    Commitment,
    CommitmentStatus,
    Conference,
    Delegation,
)
from liaison.core.api.fields import ScopedPrimaryKeyRelatedField


def agency_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), **kwargs)


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    original_name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class AgreementTextSerializer(FileSerializer):
    language = serializers.CharField(read_only=True)


class ActivityDocumentSerializer(FileSerializer):
    caption = serializers.CharField(read_only=True)


# --- agreements ---------------------------------------------------------------------------

AGREEMENT_FIELDS = [
    "kind",
    "number",
    "title",
    "parties",
    "signed_on",
    "signed_place",
    "valid_from",
    "valid_to",
    "conference",
    "follows",
    "summary",
]


class AgreementSerializer(serializers.ModelSerializer):
    parties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    texts = AgreementTextSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "partnership", *AGREEMENT_FIELDS, "texts", "created_at", "updated_at"]
        read_only_fields = fields


class AgreementWriteSerializer(serializers.ModelSerializer):
    parties = agency_field(many=True)
    conference = ScopedPrimaryKeyRelatedField(
        queryset=Conference.objects.all(), required=False, allow_null=True
    )
    follows = ScopedPrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS


class AgreementCreateSerializer(AgreementWriteSerializer):
    partnership = serializers.PrimaryKeyRelatedField(queryset=Partnership.objects.all())

    class Meta(AgreementWriteSerializer.Meta):
        fields = ["partnership", *AGREEMENT_FIELDS]


class AgreementTextUploadSerializer(serializers.Serializer):
    # checked by the service ("unknown language" on `language`)
    language = serializers.CharField(
        label=_("language"), max_length=8, help_text=_("vi, lo, km or en.")
    )
    file = serializers.FileField(label=_("file"))


# --- commitments --------------------------------------------------------------------------

COMMITMENT_FIELDS = [
    "number",
    "content",
    "responsible",
    "indicator",
    "target",
    "activity_kind",
    "due_on",
]


class CommitmentStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    achieved = serializers.IntegerField()
    target = serializers.IntegerField()
    missing = serializers.IntegerField()
    overridden = serializers.BooleanField()
    upcoming = serializers.IntegerField()
    is_open = serializers.BooleanField()


class CommitmentSerializer(serializers.ModelSerializer):
    """`state` comes from the view's context (`states`: {pk: CommitmentState})."""

    responsible = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    overridden_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "agreement",
            "position",
            *COMMITMENT_FIELDS,
            "status_override",
            "override_reason",
            "overridden_by",
            "overridden_at",
            "state",
        ]
        read_only_fields = fields

    @extend_schema_field(CommitmentStateSerializer(allow_null=True))
    def get_state(self, commitment):
        state = self.context.get("states", {}).get(commitment.pk)
        return CommitmentStateSerializer(state).data if state is not None else None


class CommitmentWriteSerializer(serializers.ModelSerializer):
    responsible = agency_field(many=True)

    class Meta:
        model = Commitment
        fields = COMMITMENT_FIELDS
        # the services check the item number (per agreement) themselves
        validators: list = []


class CommitmentCreateSerializer(CommitmentWriteSerializer):
    agreement = ScopedPrimaryKeyRelatedField(queryset=Agreement.objects.all())

    class Meta(CommitmentWriteSerializer.Meta):
        fields = ["agreement", *COMMITMENT_FIELDS]


class CommitmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=CommitmentStatus.choices,
        allow_blank=True,
        help_text=_("Empty clears the status set by hand."),
    )
    reason = serializers.CharField(allow_blank=True, required=False, default="")


# --- activities ---------------------------------------------------------------------------

ACTIVITY_FIELDS = [
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "area",
    "organiser",
    "participating",
    "participant_count",
    "audience",
    "outcome",
    "commitments",
]


class ActivitySerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(slug_field="code", read_only=True)
    participating = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    commitments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    documents = ActivityDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "partnership", *ACTIVITY_FIELDS, "documents", "created_at", "updated_at"]
        read_only_fields = fields


class ActivityWriteSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True
    )
    organiser = agency_field()
    participating = agency_field(many=True, required=False)
    commitments = ScopedPrimaryKeyRelatedField(
        queryset=Commitment.objects.select_related("agreement"), many=True, required=False
    )

    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS


class ActivityCreateSerializer(ActivityWriteSerializer):
    partnership = serializers.PrimaryKeyRelatedField(queryset=Partnership.objects.all())

    class Meta(ActivityWriteSerializer.Meta):
        fields = ["partnership", *ACTIVITY_FIELDS]


class ActivityDocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("file"))
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# --- conferences --------------------------------------------------------------------------

CONFERENCE_FIELDS = [
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "host",
    "reviews_from",
    "reviews_to",
    "agenda",
    "minutes",
    "decisions",
]


class DelegationSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Delegation
        fields = ["id", "agency", "agency_name", "head_name", "head_title", "members"]
        read_only_fields = fields


class ConferenceSerializer(serializers.ModelSerializer):
    host = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Conference
        fields = ["id", "partnership", *CONFERENCE_FIELDS, "created_at", "updated_at"]
        read_only_fields = fields


class ConferenceDetailSerializer(ConferenceSerializer):
    delegations = DelegationSerializer(many=True, read_only=True)
    agreements_signed = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(ConferenceSerializer.Meta):
        fields = [*ConferenceSerializer.Meta.fields, "delegations", "agreements_signed"]
        read_only_fields = fields


class ConferenceWriteSerializer(serializers.ModelSerializer):
    host = agency_field(required=False, allow_null=True)

    class Meta:
        model = Conference
        fields = CONFERENCE_FIELDS


class ConferenceCreateSerializer(ConferenceWriteSerializer):
    partnership = serializers.PrimaryKeyRelatedField(queryset=Partnership.objects.all())

    class Meta(ConferenceWriteSerializer.Meta):
        fields = ["partnership", *CONFERENCE_FIELDS]


class DelegationWriteSerializer(serializers.Serializer):
    agency = agency_field()
    head_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    head_title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    members = serializers.CharField(required=False, allow_blank=True, default="")


# --- partnerships and the calendar --------------------------------------------------------


class CooperationPartnershipSerializer(serializers.ModelSerializer):
    parties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    agreement_count = serializers.IntegerField(read_only=True)
    activity_count = serializers.IntegerField(read_only=True)
    conference_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "parties",
            "since",
            "active",
            "agreement_count",
            "activity_count",
            "conference_count",
        ]
        read_only_fields = fields


class AgreementWithCommitmentsSerializer(AgreementSerializer):
    in_force = serializers.BooleanField(read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "in_force", "commitments"]
        read_only_fields = fields


class CooperationPeriodSerializer(serializers.Serializer):
    date_from = serializers.DateField(source="from")
    date_to = serializers.DateField(source="to")


class PartnershipOverviewSerializer(serializers.Serializer):
    partnership = CooperationPartnershipSerializer()
    period = CooperationPeriodSerializer()
    agreements = AgreementWithCommitmentsSerializer(many=True)
    commitment_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Commitments by state.")
    )
    recent_activities = ActivitySerializer(many=True)
    conferences = ConferenceSerializer(many=True)
    figures = serializers.JSONField(
        help_text=_("Live figures of the period: exchange, joint cases, seizures.")
    )


class CalendarSerializer(serializers.Serializer):
    period = CooperationPeriodSerializer()
    conferences = ConferenceSerializer(many=True)
    commitments_due = CommitmentSerializer(many=True)
