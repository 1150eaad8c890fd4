"""Agencies API: thin adapters over `liaison.agencies.services` (writes) and the models'
`visible_to(user)` (reads), built on the scoped base classes of `liaison.core.api`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from liaison.agencies import services
from liaison.agencies.api.filters import AgencyFilter, AreaFilter, PartnershipFilter, UserFilter
from liaison.agencies.api.serializers import (
    AgencySerializer,
    AreaSerializer,
    CountrySerializer,
    HotlineContactSerializer,
    PartnershipSerializer,
    UserProfileSerializer,
    UserSerializer,
)
from liaison.agencies.models import Agency, Area, Country, Partnership, User, UserRole
from liaison.core.api.permissions import (
    IsPlatformAdminOrReadOnly,
    IsUserAdministratorOrReadOnly,
)
from liaison.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet


class CountryViewSet(ScopedReadOnlyModelViewSet):
    """Countries (reference data)."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer

    def restrict(self, queryset):
        # Reference data: the list of countries is public to every signed-in user.
        return queryset


class AreaViewSet(ScopedReadOnlyModelViewSet):
    """Provinces and districts with their validity dates (reference data)."""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilter

    def restrict(self, queryset):
        # Reference data (administrative geography), the same for every signed-in user.
        return queryset


class AgencyViewSet(ScopedModelViewSet):
    """Agencies of the caller's country and of its partners; written by platform admins."""

    queryset = Agency.objects.all()
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    permission_classes = [IsPlatformAdminOrReadOnly]

    def get_queryset(self):
        return super().get_queryset().order_by("country_id", "level", "name", "id")

    def create_object(self, data: dict[str, Any]) -> Agency:
        return services.agency_create(actor=self.request.user, **data)

    def update_object(self, instance: Agency, data: dict[str, Any]) -> Agency:
        return services.agency_update(actor=self.request.user, agency=instance, **data)

    @extend_schema(
        methods=["GET"],
        summary="Hotline contact points of an agency",
        responses=HotlineContactSerializer(many=True),
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a hotline contact point (agency administrators)",
        request=HotlineContactSerializer,
        responses={201: HotlineContactSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=HotlineContactSerializer,
        permission_classes=[IsAuthenticated],  # contact_add decides who may add
        filterset_class=None,
    )
    def contacts(self, request, pk=None):
        agency = self.get_object()  # 404 when out of scope
        if request.method == "POST":
            serializer = HotlineContactSerializer(data=request.data, context={"request": request})
            serializer.is_valid(raise_exception=True)
            contact = services.contact_add(
                actor=request.user, agency=agency, **serializer.validated_data
            )
            return Response(HotlineContactSerializer(contact).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(agency.contacts.order_by("channel", "id"))
        return self.get_paginated_response(HotlineContactSerializer(page, many=True).data)


class PartnershipViewSet(ScopedModelViewSet):
    """Partnerships the caller's chain of command takes part in; written by platform admins."""

    queryset = Partnership.objects.prefetch_related(
        Prefetch("parties", queryset=Agency.objects.only("id"))
    )
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
    permission_classes = [IsPlatformAdminOrReadOnly]

    def get_queryset(self):
        return super().get_queryset().order_by("name", "id")

    def create_object(self, data: dict[str, Any]) -> Partnership:
        return services.partnership_create(actor=self.request.user, **data)

    def update_object(self, instance: Partnership, data: dict[str, Any]) -> Partnership:
        return services.partnership_update(actor=self.request.user, partnership=instance, **data)


class UserViewSet(ScopedModelViewSet):
    """The directory of users the caller may see. Agency administrators create users and
    change the users of their agency and its sub-units; any other user answers 404 to
    a write, as if it did not exist."""

    queryset = User.objects.prefetch_related(
        Prefetch("role_assignments", queryset=UserRole.objects.only("id", "user_id", "role"))
    )
    serializer_class = UserSerializer
    filterset_class = UserFilter
    permission_classes = [IsUserAdministratorOrReadOnly]

    def restrict(self, queryset):
        visible = queryset.visible_to(self.request.user)
        if self.action in {"update", "partial_update"}:
            visible = visible & User.objects.administered_by(self.request.user)
        return visible

    def get_queryset(self):
        return super().get_queryset().order_by("agency_id", "username", "id")

    def create_object(self, data: dict[str, Any]) -> User:
        return services.user_create(actor=self.request.user, **data)

    def update_object(self, instance: User, data: dict[str, Any]) -> User:
        return services.user_update(actor=self.request.user, user=instance, **data)

    @extend_schema(methods=["GET"], summary="The caller's own profile", filters=False)
    @extend_schema(methods=["PATCH"], summary="Change the caller's own personal details")
    @action(
        detail=False,
        methods=["get", "patch"],
        serializer_class=UserProfileSerializer,
        permission_classes=[IsAuthenticated],
        pagination_class=None,
        filterset_class=None,
    )
    def me(self, request):
        user = request.user
        if request.method == "PATCH":
            serializer = UserProfileSerializer(
                user, data=request.data, partial=True, context={"request": request}
            )
            serializer.is_valid(raise_exception=True)
            user = services.user_update(actor=user, user=user, **dict(serializer.validated_data))
        return Response(UserProfileSerializer(user, context={"request": request}).data)
