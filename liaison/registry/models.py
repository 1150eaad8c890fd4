"""Registry records: persons, their names (with matching keys) and identity documents.

The matching engine (`registry/matching/`) is pure; this module stores what it derives:
each name's keys beside the name (`PersonName.keys`) and every blocking key of a person
in `NameKey`, indexed, so screening looks keys up instead of scanning the registry.
Persons merged into another drop out of `NameKey` (see services.person_merge).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.access import SharedQuerySet
from liaison.core.sharing import HandlingCode, SharingLevel


class PersonQuerySet(SharedQuerySet):
    def live(self) -> PersonQuerySet:
        """Persons not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")
        UNKNOWN = "", _("Unknown")

    class Precision(models.TextChoices):
        YEAR = "year", _("Year only")
        MONTH = "month", _("Year and month")
        DAY = "day", _("Full date")

    owner_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("owner agency"),
    )
    ref = models.CharField(_("reference"), max_length=100)
    sharing = models.CharField(
        _("sharing level"),
        max_length=20,
        choices=SharingLevel.choices,
        default=SharingLevel.AGENCY,
    )
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    discoverable = models.BooleanField(
        _("discoverable"),
        default=False,
        help_text=_(
            "Screenings by agencies that cannot see this record learn only that your "
            "agency holds a possible match."
        ),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    # A partial date is stored as a full date with the unknown parts set to 1.
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("birth date precision"), max_length=5, choices=Precision.choices, blank=True
    )
    nationalities = models.ManyToManyField(
        "agencies.Country", blank=True, related_name="+", verbose_name=_("nationalities")
    )
    is_subject = models.BooleanField(_("subject"), default=False)
    is_key_subject = models.BooleanField(_("key subject"), default=False)
    is_ringleader = models.BooleanField(_("ringleader"), default=False)
    is_wanted = models.BooleanField(_("wanted"), default=False)
    wanting_agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wanting agency"),
    )
    warrant_ref = models.CharField(_("warrant reference"), max_length=100, blank=True)
    is_arrested = models.BooleanField(_("arrested"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_persons",
        verbose_name=_("merged into"),
    )
    merge_reason = models.TextField(_("merge reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    STATUS_FLAGS = ("subject", "key_subject", "ringleader", "wanted", "arrested")

    class Meta:
        ordering = ["owner_agency", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_agency", "ref"], name="registry_person_owner_ref_unique"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")) | Q(merged_into__isnull=True),
                name="registry_person_not_merged_into_self",
            ),
        ]
        indexes = [
            models.Index(fields=["sharing", "owner_agency"], name="registry_person_sharing"),
            models.Index(fields=["discoverable"], name="registry_person_discoverable"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        primary = next((n.text for n in self.names.all() if n.kind == PersonName.Kind.PRIMARY), "")
        return primary or self.ref

    @property
    def birth_date_text(self) -> str:
        """The birth date at its precision: YYYY, YYYY-MM or YYYY-MM-DD."""
        if not self.birth_date:
            return ""
        if self.birth_date_precision == self.Precision.YEAR:
            return f"{self.birth_date.year:04d}"
        if self.birth_date_precision == self.Precision.MONTH:
            return f"{self.birth_date.year:04d}-{self.birth_date.month:02d}"
        return self.birth_date.isoformat()

    @property
    def status(self) -> list[str]:
        return [flag for flag in self.STATUS_FLAGS if getattr(self, f"is_{flag}")]


class PersonName(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary name")
        ALIAS = "alias", _("Alias")
        ROMANIZATION = "romanization", _("Romanization")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(_("name as written"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    script = models.CharField(_("script"), max_length=10)
    # NameKeys.to_dict(): per word the folded, romanized and phonetic forms
    keys = models.JSONField(default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["person", "position", "id"]
        verbose_name = _("name")
        verbose_name_plural = _("names")

    def __str__(self) -> str:
        return self.text


class NameKey(models.Model):
    """One blocking key of a live person (`matching.record_keys`): word skeletons,
    year-narrowed skeletons, one-deletion variants and document numbers."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="registry_namekey_unique")
        ]
        # `person` is indexed as a foreign key already (a second index on it only slowed
        # every insert down)

    def __str__(self) -> str:
        return self.key


class NameKeySize(models.Model):
    """How many live persons carry a key: the length of its `NameKey` posting list,
    kept in step by every write of keys (`keysizes.adjust`). Screening reads key sizes
    and word frequencies here instead of counting postings ("nguyen" has hundreds of
    thousands in a large registry)."""

    key = models.CharField(max_length=120, primary_key=True)
    persons = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.persons}"


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(_("document type"), max_length=40)
    # normalized: upper-case letters and digits only (matching.normalize_document_number)
    number = models.CharField(_("document number"), max_length=60)
    number_as_written = models.CharField(_("number as written"), max_length=80, blank=True)
    country = models.ForeignKey(
        "agencies.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issuing country"),
    )

    class Meta:
        ordering = ["person", "id"]
        indexes = [models.Index(fields=["number", "type"], name="registry_document_number")]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.type} {self.number}"


# The other records live in their own module; importing them here registers them with
# the registry app and keeps `from liaison.registry.models import ...` working for all.
from liaison.registry.models_hits import Hit  # noqa: E402
from liaison.registry.models_records import (  # noqa: E402
    RELATIONSHIP_ENDS,
    Location,
    Organisation,
    OrganisationName,
    OrganisationOfficer,
    Phone,
    RecordQuerySet,
    RegistrationNumber,
    Relationship,
    Vehicle,
)

__all__ = [
    "RELATIONSHIP_ENDS",
    "Hit",
    "IdentityDocument",
    "Location",
    "NameKey",
    "NameKeySize",
    "Organisation",
    "OrganisationName",
    "OrganisationOfficer",
    "Person",
    "PersonName",
    "Phone",
    "RecordQuerySet",
    "RegistrationNumber",
    "Relationship",
    "Vehicle",
]
