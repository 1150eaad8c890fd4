"""JSON shapes of organisations, vehicles, phones, locations and relationships.

Read serializers show values as written beside their normal forms; write serializers
take what `services_records` takes (the services validate and normalize)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from liaison.agencies.models import Agency
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.registry.models import (
    RELATIONSHIP_ENDS,
    Location,
    Organisation,
    OrganisationName,
    OrganisationOfficer,
    Phone,
    RegistrationNumber,
    Relationship,
    Vehicle,
)

RECORD_FIELDS = [
    "id",
    "owner_agency",
    "sharing",
    "handling_code",
    "notes",
    "cancelled_at",
    "cancel_reason",
    "created_at",
    "updated_at",
]


class _RecordSerializer(serializers.ModelSerializer):
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)


class OrganisationNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationName
        fields = ["text", "kind", "script"]


class RegistrationSerializer(serializers.ModelSerializer):
    number = serializers.SerializerMethodField()

    class Meta:
        model = RegistrationNumber
        fields = ["number", "country"]

    def get_number(self, registration: RegistrationNumber) -> str:
        return registration.number_as_written or registration.number


class OfficerSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationOfficer
        fields = ["person", "role"]


class OrganisationSerializer(_RecordSerializer):
    names = OrganisationNameSerializer(many=True, read_only=True)
    registrations = RegistrationSerializer(many=True, read_only=True)
    officers = OfficerSerializer(
        many=True, read_only=True, help_text="Only officers whose person you may see."
    )

    class Meta:
        model = Organisation
        fields = [
            *RECORD_FIELDS,
            "name",
            "script",
            "kind",
            "names",
            "registrations",
            "addresses",
            "officers",
            "discoverable",
            "merged_into",
            "merge_reason",
        ]
        read_only_fields = fields


class VehicleSerializer(_RecordSerializer):
    plate = serializers.CharField(source="plate_as_written", read_only=True)
    plate_normalized = serializers.CharField(source="plate", read_only=True)

    class Meta:
        model = Vehicle
        fields = [*RECORD_FIELDS, "plate", "plate_normalized", "country", "kind", "description"]
        read_only_fields = fields


class PhoneSerializer(_RecordSerializer):
    number = serializers.CharField(source="number_as_written", read_only=True)
    number_normalized = serializers.CharField(source="number", read_only=True)

    class Meta:
        model = Phone
        fields = [*RECORD_FIELDS, "number", "number_normalized", "country"]
        read_only_fields = fields


class LocationSerializer(_RecordSerializer):
    class Meta:
        model = Location
        fields = [*RECORD_FIELDS, "kind", "name", "area", "address", "latitude", "longitude"]
        read_only_fields = fields


class EndSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(RELATIONSHIP_ENDS))
    id = serializers.IntegerField(min_value=1)


class EndShownSerializer(EndSerializer):
    label = serializers.CharField(help_text="The record's name or number as written.")


def _end(record) -> dict[str, Any] | None:
    if record is None:
        return None
    return {"type": record._meta.model_name, "id": record.pk, "label": str(record)}


class RelationshipSerializer(_RecordSerializer):
    source = serializers.CharField(read_only=True)
    from_record = serializers.SerializerMethodField()
    to_record = serializers.SerializerMethodField()

    class Meta:
        model = Relationship
        fields = [
            *RECORD_FIELDS,
            "kind",
            "from_record",
            "to_record",
            "date_from",
            "date_to",
            "source",
        ]
        read_only_fields = fields

    @extend_schema_field(EndShownSerializer)
    def get_from_record(self, relationship: Relationship) -> dict[str, Any] | None:
        return _end(relationship.source_end)

    @extend_schema_field(EndShownSerializer)
    def get_to_record(self, relationship: Relationship) -> dict[str, Any] | None:
        return _end(relationship.target_end)


# --- writes -----------------------------------------------------------------------------


class _WriteSerializer(serializers.Serializer):
    """Common fields; on update every field is optional and only given ones change."""

    sharing = serializers.ChoiceField(choices=SharingLevel.choices, required=False)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    owner_agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.all(),
        required=False,
        help_text="Agency code, only when creating; your own agency if left out.",
    )

    def __init__(self, *args, updating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if updating:
            self.fields.pop("owner_agency")
            for field in self.fields.values():
                field.required = False


class OrganisationWriteSerializer(_WriteSerializer):
    name = serializers.CharField(max_length=300, help_text="As written, in its script.")
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    names = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        help_text="Further names: strings or {text, kind}; replaced as a whole.",
    )
    registrations = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        help_text="Strings or {number, country}; replaced as a whole.",
    )
    addresses = serializers.ListField(child=serializers.CharField(), required=False)
    officers = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="{person: id, role}; the persons must be visible to you.",
    )
    discoverable = serializers.BooleanField(required=False)


class VehicleWriteSerializer(_WriteSerializer):
    plate = serializers.CharField(max_length=60, help_text="As written on the vehicle.")
    kind = serializers.ChoiceField(choices=Vehicle.Kind.choices)
    country = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PhoneWriteSerializer(_WriteSerializer):
    number = serializers.CharField(
        max_length=60, help_text="As written; national or +international."
    )
    country = serializers.CharField(required=False, allow_null=True, allow_blank=True)


class LocationWriteSerializer(_WriteSerializer):
    kind = serializers.ChoiceField(choices=Location.Kind.choices)
    name = serializers.CharField(max_length=300)
    area = serializers.IntegerField(required=False, allow_null=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )


class RelationshipWriteSerializer(_WriteSerializer):
    kind = serializers.ChoiceField(choices=Relationship.Kind.choices)
    from_record = EndSerializer(help_text="Fixed once the relationship exists.")
    to_record = EndSerializer(help_text="Fixed once the relationship exists.")
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    source = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, updating: bool = False, **kwargs) -> None:
        super().__init__(*args, updating=updating, **kwargs)
        if updating:
            self.fields.pop("from_record")
            self.fields.pop("to_record")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField()
