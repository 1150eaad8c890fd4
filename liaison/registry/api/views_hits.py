"""Hits concerning the caller's agency, under /api/v1/registry/hits/ (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.viewsets import ScopedReadOnlyModelViewSet
from liaison.registry.api.views import NOT_FOUND
from liaison.registry.models import Hit
from liaison.registry.selectors_hits import hits_shown, hits_visible


class RegistryHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=Hit.Decision.choices)
    source = serializers.ChoiceField(choices=Hit.Source.choices)
    screening_agency = serializers.CharField(help_text="Code of the agency that screened.")
    screened_by = serializers.CharField(
        allow_null=True, help_text="Username, shown to the record's owner."
    )
    owner_agency = serializers.CharField(help_text="Code of the agency holding the record.")
    person = serializers.IntegerField(
        allow_null=True, help_text="The person hit, only if you may see the person."
    )
    score = serializers.FloatField(allow_null=True)
    our_record = serializers.BooleanField()
    our_screening = serializers.BooleanField()
    query_names = serializers.ListField(child=serializers.CharField())
    query_ref = serializers.CharField()
    times = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()


def _shape(row: dict[str, Any]) -> dict[str, Any]:
    hit, person = row["hit"], row["person"]
    return {
        "id": hit.pk,
        "decision": hit.decision,
        "source": hit.source,
        "screening_agency": hit.screening_agency.code,
        "screened_by": hit.screened_by.username if row["our_record"] and hit.screened_by else None,
        "owner_agency": hit.owner_agency.code,
        "person": person.pk if person else None,
        "score": hit.score if person else None,
        "our_record": row["our_record"],
        "our_screening": row["our_screening"],
        "query_names": hit.query_names,
        "query_ref": hit.query_ref,
        "times": hit.times,
        "created_at": hit.created_at,
        "last_seen_at": hit.last_seen_at,
    }


@extend_schema_view(
    list=extend_schema(
        summary="Hits concerning your agency",
        description="Screenings that met a person of another agency, on either side; "
        "the person is named only if you may see it.",
    ),
    retrieve=extend_schema(
        summary="One hit", responses={200: RegistryHitSerializer, 404: NOT_FOUND}
    ),
)
class HitViewSet(ScopedReadOnlyModelViewSet):
    queryset = Hit.objects.all()
    serializer_class = RegistryHitSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hit.objects.none()
        return hits_visible(user=self.request.user)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = hits_shown(user=request.user, hits=list(page))
        return self.get_paginated_response(
            RegistryHitSerializer([_shape(row) for row in rows], many=True).data
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        [row] = hits_shown(user=request.user, hits=[self.get_object()])
        return Response(RegistryHitSerializer(_shape(row)).data)
