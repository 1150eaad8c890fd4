"""Cross-agency hits: a screening (or a new person) met a person of another agency.

Both owners are told (services_hits): the agency that screened and the agency holding
the record. A hit on a record the screening agency cannot see (a discoverable one)
names the record only to its owner; the screening agency learns only who holds it.
Re-screening the same person from the same agency updates the hit instead of adding
another, so owners are not flooded. Re-exported by models.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.access import get_scope


class HitQuerySet(models.QuerySet):
    def visible_to(self, user) -> HitQuerySet:
        """Hits concerning the user's agency or its sub-units, on either side."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self
        own = scope.own_subtree
        return self.filter(Q(screening_agency_id__in=own) | Q(owner_agency_id__in=own))


class Hit(models.Model):
    class Source(models.TextChoices):
        SCREENING = "screening", _("Screening")
        PERSON_CREATE = "person_create", _("New person")

    class Decision(models.TextChoices):
        MATCH = "match", _("Match")
        POSSIBLE = "possible", _("Possible match")

    screening_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("screening agency"),
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("screened by"),
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="hits", verbose_name=_("person")
    )
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner agency"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    # the screening agency could not see the record: it only learns who holds it
    hidden = models.BooleanField(_("hidden from the screening agency"), default=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    query_names = models.JSONField(_("names screened"), default=list)
    query_ref = models.CharField(_("screening reference"), max_length=100, blank=True)
    times = models.PositiveIntegerField(_("times"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now=True)

    objects = HitQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening_agency", "person"], name="registry_hit_agency_person_unique"
            )
        ]
        indexes = [
            models.Index(fields=["owner_agency", "-last_seen_at"], name="registry_hit_owner"),
            models.Index(
                fields=["screening_agency", "-last_seen_at"], name="registry_hit_screener"
            ),
        ]
        verbose_name = _("hit")
        verbose_name_plural = _("hits")

    def __str__(self) -> str:
        return f"{self.screening_agency_id} → {self.person_id} ({self.decision})"
