"""Joint cases (chuyên án chung): participants, linked persons, timeline and tasks.

A case is known only to its participants and to their chain of command upward in their
own country; everyone else gets 404 (see `JointCaseQuerySet.visible_to`). Incidents of
the seizure ledger point at a case (`seizures.Incident.case`); messages link to a case
through the exchange's generic `MessageLink`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import get_scope
from liaison.core.sharing import HandlingCode


class CaseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ESTABLISHED = "established", _("Established")
    ACTIVE = "active", _("Active")
    EXPANDED = "expanded", _("Expanded")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class JointCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> JointCaseQuerySet:
        """Cases with a participant in the viewer's agency or below it."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        participating = CaseParticipant.objects.filter(
            case=OuterRef("pk"), agency_id__in=scope.own_subtree
        )
        return self.filter(Exists(participating))

    def ids_visible_to(self, user):
        """A subquery of visible case ids (for other apps' visibility rules)."""
        return self.visible_to(user).values("pk")


class JointCase(models.Model):
    code = models.CharField(_("case code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("establishing agency"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The ring targeted, as the officers name it, and its registry record where known.
    target_ring = models.CharField(_("targeted ring"), max_length=300, blank=True)
    target_organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targeted_by_cases",
        verbose_name=_("targeted organisation"),
    )
    summary = models.TextField(_("summary"), blank=True)
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JointCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-established_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["lead_agency", "code"], name="case_code_per_lead"),
        ]
        indexes = [
            models.Index(fields=["code"], name="case_code"),
            models.Index(fields=["status"], name="case_status"),
        ]
        verbose_name = _("joint case")
        verbose_name_plural = _("joint cases")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class CaseParticipant(models.Model):
    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="case_participations",
        verbose_name=_("agency"),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="case_participant_unique"),
        ]
        indexes = [models.Index(fields=["agency", "case"], name="case_participant_agency")]
        verbose_name = _("participating agency")
        verbose_name_plural = _("participating agencies")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.agency_id}"


class SubjectRole(models.TextChoices):
    RINGLEADER = "ringleader", _("Ringleader")
    ORGANISER = "organiser", _("Organiser")
    FINANCIER = "financier", _("Financier")
    SUPPLIER = "supplier", _("Supplier")
    COURIER = "courier", _("Courier")
    BUYER = "buyer", _("Buyer")
    MEMBER = "member", _("Member of the ring")
    FRONT = "front", _("Front company")
    OTHER = "other", _("Other role")


class CasePerson(models.Model):
    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="case_links",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=SubjectRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_person_unique"),
        ]
        indexes = [models.Index(fields=["person"], name="case_person_person")]
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in cases")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.person_id} ({self.role})"


class CaseOrganisation(models.Model):
    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="case_links",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=SubjectRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"], name="case_organisation_unique"
            ),
        ]
        verbose_name = _("organisation in a case")
        verbose_name_plural = _("organisations in cases")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.organisation_id} ({self.role})"


class EventKind(models.TextChoices):
    SURVEILLANCE = "surveillance", _("Surveillance")
    ARREST = "arrest", _("Arrest")
    SEARCH = "search", _("Search")
    SEIZURE = "seizure", _("Seizure")
    EXPANSION = "expansion", _("Expansion of the case")
    HANDOVER = "handover", _("Extradition or hand-over")
    DECISION = "decision", _("Decision")
    STATUS = "status", _("Change of status")
    NOTE = "note", _("Note")


class CaseEvent(models.Model):
    """One entry of the case timeline. Expansions split the case into phases."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    description = models.TextField(_("description"), blank=True)
    # For status changes: the status the case moved to.
    new_status = models.CharField(
        _("new status"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["case", "occurred_on"], name="case_event_when")]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class CaseTask(models.Model):
    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="tasks")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="case_tasks",
        verbose_name=_("assigned agency"),
    )
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["case", "status"], name="case_task_status"),
            models.Index(fields=["agency", "status", "due_on"], name="case_task_agency"),
        ]
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date."""
        return bool(
            self.due_on and self.due_on < timezone.localdate() and self.status in OPEN_TASK_STATUSES
        )


__all__ = [
    "OPEN_TASK_STATUSES",
    "CaseEvent",
    "CaseOrganisation",
    "CaseParticipant",
    "CasePerson",
    "CaseStatus",
    "CaseTask",
    "EventKind",
    "JointCase",
    "SubjectRole",
    "TaskStatus",
]
