"""JSON shapes of joint cases. Agencies are named by their code; persons, organisations
and messages by id. Writes are validated again by `liaison.cases.services`."""

from __future__ import annotations

from rest_framework import serializers

from liaison.agencies.models import Agency
from liaison.cases.models import (
    CaseEvent,
    CaseStatus,
    CaseTask,
    EventKind,
    JointCase,
    SubjectRole,
    TaskStatus,
)
from liaison.core.sharing import HandlingCode
from liaison.registry.models import Organisation

AGENCY = {"slug_field": "code", "queryset": Agency.objects.all()}
EVENT_KINDS = [c for c in EventKind.values if c != EventKind.STATUS]


class CaseParticipantSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    country = serializers.CharField(source="agency.country_id", read_only=True)
    joined_on = serializers.DateField(read_only=True)


class CaseSerializer(serializers.ModelSerializer):
    lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    participants = CaseParticipantSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)

    class Meta:
        model = JointCase
        fields = [
            "id",
            "code",
            "title",
            "lead_agency",
            "participants",
            "status",
            "proposed_on",
            "established_on",
            "closed_on",
            "target_ring",
            "target_organisation",
            "summary",
            "handling_code",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CaseLinkedRecordSerializer(serializers.Serializer):
    """A linked person or organisation: `id`/`name` only when the caller may see it."""

    link = serializers.IntegerField(source="link.pk")
    id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    held_by = serializers.CharField(source="holder.code")
    role = serializers.ChoiceField(source="link.role", choices=SubjectRole.choices)

    def get_id(self, item) -> int | None:
        return item.record.pk if item.record is not None else None

    def get_name(self, item) -> str | None:
        if item.record is None:
            return None
        return getattr(item.record, "name", None) or str(item.record)


class CaseEventSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind = serializers.ChoiceField(choices=EventKind.choices, read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "occurred_on", "agency", "description", "new_status", "created_at"]
        read_only_fields = fields


class CaseTaskSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = CaseTask
        fields = [
            "id",
            "case",
            "agency",
            "title",
            "description",
            "due_on",
            "status",
            "completed_on",
            "overdue",
        ]
        read_only_fields = fields


class CaseMessageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    sender_agency = serializers.CharField(source="sender_agency.code")
    sent_at = serializers.DateTimeField(allow_null=True)


class CaseDrugTotalSerializer(serializers.Serializer):
    drug = serializers.CharField()
    kg = serializers.DecimalField(max_digits=18, decimal_places=6)
    quantities = serializers.DictField(
        child=serializers.DecimalField(max_digits=18, decimal_places=3)
    )
    items_without_kg = serializers.IntegerField()


class CaseTotalsSerializer(serializers.Serializer):
    phase = serializers.IntegerField(source="number", allow_null=True)
    starts_on = serializers.DateField(allow_null=True)
    ends_before = serializers.DateField(allow_null=True)
    incidents = serializers.IntegerField()
    kg = serializers.DecimalField(max_digits=18, decimal_places=6)
    drugs = CaseDrugTotalSerializer(source="drug_list", many=True)
    arrested = serializers.IntegerField()
    arrests = serializers.DictField(
        child=serializers.IntegerField(), help_text="Nationality → persons."
    )


class CaseIncidentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    occurred_on = serializers.DateField()
    agency = serializers.CharField(source="agency.code")
    arrested_count = serializers.IntegerField()


class CaseFileSerializer(serializers.Serializer):
    """The whole case file, as on the case page."""

    case = CaseSerializer()
    persons = CaseLinkedRecordSerializer(many=True)
    organisations = CaseLinkedRecordSerializer(many=True)
    events = CaseEventSerializer(many=True)
    tasks = CaseTaskSerializer(many=True)
    messages = CaseMessageRefSerializer(many=True)
    incidents = CaseIncidentRefSerializer(many=True)
    totals = CaseTotalsSerializer(source="totals.whole")
    phases = CaseTotalsSerializer(source="totals.phases", many=True)


class CaseCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    lead_agency = serializers.SlugRelatedField(
        required=False, help_text="Code; default: your agency.", **AGENCY
    )
    participants = serializers.SlugRelatedField(many=True, help_text="Agency codes.", **AGENCY)
    proposed_on = serializers.DateField(required=False, allow_null=True)
    target_ring = serializers.CharField(max_length=300, required=False, allow_blank=True)
    target_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices, required=False)


class CaseUpdateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, required=False)
    title = serializers.CharField(max_length=300, required=False)
    proposed_on = serializers.DateField(required=False, allow_null=True)
    target_ring = serializers.CharField(max_length=300, required=False, allow_blank=True)
    target_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices, required=False)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipantAddSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(**AGENCY)
    joined_on = serializers.DateField(required=False, allow_null=True)


class PersonLinkSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    role = serializers.ChoiceField(choices=SubjectRole.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OrganisationLinkSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    role = serializers.ChoiceField(choices=SubjectRole.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EventAddSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EVENT_KINDS)
    occurred_on = serializers.DateField()
    agency = serializers.SlugRelatedField(**AGENCY)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class TaskAddSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(**AGENCY)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True)


class TaskUpdateSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(required=False, **AGENCY)
    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, required=False)


class MessageLinkSerializer(serializers.Serializer):
    message = serializers.IntegerField()
