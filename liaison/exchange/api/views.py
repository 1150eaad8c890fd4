"""Exchange API: thin adapters over `liaison.exchange.services` (writes) and
`liaison.exchange.selectors` (reads), on the scoped base classes of `liaison.core.api`.

A message or attachment out of the caller's scope answers 404 JSON, for reads and for
every action alike (`get_object()` looks in `visible_to(user)`).
"""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.viewsets import LiaisonAPIMixin, LiaisonAPIView, ScopedQuerysetMixin
from liaison.core.downloads import private_file_response
from liaison.core.paging import CappedPagination
from liaison.exchange import selectors, services
from liaison.exchange.api.filters import MessageListFilter, NotificationFilter
from liaison.exchange.api.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    ComposeSerializer,
    CountsSerializer,
    ForwardSerializer,
    MarkedReadSerializer,
    MessageDetailSerializer,
    MessageSummarySerializer,
    MessageUpdateSerializer,
    NotificationSerializer,
    ReplySerializer,
    ReviewSerializer,
    StatisticsQuerySerializer,
    StatisticsSerializer,
)
from liaison.exchange.models import Attachment, Message, Notification
from liaison.exchange.statistics import partnership_statistics

IDEMPOTENCY_HEADER = OpenApiParameter(
    name="Idempotency-Key",
    location=OpenApiParameter.HEADER,
    type=str,
    required=False,
    description="Any unique string (at most 100 characters). A retry with the same key "
    "returns the message stored by the first request (200) instead of a duplicate.",
)
NOT_FOUND = OpenApiResponse(description="Missing, or outside your scope (the same answer).")
REFUSED = OpenApiResponse(description="Your role may not do this (the reason in `detail`).")
INVALID = OpenApiResponse(description="Field errors: `{field: [messages]}`.")


def _idempotency_key(request: Request) -> str:
    return request.headers.get("Idempotency-Key", "").strip()


