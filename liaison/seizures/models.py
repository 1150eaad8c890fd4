"""The seizure and arrest ledger: incidents, the items seized and the persons arrested.

An incident is owned by its recording agency and shared at a sharing level like any
registry record; participants of the joint case it belongs to see it too. Quantities
keep the unit as recorded, beside a normalized kg and the conversion used
(`seizures/units.py`, pure). Corrections are audited with before/after values;
deletion is a cancellation with a reason (`cancelled_at`), never a DELETE.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.access import get_scope, sharing_q
from liaison.core.sharing import HandlingCode, SharingLevel


class DrugType(models.TextChoices):
    """Aligned with the UNODC drug groups used in the IDS and ARQ."""

    HEROIN = "heroin", _("Heroin")
    OPIUM = "opium", _("Opium")
    METH_CRYSTAL = "meth_crystal", _("Methamphetamine (crystal)")
    METH_TABLETS = "meth_tablets", _("Methamphetamine (tablets)")
    AMPHETAMINE = "amphetamine", _("Amphetamine")
    MDMA = "mdma", _("MDMA (ecstasy)")
    KETAMINE = "ketamine", _("Ketamine")
    CANNABIS_HERB = "cannabis_herb", _("Cannabis herb")
    CANNABIS_RESIN = "cannabis_resin", _("Cannabis resin")
    CANNABIS_PLANTS = "cannabis_plants", _("Cannabis plants")
    COCAINE = "cocaine", _("Cocaine")
    NPS = "nps", _("New psychoactive substances")
    PRECURSORS = "precursors", _("Precursor chemicals")


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    G = "g", _("g")
    TABLETS = "tablets", _("tablets")
    LITRES = "litres", _("litres")
    PLANTS = "plants", _("plants")


class Modus(models.TextChoices):
    LAND = "land", _("Land")
    RIVER = "river", _("River")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air")
    POST = "post", _("Post or courier")
    INTERNET = "internet", _("Internet")


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user) -> IncidentQuerySet:
        """Shared like registry records, plus the incidents of cases the user takes part in."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        from liaison.cases.models import JointCase

        return self.filter(
            sharing_q(scope, owner="agency", level="sharing")
            | Q(case__in=JointCase.objects.ids_visible_to(user))
        )

    def live(self) -> IncidentQuerySet:
        return self.filter(cancelled_at__isnull=True)


# Columns the map reads besides the date, id and agency (see Incident.Meta.indexes).
_MAP_COLUMNS = [
    "cancelled_at",
    "sharing",
    "case",
    "province",
    "latitude",
    "longitude",
    "seized_kg",
]


class Incident(models.Model):
    ref = models.CharField(_("reference"), max_length=100)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("recording agency"),
    )
    sharing = models.CharField(
        _("sharing level"),
        max_length=20,
        choices=SharingLevel.choices,
        default=SharingLevel.NATIONAL,
    )
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    occurred_on = models.DateField(_("date"))
    country = models.ForeignKey(
        "agencies.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    province = models.ForeignKey(
        "agencies.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        "agencies.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    place = models.CharField(_("place of seizure"), max_length=300, blank=True)
    border_gate = models.ForeignKey(
        "registry.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("border gate"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    modus = models.CharField(_("modus"), max_length=20, choices=Modus.choices)
    # Route as ISO alpha-2 codes of any country (Myanmar, Thailand, China... included).
    origin = models.CharField(_("origin country"), max_length=2, blank=True)
    transit = models.CharField(
        _("transit countries"), max_length=60, blank=True, help_text=_("Separated by ';'.")
    )
    destination = models.CharField(_("destination country"), max_length=2, blank=True)
    case = models.ForeignKey(
        "cases.JointCase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("joint case"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Denormalized from the arrests so ledger lists and statistics need no join.
    arrested_count = models.PositiveIntegerField(_("persons arrested"), default=0)
    # Sum of the items' normalized kg (items without a mass conversion count 0), kept by
    # the services so the map and lists aggregate incidents without joining the items.
    seized_kg = models.DecimalField(
        _("seized kg"), max_digits=18, decimal_places=6, default=0, db_default=0
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "ref"], name="incident_ref_per_agency"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="incident_coordinates_valid",
            ),
        ]
        indexes = [
            # Both date indexes cover what the map reads (selectors_map: place, amount,
            # scope and case columns), so a date range of incidents is grouped by
            # province and grid cell without reading the (wide) rows: by date for the
            # whole ledger, by agency then date when the scope narrows the agencies.
            models.Index(
                fields=["occurred_on", "id", "agency", *_MAP_COLUMNS], name="incident_date"
            ),
            models.Index(
                fields=["agency", "occurred_on", *_MAP_COLUMNS], name="incident_agency_date"
            ),
            models.Index(fields=["province", "occurred_on"], name="incident_province_date"),
            models.Index(fields=["case"], name="incident_case"),
        ]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.ref

    @property
    def transit_list(self) -> list[str]:
        return [code for code in self.transit.split(";") if code]

    @property
    def route(self) -> str:
        """The route as 'MM → LA → VN' (empty parts left out)."""
        parts = [self.origin, *self.transit_list, self.destination]
        return " → ".join(p for p in parts if p)


class SeizedItem(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="items")
    drug = models.CharField(_("drug type"), max_length=20, choices=DrugType.choices)
    # For precursors (by chemical) and NPS: the substance as recorded.
    substance = models.CharField(_("substance"), max_length=120, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    # Null when the unit has no mass conversion (e.g. cannabis plants without a setting).
    kg = models.DecimalField(
        _("normalized kg"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    conversion = models.CharField(_("conversion used"), max_length=120, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["drug", "incident"], name="seized_item_drug")]
        verbose_name = _("seized item")
        verbose_name_plural = _("seized items")

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.drug}"


class Arrest(models.Model):
    """Persons arrested: one registry person, or a count of unnamed persons."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="arrests")
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arrests",
        verbose_name=_("person"),
    )
    nationality = models.CharField(_("nationality"), max_length=2)
    count = models.PositiveIntegerField(_("number of persons"), default=1)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(count=1), name="arrest_person_counts_one"
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="arrest_count_positive"),
        ]
        indexes = [models.Index(fields=["person"], name="arrest_person")]
        verbose_name = _("arrest")
        verbose_name_plural = _("arrests")

    def __str__(self) -> str:
        return f"{self.count} × {self.nationality}"


class DrugConversion(models.Model):
    """Mass of one unit of a drug (e.g. one methamphetamine tablet = 0.0001 kg)."""

    drug = models.CharField(_("drug type"), max_length=20, choices=DrugType.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    kg_per_unit = models.DecimalField(_("kg per unit"), max_digits=12, decimal_places=9)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["drug", "unit"], name="drug_conversion_unique"),
            models.CheckConstraint(condition=Q(kg_per_unit__gt=0), name="drug_conversion_positive"),
        ]
        verbose_name = _("drug conversion")
        verbose_name_plural = _("drug conversions")

    def __str__(self) -> str:
        return f"1 {self.unit} {self.drug} = {self.kg_per_unit} kg"


from liaison.seizures.models_rollup import (  # noqa: E402, F401
    RollupIncident,
    RollupItem,
    RollupItemQuarter,
    RollupNationality,
)
