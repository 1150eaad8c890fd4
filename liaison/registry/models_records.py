"""Registry records other than persons: organisations (with names, registration numbers
and officers), vehicles, phones, locations and the relationships between any two.

Each carries an owner agency, a sharing level and a handling code like Person, and is
cancelled (never deleted) so the audit trail keeps pointing at something. Writes go
through services_records, reads through selectors_records. Re-exported by models.py.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.access import SharedQuerySet, get_scope
from liaison.core.sharing import HandlingCode, SharingLevel


class RecordQuerySet(SharedQuerySet):
    def live(self):
        """Records not cancelled (organisations: nor merged into another)."""
        queryset = self.filter(cancelled_at__isnull=True)
        if any(f.name == "merged_into" for f in self.model._meta.fields):
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset


class SharedRecord(models.Model):
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="registry_%(class)ss",
        verbose_name=_("owner agency"),
    )
    sharing = models.CharField(
        _("sharing level"),
        max_length=20,
        choices=SharingLevel.choices,
        default=SharingLevel.AGENCY,
    )
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    notes = models.TextField(_("notes"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class Organisation(SharedRecord):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        FRONT_COMPANY = "front_company", _("Front company")
        RING = "ring", _("Criminal ring")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other organisation")

    # The primary name as written; further names (aliases, romanizations) in `names`.
    name = models.CharField(_("name as written"), max_length=300)
    script = models.CharField(_("script"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Addresses as written, one string each (kept in their language and script).
    addresses = models.JSONField(_("addresses"), default=list, blank=True)
    discoverable = models.BooleanField(
        _("discoverable"),
        default=False,
        help_text=_(
            "Screenings by agencies that cannot see this record learn only that your "
            "agency holds a possible match."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_organisations",
        verbose_name=_("merged into"),
    )
    merge_reason = models.TextField(_("merge reason"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")) | Q(merged_into__isnull=True),
                name="registry_organisation_not_merged_into_self",
            ),
        ]
        indexes = [
            models.Index(fields=["sharing", "owner_agency"], name="registry_org_sharing"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationName(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", _("Alias")
        ROMANIZATION = "romanization", _("Romanization")
        FORMER = "former", _("Former name")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(_("name as written"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    script = models.CharField(_("script"), max_length=10)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["organisation", "position", "id"]
        verbose_name = _("organisation name")
        verbose_name_plural = _("organisation names")

    def __str__(self) -> str:
        return self.text


class RegistrationNumber(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="registrations"
    )
    # normalized like identity documents: upper-case letters and digits only
    number = models.CharField(_("registration number"), max_length=60)
    number_as_written = models.CharField(_("number as written"), max_length=80, blank=True)
    country = models.ForeignKey(
        "agencies.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )

    class Meta:
        ordering = ["organisation", "id"]
        indexes = [models.Index(fields=["number"], name="registry_registration_number")]
        verbose_name = _("registration number")
        verbose_name_plural = _("registration numbers")

    def __str__(self) -> str:
        return self.number_as_written or self.number


class OrganisationOfficer(models.Model):
    """A person holding a position in an organisation (director, owner, ...)."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        OWNER = "owner", _("Owner")
        SHAREHOLDER = "shareholder", _("Shareholder")
        MANAGER = "manager", _("Manager")
        REPRESENTATIVE = "representative", _("Legal representative")
        OTHER = "other", _("Other position")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="officers"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="positions"
    )
    role = models.CharField(_("position"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organisation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "role"], name="registry_officer_unique"
            )
        ]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self) -> str:
        return f"{self.person_id} {self.role}"


class Vehicle(SharedRecord):
    class Kind(models.TextChoices):
        CAR = "car", _("Car")
        TRUCK = "truck", _("Truck")
        MOTORCYCLE = "motorcycle", _("Motorcycle")
        BUS = "bus", _("Bus")
        BOAT = "boat", _("Boat")
        OTHER = "other", _("Other vehicle")

    # normalized: letters and digits of any script, upper-cased (services_records)
    plate = models.CharField(_("plate"), max_length=40)
    plate_as_written = models.CharField(_("plate as written"), max_length=60)
    country = models.ForeignKey(
        "agencies.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country of registration"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["plate", "id"]
        indexes = [
            models.Index(fields=["plate"], name="registry_vehicle_plate"),
            models.Index(fields=["sharing", "owner_agency"], name="registry_vehicle_sharing"),
        ]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self) -> str:
        return self.plate_as_written


