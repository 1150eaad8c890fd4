"""Reads for agencies, partnerships and users, always scoped to the acting user."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from liaison.agencies.models import Agency, HotlineContact, Partnership, User
from liaison.core.access import access_object, get_scope


def agency_list(
    *, user: User, country: str | None = None, level: str | None = None, q: str | None = None
) -> QuerySet[Agency]:
    qs = Agency.objects.visible_to(user).select_related("country", "parent", "area")
    if country:
        qs = qs.filter(country_id=country)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = (
            qs.filter(name__icontains=q)
            | qs.filter(code__icontains=q)
            | qs.filter(name_en__icontains=q)
        )
    return qs.order_by("country_id", "level", "name")


def agency_get(*, user: User, pk: int) -> Agency:
    return access_object(
        Agency.objects.select_related("country", "parent", "area").prefetch_related("contacts"),
        user,
        pk=pk,
    )


def agency_children(*, user: User, agency: Agency) -> QuerySet[Agency]:
    return (
        Agency.objects.visible_to(user)
        .filter(parent=agency)
        .annotate(user_count=Count("users"))
        .order_by("name")
    )


def partner_agencies(*, user: User) -> QuerySet[Agency]:
    """Agencies across the border that the user's agency or its chain partners with."""
    scope = get_scope(user)
    return (
        Agency.objects.filter(pk__in=scope.partner_agencies)
        .select_related("country", "parent")
        .prefetch_related(
            Prefetch("contacts", queryset=HotlineContact.objects.order_by("channel", "id"))
        )
        .order_by("country_id", "level", "name")
    )


def partnership_list(*, user: User) -> QuerySet[Partnership]:
    return (
        Partnership.objects.visible_to(user)
        .prefetch_related(Prefetch("parties", queryset=Agency.objects.select_related("country")))
        .order_by("name")
    )


def partnership_get(*, user: User, pk: int) -> Partnership:
    return access_object(Partnership.objects.prefetch_related("parties"), user, pk=pk)


def user_list(*, user: User, agency: Agency | None = None) -> QuerySet[User]:
    qs = User.objects.visible_to(user).select_related("agency").prefetch_related("role_assignments")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("agency__name", "username")


def user_get(*, user: User, pk: int) -> User:
    return access_object(
        User.objects.select_related("agency", "agency__country").prefetch_related(
            "role_assignments"
        ),
        user,
        pk=pk,
    )
