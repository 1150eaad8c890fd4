"""What the record pages need to know about each kind of registry record besides persons:
its selectors, form, create service, search and what its list and detail show.

One generic set of views (views/records.py) and templates serves the five kinds; the
differences live here as data, so a sixth kind is one more entry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from liaison.registry import selectors_records as selectors
from liaison.registry import services_records as services
from liaison.registry.forms_records import (
    LocationForm,
    OrganisationForm,
    PhoneForm,
    RecordForm,
    RelationshipForm,
    VehicleForm,
)
from liaison.registry.matching import normalize_document_number
from liaison.registry.models import (
    Location,
    Organisation,
    OrganisationName,
    Phone,
    RegistrationNumber,
    Relationship,
    Vehicle,
)


@dataclass(frozen=True)
class Item:
    """One value shown on a page, optionally a link."""

    text: str
    url: str = ""


def record_url(record: models.Model) -> str:
    """The page of any registry record (persons included)."""
    return reverse(f"registry_{record._meta.model_name}", args=[record.pk])


def _text(value: Any) -> list[Item]:
    if value in (None, ""):
        return []
    return [Item(str(value))]


def _date(value) -> list[Item]:
    return [Item(date_format(value, "SHORT_DATE_FORMAT"))] if value else []


@dataclass(frozen=True)
class RecordKind:
    name: str  # model name: URL names are registry_<name>, registry_<name>s, ...
    model: type[models.Model]
    label: Any  # plural, for titles and navigation
    new_label: Any
    form: type[RecordForm]
    visible: Callable[..., QuerySet]
    get: Callable[..., models.Model]
    search: Callable[[QuerySet, str], QuerySet]
    columns: list[tuple[Any, Callable[[Any], list[Item]]]]
    details: Callable[[Any], list[tuple[Any, list[Item]]]]
    create: Callable[..., models.Model] | None = None

    @property
    def plural(self) -> str:
        return f"{self.name}s"


# --- search ------------------------------------------------------------------------------


def _search_organisations(queryset: QuerySet, q: str) -> QuerySet:
    """Name or other name containing `q` as written, or a registration number."""
    names = OrganisationName.objects.filter(text__icontains=q).values("organisation_id")
    matches = Q(name__icontains=q) | Q(pk__in=names)
    number = normalize_document_number(q)
    if number:
        registered = RegistrationNumber.objects.filter(number=number).values("organisation_id")
        matches |= Q(pk__in=registered)
    return queryset.filter(matches)


def _search_vehicles(queryset: QuerySet, q: str) -> QuerySet:
    plate = services.normalize_plate(q)
    return queryset.filter(plate__contains=plate) if plate else queryset.none()


def _search_phones(queryset: QuerySet, q: str) -> QuerySet:
    """Digits of `q` in the stored number; a national leading 0 is dropped, since the
    stored form is international when the country is known."""
    digits = "".join(
        str(unicodedata.decimal(ch)) for ch in unicodedata.normalize("NFKC", q) if ch.isdecimal()
    )
    if not digits:
        return queryset.none()
    return queryset.filter(number__contains=digits.lstrip("0") or digits)


def _search_locations(queryset: QuerySet, q: str) -> QuerySet:
    return queryset.filter(Q(name__icontains=q) | Q(address__icontains=q))


def _search_relationships(queryset: QuerySet, q: str) -> QuerySet:
    kinds = [value for value, label in Relationship.Kind.choices if q.lower() in str(label).lower()]
    return queryset.filter(Q(source__icontains=q) | Q(notes__icontains=q) | Q(kind__in=kinds))


# --- what pages show -----------------------------------------------------------------------


def _common(record) -> list[tuple[Any, list[Item]]]:
    return [
        (_("Owner agency"), [Item(record.owner_agency.name)]),
        (_("Sharing level"), [Item(record.get_sharing_display())]),
        (_("Handling code"), [Item(record.get_handling_code_display())]),
        (_("Notes"), _text(record.notes)),
    ]


def _organisation_details(record: Organisation) -> list[tuple[Any, list[Item]]]:
    return [
        (_("Kind"), [Item(record.get_kind_display())]),
        (
            _("Other names"),
            [Item(f"{n.text} ({n.get_kind_display()})") for n in record.names.all()],
        ),
        (
            _("Registration numbers"),
            [
                Item(f"{r} ({r.country_id})" if r.country_id else str(r))
                for r in record.registrations.all()
            ],
        ),
        (_("Addresses"), [Item(a) for a in record.addresses or []]),
        (
            _("Officers"),
            [
                Item(f"{o.person} — {o.get_role_display()}", record_url(o.person))
                for o in record.officers.all()
            ],
        ),
        (_("Discoverable"), [Item(str(_("Yes") if record.discoverable else _("No")))]),
        *_common(record),
    ]


def _vehicle_details(record: Vehicle) -> list[tuple[Any, list[Item]]]:
    return [
        (_("Plate"), [Item(record.plate_as_written)]),
        (_("Country of registration"), _text(record.country)),
        (_("Kind"), [Item(record.get_kind_display())]),
        (_("Description"), _text(record.description)),
        *_common(record),
    ]


def _phone_details(record: Phone) -> list[tuple[Any, list[Item]]]:
    return [
        (_("Number as written"), [Item(record.number_as_written)]),
        (_("Number"), [Item(record.number)]),
        (_("Country"), _text(record.country)),
        *_common(record),
    ]


def _location_details(record: Location) -> list[tuple[Any, list[Item]]]:
    coordinates = (
        [Item(f"{record.latitude}, {record.longitude}")] if record.latitude is not None else []
    )
    return [
        (_("Kind"), [Item(record.get_kind_display())]),
        (_("Area"), _text(record.area)),
        (_("Address"), _text(record.address)),
        (_("Coordinates"), coordinates),
        *_common(record),
    ]


def end_item(record) -> list[Item]:
    return [Item(f"{record} ({record._meta.verbose_name})", record_url(record))] if record else []


def _relationship_details(record: Relationship) -> list[tuple[Any, list[Item]]]:
    return [
        (_("From"), end_item(record.source_end)),
        (_("Kind of relationship"), [Item(record.get_kind_display())]),
        (_("To"), end_item(record.target_end)),
        (_("Since"), _date(record.date_from)),
        (_("Until"), _date(record.date_to)),
        (_("Source"), _text(record.source)),
        *_common(record),
    ]


def _create_relationship(*, actor, owner_agency, **values) -> Relationship:
    """The form names each end by type and number; the service checks it is visible."""
    ends = {}
    for side in ("from", "to"):
        model = services.END_MODELS[values.pop(f"{side}_type")]
        ends[f"{side}_record"] = model(pk=values.pop(f"{side}_id"))
    return services.relationship_create(actor=actor, owner_agency=owner_agency, **ends, **values)


def relationships_shown(*, user, record: models.Model) -> list[dict]:
    """The record's live relationships the user may see (both ends visible), each with
    the other end, for the "Relationships" section of a record's page."""
    shown = []
    for relationship in selectors.relationships_of(user=user, record=record):
        outgoing = relationship.source_end == record
        other = relationship.target_end if outgoing else relationship.source_end
        shown.append(
            {
                "relationship": relationship,
                "url": record_url(relationship),
                "outgoing": outgoing,
                "other": end_item(other)[0],
            }
        )
    return shown


KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in (
        RecordKind(
            name="organisation",
            model=Organisation,
            label=_("Organisations"),
            new_label=_("New organisation"),
            form=OrganisationForm,
            visible=selectors.organisations_visible,
            get=selectors.organisation_get,
            search=_search_organisations,
            create=services.organisation_create,
            columns=[
                (_("Name"), lambda r: [Item(r.name, record_url(r))]),
                (_("Other names"), lambda r: [Item(n.text) for n in r.names.all()]),
                (_("Kind"), lambda r: [Item(r.get_kind_display())]),
                (
                    _("Registration numbers"),
                    lambda r: [Item(str(n)) for n in r.registrations.all()],
                ),
            ],
            details=_organisation_details,
        ),
        RecordKind(
            name="vehicle",
            model=Vehicle,
            label=_("Vehicles"),
            new_label=_("New vehicle"),
            form=VehicleForm,
            visible=selectors.vehicles_visible,
            get=selectors.vehicle_get,
            search=_search_vehicles,
            create=services.vehicle_create,
            columns=[
                (_("Plate"), lambda r: [Item(r.plate_as_written, record_url(r))]),
                (_("Country"), lambda r: _text(r.country)),
                (_("Kind"), lambda r: [Item(r.get_kind_display())]),
                (_("Description"), lambda r: _text(r.description)),
            ],
            details=_vehicle_details,
        ),
        RecordKind(
            name="phone",
            model=Phone,
            label=_("Phones"),
            new_label=_("New phone"),
            form=PhoneForm,
            visible=selectors.phones_visible,
            get=selectors.phone_get,
            search=_search_phones,
            create=services.phone_create,
            columns=[
                (_("Number"), lambda r: [Item(r.number_as_written, record_url(r))]),
                (_("International form"), lambda r: [Item(r.number)]),
                (_("Country"), lambda r: _text(r.country)),
            ],
            details=_phone_details,
        ),
        RecordKind(
            name="location",
            model=Location,
            label=_("Locations"),
            new_label=_("New location"),
            form=LocationForm,
            visible=selectors.locations_visible,
            get=selectors.location_get,
            search=_search_locations,
            create=services.location_create,
            columns=[
                (_("Name"), lambda r: [Item(r.name, record_url(r))]),
                (_("Kind"), lambda r: [Item(r.get_kind_display())]),
                (_("Area"), lambda r: _text(r.area)),
                (_("Address"), lambda r: _text(r.address)),
            ],
            details=_location_details,
        ),
        RecordKind(
            name="relationship",
            model=Relationship,
            label=_("Relationships"),
            new_label=_("New relationship"),
            form=RelationshipForm,
            visible=selectors.relationships_visible,
            get=selectors.relationship_get,
            search=_search_relationships,
            create=_create_relationship,
            columns=[
                (_("From"), lambda r: end_item(r.source_end)),
                (
                    _("Kind of relationship"),
                    lambda r: [Item(r.get_kind_display(), record_url(r))],
                ),
                (_("To"), lambda r: end_item(r.target_end)),
                (_("Since"), lambda r: _date(r.date_from)),
            ],
            details=_relationship_details,
        ),
    )
}
