"""Serializers of the ledger API: incidents as read, the write shape (→ IncidentInput),
the cancellation, and the import's answers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.seizures.models import Arrest, DrugType, Incident, Modus, SeizedItem, Unit
from liaison.seizures.validation import ArrestInput, IncidentInput, ItemInput


class SeizedItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeizedItem
        fields = ["drug", "substance", "quantity", "unit", "kg", "conversion"]
        read_only_fields = fields


class ArrestSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField(
        help_text=_("Registry person id, when you may see the person.")
    )

    class Meta:
        model = Arrest
        fields = ["nationality", "count", "person"]
        read_only_fields = fields

    def get_person(self, arrest: Arrest) -> int | None:
        visible = self.context.get("visible_persons", set())
        return arrest.person_id if arrest.person_id in visible else None


class IncidentSerializer(serializers.ModelSerializer):
    """An incident as read. The case is named only when the caller may see it."""

    agency_name = serializers.CharField(source="agency.name", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    district_name = serializers.CharField(
        source="district.name", read_only=True, default="", allow_null=True
    )
    transit = serializers.ListField(
        source="transit_list", child=serializers.CharField(), read_only=True
    )
    case = serializers.SerializerMethodField()
    case_code = serializers.SerializerMethodField()
    items = SeizedItemSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "ref",
            "agency",
            "agency_name",
            "occurred_on",
            "country",
            "province",
            "province_name",
            "district",
            "district_name",
            "place",
            "border_gate",
            "latitude",
            "longitude",
            "modus",
            "origin",
            "transit",
            "destination",
            "case",
            "case_code",
            "arrested_count",
            "sharing",
            "handling_code",
            "notes",
            "cancelled_at",
            "cancel_reason",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _case_visible(self, incident: Incident) -> bool:
        return incident.case_id is not None and incident.case_id in self.context.get(
            "visible_cases", set()
        )

    def get_case(self, incident: Incident) -> int | None:
        return incident.case_id if self._case_visible(incident) else None

    def get_case_code(self, incident: Incident) -> str:
        return incident.case.code if self._case_visible(incident) else ""


class IncidentDetailSerializer(IncidentSerializer):
    arrests = ArrestSerializer(many=True, read_only=True)

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "arrests"]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer):
    drug = serializers.ChoiceField(choices=DrugType.choices)
    substance = serializers.CharField(required=False, allow_blank=True, max_length=120)
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3)
    unit = serializers.ChoiceField(choices=Unit.choices)


class ArrestInputSerializer(serializers.Serializer):
    nationality = serializers.CharField(max_length=2)
    count = serializers.IntegerField(min_value=1, default=1)
    person = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class IncidentWriteSerializer(serializers.Serializer):
    """What a client sends to record or correct an incident (the services validate)."""

    ref = serializers.CharField(max_length=100)
    agency = serializers.IntegerField(
        required=False, help_text=_("Recording agency id; default: your agency.")
    )
    occurred_on = serializers.DateField()
    country = serializers.CharField(max_length=2)
    province = serializers.IntegerField()
    district = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300)
    border_gate = serializers.IntegerField(required=False, allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    modus = serializers.ChoiceField(choices=Modus.choices, default=Modus.LAND)
    origin = serializers.CharField(required=False, allow_blank=True, max_length=2)
    transit = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, default=list
    )
    destination = serializers.CharField(required=False, allow_blank=True, max_length=2)
    case = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    sharing = serializers.ChoiceField(choices=SharingLevel.choices, default=SharingLevel.NATIONAL)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices, default=HandlingCode.H0)
    items = ItemInputSerializer(many=True)
    arrests = ArrestInputSerializer(many=True, required=False, default=list)

    def to_input(self, *, default_agency_id: int | None) -> IncidentInput:
        data = self.validated_data
        return IncidentInput(
            ref=data["ref"].strip(),
            agency_id=data.get("agency") or default_agency_id or 0,
            occurred_on=data["occurred_on"],
            country=data["country"].upper(),
            province_id=data["province"],
            district_id=data.get("district"),
            place=data.get("place", ""),
            border_gate_id=data.get("border_gate"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            modus=data["modus"],
            origin=data.get("origin", "").upper(),
            transit=[code.upper() for code in data.get("transit", [])],
            destination=data.get("destination", "").upper(),
            case_id=data.get("case"),
            notes=data.get("notes", ""),
            sharing=data["sharing"],
            handling_code=data["handling_code"],
            items=[
                ItemInput(
                    drug=i["drug"],
                    quantity=i["quantity"],
                    unit=i["unit"],
                    substance=i.get("substance", ""),
                )
                for i in data["items"]
            ],
            arrests=[
                ArrestInput(
                    nationality=a["nationality"].upper(),
                    count=a.get("count", 1),
                    person_id=a.get("person"),
                )
                for a in data.get("arrests", [])
            ],
        )


class IncidentCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Required."))


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("CSV (UTF-8) or XLSX, one row per seized item."))
    agency = serializers.IntegerField(
        required=False, help_text=_("Recording agency id; default: your agency.")
    )


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    replaced = serializers.IntegerField()
    rows = serializers.IntegerField()
    incidents = serializers.IntegerField(help_text=_("Number of incidents in the file."))


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Spreadsheet row number; the header is row 1."))
    column = serializers.CharField()
    message = serializers.CharField()


class ImportErrorsSerializer(serializers.Serializer):
    errors = RowErrorSerializer(many=True)
