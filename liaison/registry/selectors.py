"""Scoped reads of the registry: every read starts from `Person.objects.visible_to`."""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.core.access import access_object
from liaison.registry.models import Person


def persons_visible(*, user) -> QuerySet[Person]:
    """Live persons the user may see, with what a list shows."""
    return (
        Person.objects.visible_to(user)
        .live()
        .select_related("owner_agency")
        .prefetch_related("names", "nationalities")
    )


def person_get(*, user, pk: int) -> Person:
    """One person, or 404 if missing or out of the user's scope (merged ones included)."""
    queryset = Person.objects.select_related("owner_agency", "merged_into").prefetch_related(
        "names", "documents", "nationalities"
    )
    return access_object(queryset, user, pk=pk)
