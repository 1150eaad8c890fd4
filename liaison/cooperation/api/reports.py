"""Review-report jobs over the API: request (202 with the job), status, download.

    POST /api/v1/cooperation/reports/ {partnership, date_from, date_to, language,
         format, conference?, assessment?}      -> 202 {id, status: "queued", ...}
    GET  /api/v1/cooperation/reports/{id}/       -> the job (status, progress, error)
    GET  /api/v1/cooperation/reports/{id}/download/  -> the file (audited)

A partnership or conference outside the caller's scope answers 404; a visible
partnership the caller may not write (auditors) answers 403.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.cooperation import selectors, services_reports
from liaison.cooperation.models import ReportFormat, ReviewReport
from liaison.core.api.viewsets import LiaisonAPIMixin, ScopedQuerysetMixin
from liaison.core.downloads import private_file_response

NOT_FOUND = OpenApiResponse(description="Missing, or outside your scope (the same answer).")
REFUSED = OpenApiResponse(description="Your role may not do this (the reason in `detail`).")
INVALID = OpenApiResponse(description="Field errors: `{field: [messages]}`.")


class ReviewReportSerializer(serializers.ModelSerializer):
    partnership_code = serializers.CharField(source="partnership.code", read_only=True)
    filename = serializers.CharField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReviewReport
        fields = [
            "id",
            "partnership",
            "partnership_code",
            "conference",
            "date_from",
            "date_to",
            "language",
            "format",
            "assessment",
            "status",
            "progress",
            "stage",
            "error",
            "filename",
            "size",
            "sha256",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: ReviewReport) -> str | None:
        if obj.status != "done":
            return None
        return reverse("api-cooperation-report-download", args=[obj.pk])


class ReportRequestSerializer(serializers.Serializer):
    """The fields are checked by the service (field errors as `{field: [...]}`); here
    only their types."""

    partnership = serializers.IntegerField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    conference = serializers.IntegerField(required=False, allow_null=True)
    assessment = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Review-report jobs you may see, newest first"),
    retrieve=extend_schema(
        summary="One review-report job: status, progress, reason of a failure",
        responses={200: ReviewReportSerializer, 404: NOT_FOUND},
    ),
)
class ReviewReportViewSet(
    LiaisonAPIMixin,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = ReviewReport.objects.select_related("partnership").order_by("-created_at", "-id")
    serializer_class = ReviewReportSerializer

    @extend_schema(
        summary="Request a review report (generated in the background)",
        request=ReportRequestSerializer,
        responses={202: ReviewReportSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request: Request) -> Response:
        incoming = ReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        conference = None
        if data.get("conference"):
            conference = selectors.conference_get(user=request.user, pk=data["conference"])
        partnership = selectors.partnership_get(user=request.user, pk=data["partnership"])
        report = services_reports.report_request(
            user=request.user,
            partnership=partnership,
            conference=conference,
            date_from=data["date_from"],
            date_to=data["date_to"],
            language=data["language"],
            fmt=data["format"],
            assessment=data.get("assessment", ""),
        )
        report.refresh_from_db()
        return Response(ReviewReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download the report's file (audited); 404 until it is ready",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk=None) -> FileResponse:
        report, handle = services_reports.report_open(user=request.user, pk=pk)
        return private_file_response(handle, filename=report.filename)
