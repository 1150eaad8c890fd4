"""Sharing levels, handling codes and source/information grading (DESIGN.md)."""

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


# Source and information grading of intelligence (the 4×4 system): messages, records.
class SourceGrade(models.TextChoices):
    A = "A", _("A — reliable")
    B = "B", _("B — mostly reliable")
    C = "C", _("C — not reliable")
    X = "X", _("X — cannot be assessed")


class InfoGrade(models.TextChoices):
    KNOWN = "1", _("1 — known to be true without reservation")
    KNOWN_TO_SOURCE = "2", _("2 — known personally to the source")
    NOT_KNOWN = "3", _("3 — not known personally to the source, corroborated")
    UNCERTAIN = "4", _("4 — cannot be assessed")
