"""Cooperation (hợp tác): agreements and their commitments, joint activities, conferences,
and the review reports generated from live data.

Everything here belongs to a partnership and is known only to the parties of that
partnership, to the agencies above a party (its chain of command) and to the units below
it that carry the work out; everyone else gets 404 (see `CooperationQuerySet`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import get_scope
from liaison.core.uploads import private_upload_path


def partnership_scope_q(user) -> Q | None:
    """The partnerships whose cooperation records the user may see, as a filter on
    their `parties`; None means everything (platform admin)."""
    scope = get_scope(user)
    if scope.sees_everything:
        return None
    if scope.agency_id is None:
        return Q(pk__in=[])
    # a party, an agency above a party, or a unit below a party
    reach = scope.own_subtree | scope.chain_up
    return Q(parties__in=reach)


class CooperationQuerySet(models.QuerySet):
    """Records reached through a partnership (`partnership_path` names the way there)."""

    partnership_path = "partnership"

    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        from liaison.agencies.models import Partnership

        q = partnership_scope_q(user)
        if q is None:
            return self.all()
        visible = Partnership.objects.filter(q).values("pk")
        return self.filter(**{f"{self.partnership_path}__in": visible})


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    MINUTES = "minutes", _("Cooperation minutes")
    PLAN = "plan", _("Plan")
    OTHER = "other", _("Other")


class Agreement(models.Model):
    partnership = models.ForeignKey(
        "agencies.Partnership",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=400)
    parties = models.ManyToManyField(
        "agencies.Agency", related_name="agreements", verbose_name=_("parties")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    conference = models.ForeignKey(
        "Conference",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements_signed",
        verbose_name=_("signed at the conference"),
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
        verbose_name=_("follows the agreement"),
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["partnership", "signed_on"], name="agreement_partnership"),
            models.Index(fields=["valid_from", "valid_to"], name="agreement_validity"),
        ]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def in_force_during(self, date_from, date_to) -> bool:
        """Valid for at least one day of the period (open ends count as in force)."""
        start = self.valid_from or self.signed_on
        if start and start > date_to:
            return False
        return not (self.valid_to and self.valid_to < date_from)


def _agreement_text_path(instance: AgreementText, filename: str) -> str:
    return private_upload_path("cooperation", filename)


class AgreementTextQuerySet(CooperationQuerySet):
    partnership_path = "agreement__partnership"


class AgreementText(models.Model):
    """The signed text in one party's language, kept in private storage."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=_agreement_text_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AgreementTextQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "language", "id"]
        verbose_name = _("signed text")
        verbose_name_plural = _("signed texts")

    def __str__(self) -> str:
        return self.original_name


class ActivityKind(models.TextChoices):
    AWARENESS = "awareness", _("Awareness session")
    PATROL = "patrol", _("Joint patrol")
    DELEGATION = "delegation", _("Delegation exchange")
    TRAINING = "training", _("Training course")
    SURVEY = "survey", _("Border-area survey")
    CAMPAIGN = "campaign", _("Peak campaign")
    EXPERIENCE = "experience", _("Experience exchange")
    HANDOVER = "handover", _("Hand-over of persons")
    OTHER = "other", _("Other")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")
    DROPPED = "dropped", _("Dropped")


class CommitmentQuerySet(CooperationQuerySet):
    partnership_path = "agreement__partnership"


