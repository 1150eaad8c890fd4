"""API of organisations, vehicles, phones, locations and relationships under
/api/v1/registry/<kind>/: list and search, one record (an audited read), create, change
and cancel with a reason — thin adapters over selectors_records and services_records.

Out-of-scope records answer 404 JSON like missing ones; another agency's record may be
read when shared but not written (403)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.viewsets import ScopedModelViewSet
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.registry import services_records as services
from liaison.registry.api.serializers_records import (
    CancelSerializer,
    LocationSerializer,
    LocationWriteSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    PhoneSerializer,
    PhoneWriteSerializer,
    RelationshipSerializer,
    RelationshipWriteSerializer,
    VehicleSerializer,
    VehicleWriteSerializer,
)
from liaison.registry.api.views import INVALID, NOT_FOUND, REFUSED
from liaison.registry.selectors_records import _officers_visible
from liaison.registry.views.kinds import KINDS, RecordKind

SEARCH = OpenApiParameter(
    "q",
    str,
    description="Organisations: name or other name as written, or a registration number; "
    "vehicles: plate; phones: digits of the number; locations: name or address; "
    "relationships: kind or source.",
)


class RecordViewSet(ScopedModelViewSet):
    """One kind of record; subclasses name the kind and their serializers."""

    kind: ClassVar[str]
    write_serializer: ClassVar[type]
    filter_backends: list = []  # `q` is applied by the kind's search

    @property
    def spec(self) -> RecordKind:
        return KINDS[self.kind]

    def get_queryset(self) -> models.QuerySet:
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        records = self.spec.visible(user=self.request.user)
        q = (self.request.query_params.get("q") or "").strip()
        return self.spec.search(records, q) if q else records

    def get_object(self) -> models.Model:
        """Through the kind's selector, as the record's page: 404 when out of scope."""
        record = self.spec.get(user=self.request.user, pk=self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, record)
        return record

    def _respond(self, record: models.Model, code: int = status.HTTP_200_OK) -> Response:
        record = self.spec.get(user=self.request.user, pk=record.pk)
        return Response(self.get_serializer(record).data, status=code)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        record = self.get_object()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.READ,
            obj=record,
            verb=f"registry.{self.spec.name}_read",
        )
        return Response(self.get_serializer(record).data)

    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return data

    def create_record(self, **values) -> models.Model:
        return self.spec.create(**values)

    def create(self, request: Request, *args, **kwargs) -> Response:
        form = self.write_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        owner = data.pop("owner_agency", None) or request.user.agency
        if owner is None:
            raise ValidationError({"owner_agency": _("Choose the agency that owns the record.")})
        record = self.create_record(
            actor=request.user, owner_agency=owner, **self.service_values(data)
        )
        return self._respond(record, status.HTTP_201_CREATED)

    def _live(self) -> models.Model:
        record = self.get_object()
        if record.cancelled_at is not None or getattr(record, "merged_into_id", None):
            raise ValidationError(
                {
                    "non_field_errors": _(
                        "This record was cancelled or merged and cannot be changed."
                    )
                }
            )
        return record

    def update(self, request: Request, *args, **kwargs) -> Response:
        record = self._live()
        form = self.write_serializer(data=request.data, updating=True)
        form.is_valid(raise_exception=True)
        values = self.service_values(dict(form.validated_data))
        record = services.record_update(actor=request.user, record=record, **values)
        return self._respond(record)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self.update(request, *args, **kwargs)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        record = self._live()
        form = CancelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        record = services.record_cancel(
            actor=request.user, record=record, reason=form.validated_data["reason"]
        )
        return self._respond(record)


def _documented(label: str, read: type, write: type):
    """The OpenAPI description of one kind's viewset."""
    return extend_schema_view(
        list=extend_schema(summary=f"Search {label}s", parameters=[SEARCH]),
        retrieve=extend_schema(
            summary=f"One {label} (an audited read)", responses={200: read, 404: NOT_FOUND}
        ),
        create=extend_schema(
            summary=f"Record a {label}",
            request=write,
            responses={201: read, 400: INVALID, 403: REFUSED},
        ),
        update=extend_schema(
            summary=f"Change a {label}",
            request=write,
            responses={200: read, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
        ),
        partial_update=extend_schema(
            summary=f"Change some fields of a {label}",
            request=write,
            responses={200: read, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
        ),
        cancel=extend_schema(
            summary=f"Cancel a {label} with a reason (its relationships go with it)",
            request=CancelSerializer,
            responses={200: read, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
        ),
    )


@_documented("organisation", OrganisationSerializer, OrganisationWriteSerializer)
class OrganisationViewSet(RecordViewSet):
    kind = "organisation"
    queryset = KINDS["organisation"].model.objects.all()
    serializer_class = OrganisationSerializer
    write_serializer = OrganisationWriteSerializer

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if self.action == "list":  # officers whose person the caller may see, at once
            queryset = queryset.prefetch_related(_officers_visible(self.request.user))
        return queryset


@_documented("vehicle", VehicleSerializer, VehicleWriteSerializer)
class VehicleViewSet(RecordViewSet):
    kind = "vehicle"
    queryset = KINDS["vehicle"].model.objects.all()
    serializer_class = VehicleSerializer
    write_serializer = VehicleWriteSerializer


@_documented("phone", PhoneSerializer, PhoneWriteSerializer)
class PhoneViewSet(RecordViewSet):
    kind = "phone"
    queryset = KINDS["phone"].model.objects.all()
    serializer_class = PhoneSerializer
    write_serializer = PhoneWriteSerializer


@_documented("location", LocationSerializer, LocationWriteSerializer)
class LocationViewSet(RecordViewSet):
    kind = "location"
    queryset = KINDS["location"].model.objects.all()
    serializer_class = LocationSerializer
    write_serializer = LocationWriteSerializer


@_documented("relationship", RelationshipSerializer, RelationshipWriteSerializer)
class RelationshipViewSet(RecordViewSet):
    kind = "relationship"
    queryset = KINDS["relationship"].model.objects.all()
    serializer_class = RelationshipSerializer
    write_serializer = RelationshipWriteSerializer

    def create_record(self, **values) -> models.Model:
        return services.relationship_create(**values)

    def service_values(self, data: dict[str, Any]) -> dict[str, Any]:
        """Each end {type, id} as the live record the caller may see, looked up here so
        that an unseen end is a 400 naming the field (the service would answer 404 for
        the whole call)."""
        for side in ("from_record", "to_record"):
            end = data.pop(side, None)
            if end is None:
                continue
            try:
                data[side] = services.relationship_end(
                    actor=self.request.user, type_name=end["type"], pk=end["id"]
                )
            except services.RecordNotAvailable:
                raise ValidationError(
                    {side: _("This record does not exist or is not available to you.")}
                ) from None
        return data
