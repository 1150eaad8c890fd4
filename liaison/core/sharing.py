"""Sharing levels and handling codes carried by every shared record (DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SharingLevel(models.TextChoices):
    AGENCY = "agency", _("Agency and its chain of command")
    NATIONAL = "national", _("National")
    PARTNERS = "partners", _("Partner agencies")
    NETWORK = "network", _("Whole network")


class HandlingCode(models.TextChoices):
    H0 = "H0", _("H0 — law-enforcement use only")
    H1 = "H1", _("H1 — not to be used in court without the provider's consent")
    H2 = "H2", _("H2 — no onward transmission without consent")
    H3 = "H3", _("H3 — other conditions")
