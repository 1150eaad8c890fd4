"""Countries, areas, agencies, partnerships, users and hotline contact points."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.access import get_scope
from liaison.core.languages import Language


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_local = models.CharField(_("name in the national language"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name_local or self.name


class AreaQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Area(models.Model):
    """A province or district, with the dates it existed and what replaced it."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        MUNICIPALITY = "municipality", _("Centrally governed city")
        DISTRICT = "district", _("District")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="areas")
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("romanized name"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    borders = models.ManyToManyField(
        Country, blank=True, related_name="border_areas", verbose_name=_("borders")
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["country", "kind", "name"]
        indexes = [models.Index(fields=["country", "kind"], name="area_country_kind")]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.country_id != self.country_id:
            raise ValidationError({"parent": _("The parent area must be in the same country.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})


class AgencyQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgencyQuerySet:
        """Own country's agencies and the partner agencies (with their sub-units)."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        # country filter + the (short) partner list: far fewer SQL parameters than ids
        return self.filter(Q(country_id=scope.country) | Q(pk__in=scope.partner_subtree))


class Agency(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
        DISTRICT_POLICE = "district_police", _("District police")
        BORDER_GUARD = "border_guard", _("Border guard")
        BORDER_POST = "border_post", _("Border post")
        BLO = "blo", _("Border liaison office")
        CUSTOMS = "customs", _("Customs")
        DRUG_CONTROL_COMMITTEE = "drug_control_committee", _("Drug-control committee")
        PEOPLES_COMMITTEE = "peoples_committee", _("People's committee")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCIAL = "provincial", _("Provincial")
        DISTRICT = "district", _("District")
        BORDER = "border", _("Border post / BLO")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("hotline level"), max_length=20, choices=Level.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("country")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("area"),
    )
    require_totp = models.BooleanField(
        _("second factor required"),
        default=False,
        help_text=_("Users of this agency must use a one-time code from an app to log in."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["country", "name"]
        indexes = [
            models.Index(fields=["country", "level"], name="agency_country_level"),
            models.Index(fields=["parent"], name="agency_parent"),
        ]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> list[Agency]:
        """The chain of command above this agency, top first."""
        chain: list[Agency] = []
        node = self.parent
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.parent_id:
            parent = self.parent
            if parent.country_id != self.country_id:
                errors["parent"] = _("The parent agency must be in the same country as the agency.")
            elif self.pk:
                node, seen = parent, set()
                while node is not None and node.pk not in seen:
                    if node.pk == self.pk:
                        errors["parent"] = _(
                            "An agency cannot be placed under itself or one of its sub-units."
                        )
                        break
                    seen.add(node.pk)
                    node = node.parent
        if self.area_id and self.area.country_id != self.country_id:
            errors["area"] = _("The area must be in the agency's country.")
        if errors:
            raise ValidationError(errors)


class HotlineContact(models.Model):
    """A way to reach an agency's hotline or liaison desk."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telephone")
        MOBILE = "mobile", _("Mobile")
        FAX = "fax", _("Fax")
        EMAIL = "email", _("E-mail")
        RADIO = "radio", _("Radio")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    value = models.CharField(_("number or address"), max_length=200)
    label = models.CharField(_("label"), max_length=200, blank=True)
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)

    class Meta:
        ordering = ["agency", "channel", "id"]
        verbose_name = _("hotline contact point")
        verbose_name_plural = _("hotline contact points")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.value}"


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> PartnershipQuerySet:
        """Partnerships one of whose parties is the user's agency or above it,
        or (for national oversight) any partnership of the user's country."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        return self.filter(parties__country_id=scope.country).distinct()


class Partnership(models.Model):
    class Kind(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral")
        TRILATERAL = "trilateral", _("Trilateral")
        MINISTERIAL = "ministerial", _("Ministerial")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parties = models.ManyToManyField(Agency, related_name="partnerships", verbose_name=_("parties"))
    since = models.DateField(_("since"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    AUDITOR = "auditor", _("Auditor")


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        """Users of the agencies the viewer may see in the directory."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = get_scope(user)
        if scope.sees_everything:
            return self.all()
        if scope.agency_id is None:
            return self.none()
        return self.filter(
            Q(agency__country_id=scope.country) | Q(agency_id__in=scope.partner_subtree)
        )

    def administered_by(self, user) -> UserQuerySet:
        """Users an agency administrator manages: own agency and its sub-units."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if not user.has_role(Role.AGENCY_ADMIN):
            return self.none()
        return self.filter(agency_id__in=get_scope(user).own_subtree)


class LiaisonUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    Language = Language

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", verbose_name=_("agency")
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.VI
    )
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_counter = models.BigIntegerField(default=0, editable=False)

    objects = LiaisonUserManager()
    REQUIRED_FIELDS = ["email", "agency"]

    class Meta:
        ordering = ["agency", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_confirmed_at)

    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_set", None)
        if cached is None:
            cached = frozenset(r.role for r in self.role_assignments.all())
            self._role_set = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    def role_labels(self) -> list[str]:
        return [str(label) for value, label in Role.choices if value in self.role_set]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="user_role_unique"),
        ]
        indexes = [models.Index(fields=["role", "user"], name="userrole_role_user")]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.get_role_display()
