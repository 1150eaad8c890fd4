"""Ledger API: thin adapters over `selectors` (reads), `services` (writes), `imports`
and `exports`.

Incidents out of the caller's scope answer 404 JSON (`get_object()` looks in
`visible_to(user)`); reading one incident is audited, as on its page. The list filters
with the same `LedgerFilter` as the page, the statistics and the map, and counts at
most 1,000 rows (`count_capped`) — the ledger holds a million incidents.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.errors import validation_error_detail
from liaison.core.api.viewsets import LiaisonAPIView, ScopedModelViewSet
from liaison.core.audit.services import Action, audit_record
from liaison.core.paging import CappedPagination
from liaison.seizures import exports, selectors, services
from liaison.seizures.api.filters import EXPORT_PARAMETERS, LEDGER_PARAMETERS
from liaison.seizures.api.serializers import (
    ImportErrorsSerializer,
    ImportRequestSerializer,
    ImportResultSerializer,
    IncidentCancelSerializer,
    IncidentDetailSerializer,
    IncidentSerializer,
    IncidentWriteSerializer,
)
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models import Incident
from liaison.seizures.validation import require_change, require_recorder

NOT_FOUND = OpenApiResponse(description="Missing, or outside your scope (the same answer).")
REFUSED = OpenApiResponse(description="Your role or agency may not do this (`detail`).")
INVALID = OpenApiResponse(description="Field errors: `{field: [messages]}`.")
FILE = OpenApiResponse(response=OpenApiTypes.BINARY, description="A CSV or XLSX file (attachment).")


def ledger_filter(user, params) -> LedgerFilter:
    """The filter of a query string: 400 naming the parameter, 404 for a hidden case."""
    try:
        flt = LedgerFilter.from_params(params)
    except ValidationError as error:
        raise exceptions.ValidationError(validation_error_detail(error)) from None
    selectors.check_filter_scope(user=user, flt=flt)
    return flt


@extend_schema_view(
    list=extend_schema(
        summary="The seizure ledger",
        description="Live incidents you may see, newest first, filtered like the ledger "
        "page, the statistics and the map. `count` stops at 1,000 (`count_capped`).",
        parameters=LEDGER_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="One incident with its items and arrests (an audited read)",
        responses={200: IncidentDetailSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record an incident",
        request=IncidentWriteSerializer,
        responses={201: IncidentDetailSerializer, 400: INVALID, 403: REFUSED},
    ),
    update=extend_schema(
        summary="Correct an incident (previous values kept in the audit trail)",
        request=IncidentWriteSerializer,
        responses={200: IncidentDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    ),
)
class IncidentViewSet(ScopedModelViewSet):
    queryset = Incident.objects.select_related("agency", "province", "district", "case")
    serializer_class = IncidentSerializer
    pagination_class = CappedPagination
    filter_backends: list = []  # LedgerFilter filters (see get_queryset)
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            flt = ledger_filter(self.request.user, self.request.query_params)
            return selectors.ledger_incidents(user=self.request.user, flt=flt)
        return super().get_queryset()

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        visible = selectors.visible_case_ids(
            user=request.user, case_ids=[incident.case_id for incident in page]
        )
        data = IncidentSerializer(page, many=True, context={"visible_cases": visible}).data
        return self.get_paginated_response(data)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        user = self.request.user
        incident = selectors.incident_get(user=user, pk=pk)
        arrests = list(incident.arrests.all())
        context = {
            "visible_cases": selectors.visible_case_ids(user=user, case_ids=[incident.case_id]),
            "visible_persons": selectors.visible_person_ids(
                user=user, person_ids=[a.person_id for a in arrests]
            ),
        }
        return Response(IncidentDetailSerializer(incident, context=context).data, status=code)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        incident = self.get_object()
        audit_record(
            actor=request.user, action=Action.READ, obj=incident, verb="seizures.incident_read"
        )
        return self._detail(incident.pk)

    def create(self, request: Request, *args, **kwargs) -> Response:
        require_recorder(request.user)
        form = IncidentWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.to_input(default_agency_id=request.user.agency_id)
        incident = services.incident_create(actor=request.user, data=data)
        return self._detail(incident.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        incident = self.get_object()
        require_change(request.user, incident)
        form = IncidentWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.to_input(default_agency_id=incident.agency_id)
        incident = services.incident_update(actor=request.user, incident=incident, data=data)
        return self._detail(incident.pk)

    @extend_schema(
        summary="Cancel an incident (never deleted; the reason is required and audited)",
        request=IncidentCancelSerializer,
        responses={200: IncidentDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        incident = self.get_object()
        require_change(request.user, incident)
        form = IncidentCancelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.incident_cancel(
            actor=request.user, incident=incident, reason=form.validated_data["reason"]
        )
        return self._detail(incident.pk)

    @extend_schema(
        summary="Export the filtered ledger (CSV or XLSX; audited)",
        description="One row per seized item (`ledger`, `ids`) or per year and drug "
        "(`arq`), over what you may see and the ledger filter.",
        parameters=[*LEDGER_PARAMETERS, *EXPORT_PARAMETERS],
        responses={(200, "application/octet-stream"): FILE, 400: INVALID, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request):
        layout = request.query_params.get("layout") or "ledger"
        file_type = request.query_params.get("file_type") or "csv"
        errors = {}
        if layout not in exports.LAYOUTS:
            errors["layout"] = [_("Choose one of: %(values)s.") % {"values": "ledger, ids, arq"}]
        if file_type not in exports.FORMATS:
            errors["file_type"] = [_("Choose one of: %(values)s.") % {"values": "csv, xlsx"}]
        if errors:
            raise exceptions.ValidationError(errors)
        flt = ledger_filter(request.user, request.query_params)
        return exports.respond(user=request.user, flt=flt, layout=layout, fmt=file_type)


class ImportView(LiaisonAPIView):
    """POST a CSV or XLSX ledger file: all of it is imported, or nothing."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportRequestSerializer

    @extend_schema(
        operation_id="seizures_import_create",
        summary="Import seizures (atomic: any bad row and nothing is written)",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(
                response=ImportErrorsSerializer,
                description="Every bad row with its column and reason; nothing written.",
            ),
            403: REFUSED,
        },
    )
    def post(self, request: Request) -> Response:
        from liaison.seizures.imports import ImportFailed, import_seizures, upload_too_large

        require_recorder(request.user)
        form = ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        agency_id = form.validated_data.get("agency") or request.user.agency_id
        agency = selectors.recording_agencies(user=request.user).filter(pk=agency_id).first()
        if agency is None:
            raise exceptions.PermissionDenied(
                _("You may only import seizures for your agency and its sub-units.")
            )
        upload = form.validated_data["file"]
        too_large = upload_too_large(upload.size)
        if too_large:
            raise exceptions.ValidationError({"file": [too_large]})
        try:
            result = import_seizures(
                actor=request.user, agency=agency, name=upload.name, content=upload.read()
            )
        except ImportFailed as failure:
            errors = [
                {"row": e.row, "column": e.column, "message": e.message} for e in failure.errors
            ]
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        payload = {
            "created": result.created,
            "replaced": result.replaced,
            "rows": result.rows,
            "incidents": result.incidents,
        }
        return Response(ImportResultSerializer(payload).data, status=status.HTTP_201_CREATED)
