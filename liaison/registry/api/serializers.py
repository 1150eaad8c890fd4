"""JSON shapes of registry persons and of screening.

Persons are written through `liaison.registry.services` in the import format (names as
strings or `{"text", "kind"}`, birth date `YYYY`/`YYYY-MM`/`YYYY-MM-DD`, nationality codes,
documents `{"type", "number", "country"}`, status flags); the service validates them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from liaison.agencies.models import Agency
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.registry.models import IdentityDocument, Person, PersonName

STATUS_FLAGS = list(Person.STATUS_FLAGS)


class PersonNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonName
        fields = ["text", "kind", "script"]


class DocumentSerializer(serializers.ModelSerializer):
    number = serializers.SerializerMethodField()

    class Meta:
        model = IdentityDocument
        fields = ["type", "number", "country"]

    def get_number(self, document: IdentityDocument) -> str:
        return document.number_as_written or document.number


class PersonSerializer(serializers.ModelSerializer):
    owner_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    names = PersonNameSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    nationalities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    birth_date = serializers.CharField(source="birth_date_text", read_only=True)
    status = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "ref",
            "owner_agency",
            "names",
            "birth_date",
            "sex",
            "nationalities",
            "documents",
            "status",
            "warrant_ref",
            "sharing",
            "handling_code",
            "discoverable",
            "notes",
            "merged_into",
            "merge_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class _PersonValuesSerializer(serializers.Serializer):
    names = serializers.ListField(
        child=serializers.JSONField(),
        min_length=1,
        help_text="Strings (the first is the primary name) or {text, kind}.",
    )
    birth_date = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False, allow_blank=True)
    nationalities = serializers.ListField(child=serializers.CharField(), required=False)
    documents = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Objects with type, number and country (ISO alpha-2).",
    )
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=STATUS_FLAGS), required=False
    )
    sharing = serializers.ChoiceField(choices=SharingLevel.choices, required=False)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices, required=False)
    discoverable = serializers.BooleanField(required=False)
    warrant_ref = serializers.CharField(required=False, allow_blank=True, max_length=100)
    notes = serializers.CharField(required=False, allow_blank=True)


class PersonCreateSerializer(_PersonValuesSerializer):
    ref = serializers.CharField(max_length=100)
    owner_agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.all(),
        required=False,
        help_text="Agency code; your own agency if left out.",
    )


class PersonUpdateSerializer(_PersonValuesSerializer):
    """Every field optional: names, documents, nationalities and status are replaced as a
    whole when given."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text="The id of the record this one duplicates.")
    reason = serializers.CharField()


class UnmergeSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ScreenSerializer(serializers.Serializer):
    records = serializers.ListField(
        child=serializers.JSONField(),
        max_length=10000,
        help_text="Records in the import format: ref, names, birth_date, nationality, "
        "sex, id_numbers. Odd records simply get no candidates.",
    )
    top = serializers.IntegerField(min_value=1, max_value=50, default=10)

    def validate_records(self, value: list) -> list:
        if not value:
            raise serializers.ValidationError(_("Give at least one record to screen."))
        return [record if isinstance(record, dict) else {} for record in value]


class ExplanationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What was compared and how it came out.")
    params = serializers.DictField(
        help_text="Names as written (original script), romanized forms, dates, numbers."
    )
    message = serializers.CharField(help_text="The explanation as a sentence in your language.")


class CandidateSerializer(serializers.Serializer):
    ref = serializers.CharField()
    id = serializers.IntegerField()
    agency = serializers.CharField()
    score = serializers.FloatField()
    decision = serializers.CharField()
    explanation = ExplanationSerializer(many=True)


class HeldBySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class HitSerializer(serializers.Serializer):
    held_by = HeldBySerializer()


class ScreenResultSerializer(serializers.Serializer):
    ref = serializers.JSONField(allow_null=True)
    candidates = CandidateSerializer(many=True)
    hits = HitSerializer(many=True)


class ScreenResponseSerializer(serializers.Serializer):
    results = ScreenResultSerializer(many=True)