@extend_schema_view(
    list=extend_schema(
        summary="Messages of one box: inbox (default), sent, drafts, awaiting approval, overdue",
        description="The inbox and overdue boxes list received parts: a message appears "
        "once per part of your agency or its sub-units, with that part in `parts`. The "
        "other boxes list messages with all their parts. Newest first (overdue: oldest "
        "due first).",
    ),
    retrieve=extend_schema(
        summary="One message with its parts, files and thread",
        description="Opening a message records a read in the audit trail and marks your "
        "agency's part read.",
        responses={200: MessageDetailSerializer, 404: NOT_FOUND},
    ),
)
class MessageViewSet(
    LiaisonAPIMixin,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Message.objects.select_related(
        "sender_agency", "sender_agency__country", "author", "approved_by", "in_reply_to"
    )
    serializer_class = MessageSummarySerializer
    filterset_class = MessageListFilter
    pagination_class = CappedPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        if self.action == "list":
            return MessageSummarySerializer
        return MessageDetailSerializer

    # --- reads ------------------------------------------------------------------------

    def list(self, request: Request, *args, **kwargs) -> Response:
        filters = MessageListFilter(request.query_params, queryset=Message.objects.none())
        if not filters.is_valid():
            raise exceptions.ValidationError(filters.errors)
        data = filters.form.cleaned_data
        box = data.get("box") or "inbox"
        criteria = {
            "kind": data.get("kind") or None,
            "priority": data.get("priority") or None,
            "status": data.get("status") or None,
            "partner": int(data["partner"]) if data.get("partner") else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "q": data.get("q") or None,
        }
        user = request.user
        by_parts = box in {"inbox", "overdue"}
        if box == "inbox":
            items = selectors.inbox(user=user, **criteria)
        elif box == "overdue":
            items = selectors.overdue(user=user)
        elif box == "sent":
            items = selectors.sent(user=user, **criteria)
        elif box == "drafts":
            items = selectors.drafts(user=user)
        else:
            items = selectors.awaiting_approval(user=user)
        page = self.paginate_queryset(items)
        if by_parts:
            messages = []
            for part in page:
                message = part.message
                message.listed_parts = [part]
                messages.append(message)
        else:
            messages = page
        serializer = MessageSummarySerializer(messages, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    def _detail(self, message: Message, *, status_code: int = status.HTTP_200_OK) -> Response:
        user = self.request.user
        message = selectors.message_get(user=user, pk=message.pk)  # fresh, with its joins
        message.listed_parts = list(selectors.message_parts(user=user, message=message))
        context = {
            "request": self.request,
            "attachments": list(selectors.message_attachments(user=user, message=message)),
            "thread": list(
                selectors.thread_messages(user=user, message=message).prefetch_related(None)
            ),
        }
        return Response(MessageDetailSerializer(message, context=context).data, status=status_code)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        message = self.get_object()
        services.message_mark_read(actor=request.user, message=message)
        return self._detail(message)

    @extend_schema(
        summary="Badge counts: unread, awaiting approval, notifications",
        responses=CountsSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def counts(self, request: Request) -> Response:
        return Response(CountsSerializer(selectors.counts(user=request.user)).data)

    # --- writing ----------------------------------------------------------------------

    @extend_schema(
        summary="Write a message: send it, or keep it as a draft (`send: false`)",
        description="Atomic: the message, its parts, its files and the audit event are "
        "stored together; a 201 means the message is durably stored. Files need "
        "multipart/form-data (`attachments`, repeated).",
        parameters=[IDEMPOTENCY_HEADER],
        request={
            "application/json": ComposeSerializer,
            "multipart/form-data": ComposeSerializer,
        },
        responses={
            201: MessageDetailSerializer,
            200: OpenApiResponse(
                MessageDetailSerializer, description="A retry: the message stored before."
            ),
            400: INVALID,
            403: REFUSED,
        },
    )
    def create(self, request: Request) -> Response:
        form = ComposeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        message = services.message_compose(
            actor=request.user,
            attachments=data.pop("attachments", []),
            idempotency_key=_idempotency_key(request),
            **data,
        )
        replayed = getattr(message, "replayed", False)
        response = self._detail(
            message, status_code=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED
        )
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        summary="Change a draft or a returned message (its author)",
        request=MessageUpdateSerializer,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        message = self.get_object()
        form = MessageUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        recipients = data.pop("recipients", None)
        services.message_update(actor=request.user, message=message, recipients=recipients, **data)
        return self._detail(message)

    def _simple_action(self, run, form_class=None) -> Response:
        """Find the message first (404 JSON when out of scope), then check the input."""
        message = self.get_object()
        if form_class is None:
            run(message)
        else:
            form = form_class(data=self.request.data)
            form.is_valid(raise_exception=True)
            run(message, form.validated_data)
        return self._detail(message)

    @extend_schema(
        summary="Send a draft or a returned message (or hold it for approval)",
        request=None,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        return self._simple_action(lambda m: services.message_submit(actor=request.user, message=m))

    @extend_schema(
        summary="Approve a message waiting for approval: it leaves at once (supervisors)",
        request=ReviewSerializer,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk=None) -> Response:
        return self._simple_action(
            lambda m, data: services.message_approve(
                actor=request.user, message=m, comment=data["comment"]
            ),
            ReviewSerializer,
        )

    @extend_schema(
        summary="Return a message to its author with a comment saying why (supervisors)",
        request=ReviewSerializer,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk=None) -> Response:
        return self._simple_action(
            lambda m, data: services.message_return(
                actor=request.user, message=m, comment=data["comment"]
            ),
            ReviewSerializer,
        )

    @extend_schema(
        summary="Acknowledge receipt for your agency",
        request=None,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk=None) -> Response:
        return self._simple_action(
            lambda m: services.message_acknowledge(actor=request.user, message=m)
        )

    @extend_schema(
        summary="Reply in the thread, to the sender agency",
        description="Refused on a closed part or thread. Files need multipart/form-data.",
        parameters=[IDEMPOTENCY_HEADER],
        request={"application/json": ReplySerializer, "multipart/form-data": ReplySerializer},
        responses={201: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk=None) -> Response:
        message = self.get_object()
        form = ReplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        answer = services.message_reply(
            actor=request.user,
            message=message,
            attachments=data.pop("attachments", []),
            idempotency_key=_idempotency_key(request),
            **data,
        )
        replayed = getattr(answer, "replayed", False)
        return self._detail(
            answer, status_code=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Forward inside your own country, keeping the handling code and provenance",
        description="Agencies of another country are refused; for an H2 message the "
        "error explains that it may not leave the country without the sender's consent.",
        request=ForwardSerializer,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk=None) -> Response:
        return self._simple_action(
            lambda m, data: services.message_forward(
                actor=request.user, message=m, agencies=data["agencies"], note=data["note"]
            ),
            ForwardSerializer,
        )

    @extend_schema(
        summary="Close your agency's part (recipients) or the whole thread (sender side)",
        request=None,
        responses={200: MessageDetailSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk=None) -> Response:
        return self._simple_action(lambda m: services.message_close(actor=request.user, message=m))

    @extend_schema(
        methods=["GET"],
        summary="Files of a message",
        responses={200: AttachmentSerializer(many=True), 404: NOT_FOUND},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Attach files to a draft or a returned message (multipart, `files` repeated)",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer(many=True),
            400: INVALID,
            403: REFUSED,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        pagination_class=None,
        filterset_class=None,
    )
    def attachments(self, request: Request, pk=None) -> Response:
        message = self.get_object()
        if request.method == "POST":
            form = AttachmentUploadSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            files = services.message_attach(
                actor=request.user, message=message, uploads=form.validated_data["files"]
            )
            return Response(
                AttachmentSerializer(files, many=True).data, status=status.HTTP_201_CREATED
            )
        files = selectors.message_attachments(user=request.user, message=message)
        return Response(AttachmentSerializer(files, many=True).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One attachment's name, type, size and SHA-256",
        responses={200: AttachmentSerializer, 404: NOT_FOUND},
    )
)
class AttachmentViewSet(
    LiaisonAPIMixin, ScopedQuerysetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Attachment.objects.select_related("message")
    serializer_class = AttachmentSerializer

    @extend_schema(
        summary="Download the file (audited)",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk=None) -> FileResponse:
        attachment = self.get_object()
        services.message_attachment_download(actor=request.user, attachment=attachment)
        return private_file_response(
            attachment.file.open("rb"),
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


@extend_schema_view(
    list=extend_schema(summary="Your notifications, newest first"),
    retrieve=extend_schema(summary="One of your notifications"),
)
class NotificationViewSet(
    LiaisonAPIMixin,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Notification.objects.select_related("message", "message__sender_agency")
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-id")

    @extend_schema(
        summary="Mark one notification read",
        request=None,
        responses={200: MarkedReadSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        notification = self.get_object()
        changed = services.notification_mark_read(actor=request.user, notification=notification)
        return Response(MarkedReadSerializer({"marked_read": changed}).data)

    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses=MarkedReadSerializer,
        filters=False,
    )
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request: Request) -> Response:
        changed = services.notification_mark_read(actor=request.user)
        return Response(MarkedReadSerializer({"marked_read": changed}).data)


class ExchangeStatisticsView(LiaisonAPIView):
    """Messages sent and received by kind, median hours to acknowledge and to answer,
    and the share answered on time, per party of a partnership and in total."""

    @extend_schema(
        summary="Exchange statistics of a partnership over a period",
        parameters=[StatisticsQuerySerializer],
        responses={200: StatisticsSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = partnership_statistics(
            user=request.user,
            partnership=query.validated_data["partnership"],
            date_from=query.validated_data["date_from"],
            date_to=query.validated_data["date_to"],
        )
        return Response(StatisticsSerializer(figures).data)
