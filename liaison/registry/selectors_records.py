"""Scoped reads of organisations, vehicles, phones, locations and relationships.

Every read starts from the model's `visible_to(user)`; a relationship is visible only if
its own sharing allows it and both its ends are visible (RelationshipQuerySet). Lists
show live records (not cancelled, organisations not merged); a single record is fetched
even when cancelled or merged, so links to it still open, and 404s when out of scope.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from liaison.core.access import access_object
from liaison.registry.models import (
    RELATIONSHIP_ENDS,
    Location,
    Organisation,
    OrganisationOfficer,
    Person,
    Phone,
    Relationship,
    Vehicle,
)

END_FIELDS = [f"{side}_{suffix}" for side in ("from", "to") for suffix in RELATIONSHIP_ENDS]


def _officers_visible(user) -> Prefetch:
    """Officers whose person the user may see; the others are left out, not revealed."""
    return Prefetch(
        "officers",
        queryset=OrganisationOfficer.objects.filter(
            person__in=Person.objects.visible_to(user).values("pk")
        ).select_related("person"),
    )


def organisations_visible(*, user) -> QuerySet[Organisation]:
    return (
        Organisation.objects.visible_to(user)
        .live()
        .select_related("owner_agency")
        .prefetch_related("names", "registrations")
    )


def organisation_get(*, user, pk: int) -> Organisation:
    queryset = Organisation.objects.select_related("owner_agency", "merged_into").prefetch_related(
        "names", "registrations", _officers_visible(user)
    )
    return access_object(queryset, user, pk=pk)


def vehicles_visible(*, user) -> QuerySet[Vehicle]:
    return Vehicle.objects.visible_to(user).live().select_related("owner_agency", "country")


def vehicle_get(*, user, pk: int) -> Vehicle:
    return access_object(Vehicle.objects.select_related("owner_agency", "country"), user, pk=pk)


def phones_visible(*, user) -> QuerySet[Phone]:
    return Phone.objects.visible_to(user).live().select_related("owner_agency", "country")


def phone_get(*, user, pk: int) -> Phone:
    return access_object(Phone.objects.select_related("owner_agency", "country"), user, pk=pk)


def locations_visible(*, user) -> QuerySet[Location]:
    return Location.objects.visible_to(user).live().select_related("owner_agency", "area")


def location_get(*, user, pk: int) -> Location:
    return access_object(Location.objects.select_related("owner_agency", "area"), user, pk=pk)


# a person end is named by its names (Person.__str__)
END_NAMES = ("from_person__names", "to_person__names")


def relationships_visible(*, user) -> QuerySet[Relationship]:
    return (
        Relationship.objects.visible_to(user)
        .live()
        .select_related("owner_agency", *END_FIELDS)
        .prefetch_related(*END_NAMES)
    )


def relationship_get(*, user, pk: int) -> Relationship:
    queryset = Relationship.objects.select_related("owner_agency", *END_FIELDS).prefetch_related(
        *END_NAMES
    )
    return access_object(queryset, user, pk=pk)


def relationships_of(*, user, record) -> QuerySet[Relationship]:
    """Live relationships from or to `record` that the user may see."""
    return relationships_visible(user=user).involving(record)
