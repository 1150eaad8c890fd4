"""Cooperation API: thin adapters over `liaison.cooperation.services` (writes) and
`selectors` (reads). Records outside the caller's partnerships answer 404 JSON (the
querysets start from `visible_to(user)`); a visible record the caller's role or agency
may not change answers 403; bad input 400 with field errors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.cooperation import policy, selectors, services
from liaison.cooperation.api import serializers as s
from liaison.cooperation.models import (
    Activity,
    ActivityDocument,
    Agreement,
    AgreementText,
    Commitment,
    Conference,
)
from liaison.core.api.viewsets import (
    LiaisonAPIMixin,
    ScopedModelViewSet,
    ScopedQuerysetMixin,
)
from liaison.core.downloads import private_file_response

NOT_FOUND = OpenApiResponse(description="Missing, or outside your scope (the same answer).")
REFUSED = OpenApiResponse(description="Your role or agency may not do this (`detail`).")
INVALID = OpenApiResponse(description="Field errors: `{field: [messages]}`.")
WRITE = {400: INVALID, 403: REFUSED, 404: NOT_FOUND}
BINARY = {
    (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
    404: NOT_FOUND,
}
PARTNERSHIP = OpenApiParameter("partnership", int, description="A partnership (its id).")
KIND = OpenApiParameter("kind", str, description="One kind.")
FROM = OpenApiParameter("from", OpenApiTypes.DATE, description="From this day (YYYY-MM-DD).")
TO = OpenApiParameter("to", OpenApiTypes.DATE, description="Up to this day (YYYY-MM-DD).")


def _date_param(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({name: _("Enter a valid date (YYYY-MM-DD).")})
    return day


def _period(request: Request, default: tuple[date, date]) -> tuple[date, date]:
    date_from = _date_param(request, "from") or default[0]
    date_to = _date_param(request, "to") or default[1]
    if date_to < date_from:
        raise ValidationError({"to": _("The end of the period cannot be before its start.")})
    return date_from, date_to


def _partnership_param(request: Request):
    raw = request.query_params.get("partnership", "").strip()
    if not raw:
        return None
    return selectors.partnership_get(user=request.user, pk=raw)


def _writable_partnership(user, partnership):
    """A partnership named in a create: one the caller cannot see does not exist."""
    if not policy.can_read(user, partnership):
        raise ValidationError({"partnership": _("The partnership is not available to you.")})
    return partnership


def _stream(file_field, name: str, content_type: str) -> FileResponse:
    return private_file_response(file_field.open("rb"), filename=name, content_type=content_type)


class _RecordViewSet(ScopedModelViewSet):
    """List/detail/create/update with a read serializer and separate write serializers;
    lists filtered by the selectors (no filter backend)."""

    filter_backends: list = []
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    create_serializer_class: type
    write_serializer_class: type

    def _read(self, instance) -> dict:
        instance = self.get_queryset().get(pk=instance.pk)
        return self.get_serializer(instance).data

    def create(self, request: Request, *args, **kwargs) -> Response:
        form = self.create_serializer_class(
            data=request.data, context=self.get_serializer_context()
        )
        form.is_valid(raise_exception=True)
        instance = self.create_object(dict(form.validated_data))
        return Response(self._read(instance), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        form = self.write_serializer_class(
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        form.is_valid(raise_exception=True)
        instance = self.update_object(instance, dict(form.validated_data))
        return Response(self._read(instance))


def _write_schema(name: str, create, write, read) -> dict:
    return {
        "create": extend_schema(
            summary=f"Record {name}",
            request=create,
            responses={201: read, 400: INVALID, 403: REFUSED},
        ),
        "update": extend_schema(
            summary=f"Change {name}", request=write, responses={200: read, **WRITE}
        ),
        "partial_update": extend_schema(
            summary=f"Change some fields of {name}", request=write, responses={200: read, **WRITE}
        ),
    }


@extend_schema_view(
    list=extend_schema(
        summary="Agreements of your partnerships", parameters=[PARTNERSHIP, KIND, FROM, TO]
    ),
    retrieve=extend_schema(
        summary="One agreement", responses={200: s.AgreementSerializer, 404: NOT_FOUND}
    ),
    **_write_schema(
        "an agreement",
        s.AgreementCreateSerializer,
        s.AgreementWriteSerializer,
        s.AgreementSerializer,
    ),
)
class AgreementViewSet(_RecordViewSet):
    queryset = Agreement.objects.select_related("partnership").prefetch_related("parties", "texts")
    serializer_class = s.AgreementSerializer
    create_serializer_class = s.AgreementCreateSerializer
    write_serializer_class = s.AgreementWriteSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return queryset
        request = self.request
        queryset = selectors.agreement_list(
            user=request.user, partnership=_partnership_param(request)
        ).prefetch_related("texts")
        if kind := request.query_params.get("kind", "").strip():
            queryset = queryset.filter(kind=kind)
        # in force at some time of the period (open ends count as in force)
        if date_to := _date_param(request, "to"):
            queryset = queryset.exclude(valid_from__gt=date_to).exclude(
                valid_from__isnull=True, signed_on__gt=date_to
            )
        if date_from := _date_param(request, "from"):
            queryset = queryset.exclude(valid_to__lt=date_from)
        return queryset

    def create_object(self, data: dict[str, Any]) -> Agreement:
        partnership = _writable_partnership(self.request.user, data.pop("partnership"))
        return services.agreement_create(user=self.request.user, partnership=partnership, data=data)

    def update_object(self, instance: Agreement, data: dict[str, Any]) -> Agreement:
        return services.agreement_update(user=self.request.user, agreement=instance, data=data)

    @extend_schema(
        summary="Upload the signed text in one language",
        request={"multipart/form-data": s.AgreementTextUploadSerializer},
        responses={201: s.AgreementTextSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def texts(self, request: Request, pk: str | None = None) -> Response:
        agreement = self.get_object()
        form = s.AgreementTextUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        text = services.agreement_text_add(
            user=request.user,
            agreement=agreement,
            language=form.validated_data["language"],
            upload=form.validated_data["file"],
        )
        return Response(s.AgreementTextSerializer(text).data, status=status.HTTP_201_CREATED)


class _DownloadViewSet(LiaisonAPIMixin, ScopedQuerysetMixin, viewsets.GenericViewSet):
    filter_backends: list = []
    pagination_class = None


@extend_schema_view(
    download=extend_schema(summary="Download a signed text (audited)", responses=BINARY)
)
class AgreementTextViewSet(_DownloadViewSet):
    queryset = AgreementText.objects.select_related("agreement")
    serializer_class = s.AgreementTextSerializer

    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        text = self.get_object()
        services.agreement_text_download(user=request.user, text=text)
        return _stream(text.file, text.original_name, text.content_type)


@extend_schema_view(
    download=extend_schema(summary="Download a photo or document (audited)", responses=BINARY)
)
class ActivityDocumentViewSet(_DownloadViewSet):
    queryset = ActivityDocument.objects.select_related("activity")
    serializer_class = s.ActivityDocumentSerializer

    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        document = self.get_object()
        services.activity_document_download(user=request.user, document=document)
        return _stream(document.file, document.original_name, document.content_type)


def _state_context(view, commitments) -> dict:
    states = selectors.commitment_states(commitments=commitments, today=timezone.localdate())
    return {**view.get_serializer_context(), "states": {c.pk: state for c, state in states}}


@extend_schema_view(
    list=extend_schema(
        summary="Commitments with their state today",
        parameters=[
            PARTNERSHIP,
            OpenApiParameter("agreement", int, description="One agreement (its id)."),
            OpenApiParameter("due_from", OpenApiTypes.DATE, description="Due on or after."),
            OpenApiParameter("due_to", OpenApiTypes.DATE, description="Due on or before."),
        ],
    ),
    retrieve=extend_schema(
        summary="One commitment with its state",
        responses={200: s.CommitmentSerializer, 404: NOT_FOUND},
    ),
    **_write_schema(
        "a commitment",
        s.CommitmentCreateSerializer,
        s.CommitmentWriteSerializer,
        s.CommitmentSerializer,
    ),
)
class CommitmentViewSet(_RecordViewSet):
    queryset = Commitment.objects.select_related("agreement", "overridden_by").prefetch_related(
        "responsible"
    )
    serializer_class = s.CommitmentSerializer
    create_serializer_class = s.CommitmentCreateSerializer
    write_serializer_class = s.CommitmentWriteSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return queryset
        request = self.request
        agreement = request.query_params.get("agreement", "").strip()
        queryset = selectors.commitment_list(
            user=request.user,
            partnership=_partnership_param(request),
            agreement=selectors.agreement_get(user=request.user, pk=agreement)
            if agreement
            else None,
        )
        if due_from := _date_param(request, "due_from"):
            queryset = queryset.filter(due_on__gte=due_from)
        if due_to := _date_param(request, "due_to"):
            queryset = queryset.filter(due_on__lte=due_to)
        return queryset

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        serializer = s.CommitmentSerializer(page, many=True, context=_state_context(self, page))
        return self.get_paginated_response(serializer.data)

    def _read(self, instance) -> dict:
        instance = self.get_queryset().get(pk=instance.pk)
        return s.CommitmentSerializer(instance, context=_state_context(self, [instance])).data

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self._read(self.get_object()))

    def create_object(self, data: dict[str, Any]) -> Commitment:
        agreement = data.pop("agreement")
        return services.commitment_create(user=self.request.user, agreement=agreement, data=data)

    def update_object(self, instance: Commitment, data: dict[str, Any]) -> Commitment:
        return services.commitment_update(user=self.request.user, commitment=instance, data=data)

    @extend_schema(
        summary="Set the status by hand (with a reason), or clear it with an empty status",
        request=s.CommitmentStatusSerializer,
        responses={200: s.CommitmentSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        commitment = self.get_object()
        form = s.CommitmentStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.commitment_set_status(
            user=request.user, commitment=commitment, **form.validated_data
        )
        return Response(self._read(commitment))


@extend_schema_view(
    list=extend_schema(
        summary="Joint activities of your partnerships",
        description="`from`/`to`: activities taking place on at least one day of the period.",
        parameters=[PARTNERSHIP, KIND, FROM, TO],
    ),
    retrieve=extend_schema(
        summary="One activity", responses={200: s.ActivitySerializer, 404: NOT_FOUND}
    ),
    **_write_schema(
        "an activity", s.ActivityCreateSerializer, s.ActivityWriteSerializer, s.ActivitySerializer
    ),
)
class ActivityViewSet(_RecordViewSet):
    queryset = Activity.objects.select_related("organiser").prefetch_related(
        "participating", "commitments", "documents"
    )
    serializer_class = s.ActivitySerializer
    create_serializer_class = s.ActivityCreateSerializer
    write_serializer_class = s.ActivityWriteSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return queryset
        request = self.request
        return selectors.activity_list(
            user=request.user,
            partnership=_partnership_param(request),
            kind=request.query_params.get("kind", "").strip(),
            date_from=_date_param(request, "from"),
            date_to=_date_param(request, "to"),
        ).prefetch_related("commitments", "documents")

    def create_object(self, data: dict[str, Any]):
        partnership = _writable_partnership(self.request.user, data.pop("partnership"))
        return services.activity_create(user=self.request.user, partnership=partnership, data=data)

    def update_object(self, instance, data: dict[str, Any]):
        return services.activity_update(user=self.request.user, activity=instance, data=data)

    @extend_schema(
        summary="Add a photo or document",
        request={"multipart/form-data": s.ActivityDocumentUploadSerializer},
        responses={201: s.ActivityDocumentSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request: Request, pk: str | None = None) -> Response:
        activity = self.get_object()
        form = s.ActivityDocumentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = services.activity_document_add(
            user=request.user,
            activity=activity,
            upload=form.validated_data["file"],
            caption=form.validated_data["caption"],
        )
        return Response(s.ActivityDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Conferences of your partnerships", parameters=[PARTNERSHIP, KIND, FROM, TO]
    ),
    retrieve=extend_schema(
        summary="One conference with its delegations",
        responses={200: s.ConferenceDetailSerializer, 404: NOT_FOUND},
    ),
    **_write_schema(
        "a conference",
        s.ConferenceCreateSerializer,
        s.ConferenceWriteSerializer,
        s.ConferenceDetailSerializer,
    ),
)
class ConferenceViewSet(_RecordViewSet):
    queryset = Conference.objects.select_related("host").prefetch_related(
        "delegations__agency", "agreements_signed"
    )
    serializer_class = s.ConferenceDetailSerializer
    create_serializer_class = s.ConferenceCreateSerializer
    write_serializer_class = s.ConferenceWriteSerializer

    def get_serializer_class(self):
        return s.ConferenceSerializer if self.action == "list" else s.ConferenceDetailSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return queryset
        request = self.request
        queryset = selectors.conference_list(
            user=request.user,
            partnership=_partnership_param(request),
            date_from=_date_param(request, "from"),
            date_to=_date_param(request, "to"),
        )
        if kind := request.query_params.get("kind", "").strip():
            queryset = queryset.filter(kind=kind)
        return queryset

    def create_object(self, data: dict[str, Any]) -> Conference:
        partnership = _writable_partnership(self.request.user, data.pop("partnership"))
        return services.conference_create(
            user=self.request.user, partnership=partnership, data=data
        )

    def update_object(self, instance: Conference, data: dict[str, Any]) -> Conference:
        return services.conference_update(user=self.request.user, conference=instance, data=data)

    @extend_schema(
        summary="Record an agency's delegation (or change it)",
        request=s.DelegationWriteSerializer,
        responses={200: s.DelegationSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def delegations(self, request: Request, pk: str | None = None) -> Response:
        conference = self.get_object()
        form = s.DelegationWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        delegation = services.delegation_save(
            user=request.user, conference=conference, **form.validated_data
        )
        return Response(s.DelegationSerializer(delegation).data)

    @extend_schema(
        summary="Remove an agency's delegation",
        request=None,
        responses={204: OpenApiResponse(description="Removed."), **WRITE},
    )
    @action(detail=True, methods=["delete"], url_path=r"delegations/(?P<agency_code>[^/]+)")
    def delegation_remove(
        self, request: Request, pk: str | None = None, agency_code: str = ""
    ) -> Response:
        conference = self.get_object()
        delegation = (
            conference.delegations.filter(agency__code=agency_code)
            .select_related("conference__partnership")
            .first()
        )
        if delegation is None:
            raise Http404
        services.delegation_remove(user=request.user, delegation=delegation)
        return Response(status=status.HTTP_204_NO_CONTENT)
