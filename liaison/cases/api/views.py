"""Joint cases API: thin adapters over `liaison.cases.services` (writes) and
`liaison.cases.selectors` (reads). A case outside the caller's scope answers 404 JSON for
reads and every action (`get_object()` looks in `visible_to(user)`); reading a case file
is audited like opening the case page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.cases import selectors, services
from liaison.cases.api import serializers as s
from liaison.cases.models import CaseOrganisation, CasePerson, CaseTask, JointCase
from liaison.core.api.viewsets import ScopedModelViewSet
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.exchange.models import Message
from liaison.registry.models import Organisation, Person

NOT_FOUND = OpenApiResponse(description="Missing, or outside your scope (the same answer).")
REFUSED = OpenApiResponse(description="Your role may not do this (the reason in `detail`).")
INVALID = OpenApiResponse(description="Field errors: `{field: [messages]}`.")
REMOVED = OpenApiResponse(description="Removed.")
WRITE = {400: INVALID, 403: REFUSED, 404: NOT_FOUND}
LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="Text in the code or title."),
    OpenApiParameter("status", str, description="One status."),
    OpenApiParameter("country", str, description="A participating country (ISO alpha-2)."),
    OpenApiParameter("agency", str, description="A participating agency (its code)."),
]


def _file(user, case: JointCase) -> dict:
    return s.CaseFileSerializer(selectors.case_file(user=user, case=case)).data


@extend_schema_view(
    list=extend_schema(
        summary="Joint cases you take part in",
        description="Cases with a participant in your agency or below it, filtered.",
        parameters=LIST_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="One case file (an audited read)",
        description="The case, linked persons and organisations (named only where you may "
        "see them in the registry, otherwise the agency holding them), timeline, tasks, "
        "linked messages you may see, incidents and totals for the case and per phase.",
        responses={200: s.CaseFileSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Propose a joint case",
        request=s.CaseCreateSerializer,
        responses={201: s.CaseSerializer, 400: INVALID, 403: REFUSED},
    ),
    update=extend_schema(
        summary="Change a case",
        request=s.CaseUpdateSerializer,
        responses={200: s.CaseSerializer, **WRITE},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a case",
        request=s.CaseUpdateSerializer,
        responses={200: s.CaseSerializer, **WRITE},
    ),
)
class CaseViewSet(ScopedModelViewSet):
    queryset = JointCase.objects.select_related("lead_agency").prefetch_related(
        "participants__agency"
    )
    serializer_class = s.CaseSerializer
    filter_backends: list = []  # the selector filters (see get_queryset)

    def get_queryset(self):
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            params = self.request.query_params
            agency = params.get("agency") or None
            if agency:
                from liaison.agencies.models import Agency

                agency = (
                    Agency.objects.filter(code=agency).values_list("pk", flat=True).first() or -1
                )
            return selectors.cases_search(
                user=self.request.user,
                q=params.get("q", ""),
                status=params.get("status", ""),
                country=params.get("country", ""),
                agency=agency,
            )
        return super().get_queryset()

    def _case(self) -> JointCase:
        return self.get_object()

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        case = self._case()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.READ,
            obj=case,
            verb="cases.case_read",
        )
        return Response(_file(request.user, case))

    def _respond(self, case: JointCase, code: int = status.HTTP_200_OK) -> Response:
        """The case as saved, with its participants."""
        case = self.get_queryset().get(pk=case.pk)
        return Response(s.CaseSerializer(case).data, status=code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        form = s.CaseCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        # default: the caller's agency (the service refuses a missing or foreign lead)
        lead = data.pop("lead_agency", None) or request.user.agency
        case = services.case_create(actor=request.user, lead_agency=lead, **data)
        return self._respond(case, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        case = self._case()
        form = s.CaseUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        form.is_valid(raise_exception=True)
        services.case_update(actor=request.user, case=case, **dict(form.validated_data))
        return self._respond(case)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(
        summary="Change the status (expanded starts a new phase)",
        request=s.StatusChangeSerializer,
        responses={200: s.CaseSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.StatusChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.case_set_status(actor=request.user, case=case, **form.validated_data)
        return self._respond(case)

    @extend_schema(
        summary="Add a participating agency",
        request=s.ParticipantAddSerializer,
        responses={200: s.CaseSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.ParticipantAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.participant_add(actor=request.user, case=case, **form.validated_data)
        return self._respond(case)

    @extend_schema(
        summary="Remove a participating agency (not the lead)",
        request=None,
        responses={204: REMOVED, **WRITE},
    )
    @action(detail=True, methods=["delete"], url_path=r"participants/(?P<agency_code>[^/]+)")
    def participant_remove(
        self, request: Request, pk: str | None = None, agency_code: str = ""
    ) -> Response:
        case = self._case()
        participant = (
            case.participants.filter(agency__code=agency_code).select_related("agency").first()
        )
        if participant is None:
            raise Http404
        services.participant_remove(actor=request.user, case=case, agency=participant.agency)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Link a person of the registry (one you may see)",
        request=s.PersonLinkSerializer,
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description='`{"link": id}`'),
            **WRITE,
        },
    )
    @action(detail=True, methods=["post"])
    def persons(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.PersonLinkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        person = Person.objects.visible_to(request.user).filter(pk=data.pop("person")).first()
        if person is None:
            raise ValidationError({"person": _("The person is not available to you.")})
        link = services.person_link(actor=request.user, case=case, person=person, **data)
        return Response({"link": link.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Unlink a person", request=None, responses={204: REMOVED, **WRITE})
    @action(detail=True, methods=["delete"], url_path=r"persons/(?P<link_pk>[0-9]+)")
    def person_unlink(self, request: Request, pk: str | None = None, link_pk: str = "") -> Response:
        case = self._case()
        link = CasePerson.objects.filter(case=case, pk=link_pk).select_related("case").first()
        if link is None:
            raise Http404
        services.person_unlink(actor=request.user, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Link an organisation of the registry (one you may see)",
        request=s.OrganisationLinkSerializer,
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description='`{"link": id}`'),
            **WRITE,
        },
    )
    @action(detail=True, methods=["post"])
    def organisations(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.OrganisationLinkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        organisation = (
            Organisation.objects.visible_to(request.user)
            .filter(pk=data.pop("organisation"))
            .first()
        )
        if organisation is None:
            raise ValidationError({"organisation": _("The organisation is not available to you.")})
        link = services.organisation_link(
            actor=request.user, case=case, organisation=organisation, **data
        )
        return Response({"link": link.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Unlink an organisation", request=None, responses={204: REMOVED, **WRITE}
    )
    @action(detail=True, methods=["delete"], url_path=r"organisations/(?P<link_pk>[0-9]+)")
    def organisation_unlink(
        self, request: Request, pk: str | None = None, link_pk: str = ""
    ) -> Response:
        case = self._case()
        link = CaseOrganisation.objects.filter(case=case, pk=link_pk).select_related("case").first()
        if link is None:
            raise Http404
        services.organisation_unlink(actor=request.user, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Add an event to the timeline",
        request=s.EventAddSerializer,
        responses={201: s.CaseEventSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.EventAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        event = services.event_add(actor=request.user, case=case, **form.validated_data)
        return Response(s.CaseEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Assign a task to a participating agency",
        request=s.TaskAddSerializer,
        responses={201: s.CaseTaskSerializer, **WRITE},
    )
    @action(detail=True, methods=["post"])
    def tasks(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.TaskAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        task = services.task_add(actor=request.user, case=case, **form.validated_data)
        return Response(s.CaseTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a task (done records the completion date)",
        request=s.TaskUpdateSerializer,
        responses={200: s.CaseTaskSerializer, **WRITE},
    )
    @action(detail=True, methods=["patch"], url_path=r"tasks/(?P<task_pk>[0-9]+)")
    def task_update(self, request: Request, pk: str | None = None, task_pk: str = "") -> Response:
        case = self._case()
        task = CaseTask.objects.filter(case=case, pk=task_pk).select_related("case").first()
        if task is None:
            raise Http404
        form = s.TaskUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        task = services.task_update(actor=request.user, task=task, **form.validated_data)
        return Response(s.CaseTaskSerializer(task).data)

    @extend_schema(
        summary="Link an exchange message (one you may see)",
        request=s.MessageLinkSerializer,
        responses={204: OpenApiResponse(description="Linked."), **WRITE},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, pk: str | None = None) -> Response:
        case = self._case()
        form = s.MessageLinkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        message = self._message(form.validated_data["message"])
        services.message_link(actor=request.user, case=case, message=message)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Unlink an exchange message", request=None, responses={204: REMOVED, **WRITE}
    )
    @action(detail=True, methods=["delete"], url_path=r"messages/(?P<message_pk>[0-9]+)")
    def message_unlink(
        self, request: Request, pk: str | None = None, message_pk: str = ""
    ) -> Response:
        case = self._case()
        services.message_unlink(actor=request.user, case=case, message=self._message(message_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _message(self, pk) -> Message:
        message = Message.objects.visible_to(self.request.user).filter(pk=pk).first()
        if message is None:
            raise ValidationError({"message": _("The message is not available to you.")})
        return message


@extend_schema_view(
    list=extend_schema(summary="Tasks of your agency (and its sub-units) in your cases"),
)
class MyTaskViewSet(ScopedModelViewSet):
    """Read-only: tasks are changed through /cases/{id}/tasks/{task}/."""

    queryset = CaseTask.objects.select_related("agency", "case")
    serializer_class = s.CaseTaskSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseTask.objects.none()
        return selectors.agency_tasks(
            user=self.request.user, open_only=self.request.query_params.get("all") != "1"
        )