class Commitment(models.Model):
    """One numbered item of an agreement. Its status is computed from the activities
    linked to it (`status.py`) unless overridden, and an override carries its reason."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    number = models.CharField(_("item"), max_length=20)
    position = models.PositiveIntegerField(default=0, editable=False)
    content = models.TextField(_("content"))
    responsible = models.ManyToManyField(
        "agencies.Agency", related_name="commitments", verbose_name=_("responsible agencies")
    )
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    # how many activities of the indicator make it done (e.g. 2 awareness conferences)
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    activity_kind = models.CharField(
        _("kind of activity counted"), max_length=30, blank=True, choices=ActivityKind.choices
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status_override = models.CharField(
        _("status set by hand"), max_length=20, choices=CommitmentStatus.choices, blank=True
    )
    override_reason = models.TextField(_("reason for setting the status by hand"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="commitment_number"),
            models.CheckConstraint(
                condition=Q(status_override="") | ~Q(override_reason=""),
                name="commitment_override_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="commitment_due")]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"


class Activity(models.Model):
    partnership = models.ForeignKey(
        "agencies.Partnership",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    area = models.ForeignKey(
        "agencies.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province or district"),
    )
    organiser = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="organised_activities",
        verbose_name=_("organising agency"),
    )
    participating = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="activities",
        verbose_name=_("participating agencies"),
    )
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    commitments = models.ManyToManyField(
        Commitment,
        blank=True,
        related_name="activities",
        verbose_name=_("commitments fulfilled"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["partnership", "starts_on"], name="activity_partnership"),
            models.Index(fields=["kind", "starts_on"], name="activity_kind"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


def _activity_file_path(instance: ActivityDocument, filename: str) -> str:
    return private_upload_path("cooperation", filename)


class ActivityDocumentQuerySet(CooperationQuerySet):
    partnership_path = "activity__partnership"


class ActivityDocument(models.Model):
    """A photo or document of an activity, in private storage."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=_activity_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActivityDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")

    def __str__(self) -> str:
        return self.caption or self.original_name


class ConferenceKind(models.TextChoices):
    SIX_MONTH = "six_month", _("Six-month review conference")
    ANNUAL = "annual", _("Annual review conference")
    MINISTERIAL = "ministerial", _("Ministerial conference")
    TRILATERAL = "trilateral", _("Trilateral conference")
    BLO = "blo", _("Periodic BLO meeting")


class Conference(models.Model):
    partnership = models.ForeignKey(
        "agencies.Partnership",
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConferenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
        verbose_name=_("host agency"),
    )
    # the period the conference reviews (prefills its review report)
    reviews_from = models.DateField(_("reviews the period from"), null=True, blank=True)
    reviews_to = models.DateField(_("reviews the period to"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["partnership", "starts_on"], name="conference_partnership"),
            models.Index(fields=["starts_on"], name="conference_date"),
        ]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def __str__(self) -> str:
        return self.title


class DelegationQuerySet(CooperationQuerySet):
    partnership_path = "conference__partnership"


class Delegation(models.Model):
    """An agency's delegation to a conference. Heads and members are public officials
    acting in their office, so they may be named."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegations")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    head_name = models.CharField(_("head of delegation"), max_length=200, blank=True)
    head_title = models.CharField(_("head's position"), max_length=300, blank=True)
    members = models.TextField(_("members (one per line)"), blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "agency"], name="delegation_unique"),
        ]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return f"{self.agency} — {self.head_name}"


class ReportFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def _report_path(instance: ReviewReport, filename: str) -> str:
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.format}"


class ReviewReport(models.Model):
    """A review report generated in the background; the file appears only once it is
    complete (written aside, then moved into place), or the job fails with its reason."""

    partnership = models.ForeignKey(
        "agencies.Partnership",
        on_delete=models.PROTECT,
        related_name="review_reports",
        verbose_name=_("partnership"),
    )
    conference = models.ForeignKey(
        Conference,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("conference"),
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    # section 6 as the officers wrote it in the form (prefilled when left empty)
    assessment = models.TextField(_("assessment and proposals"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    file = models.FileField(upload_to=_report_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")), name="report_period_order"
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="report_partnership"),
            models.Index(fields=["status"], name="report_status"),
        ]
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")

    def __str__(self) -> str:
        return (
            f"{self.partnership} {self.date_from}–{self.date_to} ({self.language}, {self.format})"
        )

    @property
    def filename(self) -> str:
        code = self.partnership.code if self.partnership_id else "report"
        period = f"{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}"
        return f"review-{code}-{period}-{self.language}.{self.format}"
