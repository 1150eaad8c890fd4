"""Serializers of the core API: tokens, audit events, audit verification."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from liaison.core.models import AuditEvent


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"), max_length=150)
    password = serializers.CharField(
        label=_("password"),
        max_length=4096,
        trim_whitespace=False,
        style={"input_type": "password"},
        write_only=True,
    )
    otp = serializers.CharField(
        label=_("one-time code"),
        max_length=10,
        required=False,
        allow_blank=True,
        help_text=_("Six-digit code from the authenticator app, if the second factor is on."),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "created_at",
            "actor",
            "actor_username",
            "agency",
            "country",
            "action",
            "verb",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "ip",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class ChainProblemSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["missing", "tampered", "broken_link", "truncated"])
    detail = serializers.CharField()


class AuditVerifySerializer(serializers.Serializer):
    checked = serializers.IntegerField(help_text=_("Number of events read."))
    problems = ChainProblemSerializer(many=True)