class Phone(SharedRecord):
    # normalized: "+" and digits with the country calling code when it is known
    number = models.CharField(_("number"), max_length=20)
    number_as_written = models.CharField(_("number as written"), max_length=60)
    country = models.ForeignKey(
        "agencies.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )

    class Meta:
        ordering = ["number", "id"]
        indexes = [
            models.Index(fields=["number"], name="registry_phone_number"),
            models.Index(fields=["sharing", "owner_agency"], name="registry_phone_sharing"),
        ]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number_as_written


class Location(SharedRecord):
    class Kind(models.TextChoices):
        HOTSPOT = "hotspot", _("Drug hotspot")
        BORDER_GATE = "border_gate", _("Border gate")
        OTHER = "other", _("Other place")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    area = models.ForeignKey(
        "agencies.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_locations",
        verbose_name=_("area"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="registry_location_coordinates",
            ),
        ]
        indexes = [
            models.Index(fields=["sharing", "owner_agency"], name="registry_location_sharing"),
        ]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({field: _("Give both latitude and longitude, or neither.")})


# The record types a relationship may join, by the suffix of its from_/to_ fields.
# Explicit foreign keys (not a generic relation) keep referential integrity and let
# visibility be one query: each end must be visible through its own model.
RELATIONSHIP_ENDS: dict[str, str] = {
    "person": "Person",
    "organisation": "Organisation",
    "vehicle": "Vehicle",
    "phone": "Phone",
    "location": "Location",
}


def _visible_ids(model_name: str, user) -> models.QuerySet:
    return apps.get_model("registry", model_name).objects.visible_to(user).values("pk")


class RelationshipQuerySet(RecordQuerySet):
    def visible_to(self, user):
        """The relationship's own sharing allows it and both its ends are visible."""
        queryset = super().visible_to(user)
        if get_scope(user).sees_everything:
            return queryset
        for side in ("from", "to"):
            ends = [
                Q(**{f"{side}_{suffix}__in": _visible_ids(model_name, user)})
                for suffix, model_name in RELATIONSHIP_ENDS.items()
            ]
            queryset = queryset.filter(reduce(operator.or_, ends))
        return queryset

    def involving(self, record: models.Model):
        """Relationships from or to `record` (a person, organisation, vehicle, phone or
        location: its model name is the suffix of the end fields)."""
        suffix = record._meta.model_name
        return self.filter(Q(**{f"from_{suffix}": record}) | Q(**{f"to_{suffix}": record}))


def _exactly_one(side: str) -> Q:
    """Exactly one of the side's foreign keys is set."""
    names = [f"{side}_{suffix}" for suffix in RELATIONSHIP_ENDS]
    return reduce(
        operator.or_,
        (Q(**{f"{n}__isnull": n != chosen for n in names}) for chosen in names),
    )


class Relationship(SharedRecord):
    class Kind(models.TextChoices):
        MEMBER_OF = "member_of", _("Member of ring")
        LEADS = "leads", _("Leads")
        ASSOCIATE = "associate", _("Associate")
        FAMILY = "family", _("Family")
        OWNS = "owns", _("Owns")
        USES = "uses", _("Uses")
        LOCATED_AT = "located_at", _("Located at")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # exactly one `from_*` and one `to_*` is set (constraints below)
    from_person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relationships_from",
    )
    from_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relationships_from",
    )
    from_vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships_from"
    )
    from_phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships_from"
    )
    from_location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships_from"
    )
    to_person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relationships_to",
    )
    to_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relationships_to",
    )
    to_vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships_to"
    )
    to_phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships_to"
    )
    to_location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships_to"
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one("from"), name="registry_rel_one_from"),
            models.CheckConstraint(condition=_exactly_one("to"), name="registry_rel_one_to"),
            models.CheckConstraint(
                condition=Q(date_from__isnull=True)
                | Q(date_to__isnull=True)
                | Q(date_from__lte=models.F("date_to")),
                name="registry_rel_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["sharing", "owner_agency"], name="registry_rel_sharing"),
        ]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")

    def __str__(self) -> str:
        return f"{self.source_end} {self.get_kind_display()} {self.target_end}"

    def end(self, side: str) -> models.Model | None:
        for suffix in RELATIONSHIP_ENDS:
            if getattr(self, f"{side}_{suffix}_id") is not None:
                return getattr(self, f"{side}_{suffix}")
        return None

    @property
    def source_end(self) -> models.Model | None:
        return self.end("from")

    @property
    def target_end(self) -> models.Model | None:
        return self.end("to")
