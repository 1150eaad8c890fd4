"""Registry API: thin adapters over `liaison.registry.services` (writes),
`liaison.registry.selectors` (reads) and `liaison.registry.screening`.

A person out of the caller's scope answers 404 JSON for reads and actions alike
(`get_object()` looks in `visible_to(user)`); reading one person is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.core.api.viewsets import ScopedModelViewSet
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.registry import selectors, services
from liaison.registry.api.filters import SEARCH_PARAMETERS, search_criteria
from liaison.registry.api.serializers import (
    MergeSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    ScreenResponseSerializer,
    ScreenSerializer,
    UnmergeSerializer,
)
from liaison.registry.explanations import translate_results
from liaison.registry.models import Person
from liaison.registry.screening import screen_records

NOT_FOUND = OpenApiResponse(description="Missing, or outside your scope (the same answer).")
REFUSED = OpenApiResponse(description="Your role may not do this (the reason in `detail`).")
INVALID = OpenApiResponse(description="Field errors: `{field: [messages]}`.")


@extend_schema_view(
    list=extend_schema(
        summary="Search persons",
        description="Live persons you may see (merged records drop out), searched by name "
        "in any script, reference or document number, filtered by status and nationality.",
        parameters=SEARCH_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="One person (an audited read)",
        responses={200: PersonSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record a person",
        request=PersonCreateSerializer,
        responses={201: PersonSerializer, 400: INVALID, 403: REFUSED},
    ),
    update=extend_schema(
        summary="Change a person",
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a person",
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    ),
)
class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("owner_agency").prefetch_related(
        "names", "documents", "nationalities"
    )
    serializer_class = PersonSerializer
    filter_backends: list = []  # the selector searches (see `list`)

    def get_queryset(self):
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            criteria = search_criteria(self.request.query_params)
            return (
                selectors.persons_search(user=self.request.user, **criteria)
                .prefetch_related("documents")
                .order_by("owner_agency_id", "ref", "id")
            )
        return super().get_queryset()

    def _respond(self, person: Person, code: int = status.HTTP_200_OK) -> Response:
        person = selectors.person_get(user=self.request.user, pk=person.pk)
        return Response(PersonSerializer(person).data, status=code)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        person = self.get_object()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.READ,
            obj=person,
            verb="registry.person_read",
        )
        return Response(PersonSerializer(person).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        form = PersonCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        owner = data.pop("owner_agency", None) or request.user.agency
        if owner is None:
            raise ValidationError({"owner_agency": _("Choose the agency that owns the record.")})
        person = services.person_create(actor=request.user, owner_agency=owner, **data)
        return self._respond(person, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        person = self.get_object()
        form = PersonUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        person = services.person_update(
            actor=request.user, person=person, **dict(form.validated_data)
        )
        return self._respond(person)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        summary="Merge this person into the record it duplicates (reversible)",
        request=MergeSerializer,
        responses={200: PersonSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        form = MergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        into = (
            Person.objects.visible_to(request.user).filter(pk=form.validated_data["into"]).first()
        )
        if into is None:
            raise ValidationError({"into": _("The target record is not available to you.")})
        person = services.person_merge(
            actor=request.user, person=person, into=into, reason=form.validated_data["reason"]
        )
        return self._respond(person)

    @extend_schema(
        summary="Undo a merge: the record is live and screened again",
        request=UnmergeSerializer,
        responses={200: PersonSerializer, 400: INVALID, 403: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def unmerge(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        form = UnmergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        person = services.person_unmerge(
            actor=request.user, person=person, reason=form.validated_data["reason"]
        )
        return self._respond(person)

    @extend_schema(
        summary="Screen records against the registry (hit/no-hit across borders)",
        description="Per input record, best first: candidates among the persons you may "
        "see, with score, decision (`match`/`possible`) and explanation; and `hits`: "
        "agencies holding a discoverable record you cannot see that possibly matches "
        "(only the agency, never the record). Audited as one read.",
        request=ScreenSerializer,
        responses={200: ScreenResponseSerializer, 400: INVALID},
        filters=False,
    )
    @action(detail=False, methods=["post"], pagination_class=None)
    def screen(self, request: Request) -> Response:
        form = ScreenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        results = screen_records(
            actor=request.user,
            records=form.validated_data["records"],
            top=form.validated_data["top"],
            hits_source="screening",
        )
        # `message` in the caller's language; `code` and `params` stay for machines
        return Response({"results": translate_results(results)})
