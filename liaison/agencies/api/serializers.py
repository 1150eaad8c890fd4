"""JSON shapes of countries, areas, agencies, contact points, partnerships and users.

Related records are referred to by id (countries by ISO code) and chosen among those the
caller may see. The serializers only validate and represent: the views hand the
validated data to `liaison.agencies.services`, which writes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from liaison.agencies.models import (
    Agency,
    Area,
    Country,
    HotlineContact,
    Partnership,
    Role,
    User,
)
from liaison.core.api.fields import ScopedPrimaryKeyRelatedField


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "iso3", "name", "name_local"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = [
            "id",
            "code",
            "kind",
            "name",
            "name_en",
            "country",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
        ]


class HotlineContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = HotlineContact
        fields = ["id", "agency", "channel", "value", "label", "hours", "languages"]
        read_only_fields = ["id", "agency"]


class AgencySerializer(serializers.ModelSerializer):
    country = serializers.PrimaryKeyRelatedField(queryset=Country.objects.all())
    parent = ScopedPrimaryKeyRelatedField(
        queryset=Agency.objects.all(), allow_null=True, required=False
    )
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "short_name",
            "kind",
            "level",
            "country",
            "parent",
            "area",
            "require_totp",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class PartnershipSerializer(serializers.ModelSerializer):
    parties = ScopedPrimaryKeyRelatedField(many=True, queryset=Agency.objects.all())

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
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class RoleListField(serializers.ListField):
    """A user's roles as a sorted list of role codes."""

    child = serializers.ChoiceField(choices=Role.choices)

    def get_attribute(self, instance: User):
        return instance.role_set

    def to_representation(self, data) -> list[str]:
        return sorted(data)


class UserSerializer(serializers.ModelSerializer):
    agency = ScopedPrimaryKeyRelatedField(queryset=Agency.objects.all())
    roles = RoleListField(required=False, label=_("roles"))
    password = serializers.CharField(
        write_only=True,
        required=False,
        trim_whitespace=False,
        max_length=4096,
        style={"input_type": "password"},
        label=_("password"),
        help_text=_("Only when creating a user; without one the user cannot sign in yet."),
    )
    totp_enabled = serializers.BooleanField(read_only=True, label=_("second factor on"))

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "position",
            "phone",
            "language",
            "agency",
            "roles",
            "is_active",
            "totp_enabled",
            "password",
        ]
        read_only_fields = ["id"]

    def validate_password(self, value: str) -> str:
        if self.instance is not None:
            raise serializers.ValidationError(
                _("A password cannot be changed here; use the password reset.")
            )
        return value


class UserProfileSerializer(UserSerializer):
    """The caller's own profile: only personal details are writable."""

    agency = serializers.PrimaryKeyRelatedField(read_only=True)
    roles = RoleListField(read_only=True, label=_("roles"))
    password = None  # passwords change through their own form, with the old one

    class Meta(UserSerializer.Meta):
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "position",
            "phone",
            "language",
            "agency",
            "roles",
            "is_active",
            "totp_enabled",
        ]
        read_only_fields = ["id", "username", "agency", "roles", "is_active", "totp_enabled"]
