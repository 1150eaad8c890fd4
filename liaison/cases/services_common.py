"""What every write of a joint case checks first: the writer, dates and participants.

Shared by `services` (the case and its participants), `services_tasks` (timeline and
tasks) and `services_links` (linked persons, organisations and messages).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Role, User
from liaison.cases.models import JointCase
from liaison.core.access import get_scope
from liaison.core.models import AuditEvent

Action = AuditEvent.Action
WRITER_ROLES = (Role.OFFICER, Role.LIAISON_OFFICER, Role.SUPERVISOR)


def may_write(actor: User | None) -> bool:
    """By role only: whether the user writes cases at all (pages hide the forms)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return actor.agency_id is not None and any(actor.has_role(r) for r in WRITER_ROLES)


def check_writer(actor: User, case: JointCase | None = None) -> None:
    """PermissionDenied unless the actor writes cases and, given a case, one of the
    participants is the actor's agency or below it."""
    if not may_write(actor):
        raise PermissionDenied(
            _(
                "Only officers, liaison officers and supervisors of a participating agency "
                "work on a case."
            )
        )
    if case is not None and not actor.is_superuser:
        own = get_scope(actor).own_subtree
        if not case.participants.filter(agency_id__in=own).exists():
            raise PermissionDenied(_("Your agency does not take part in this case."))


def check_updatable(values: dict[str, Any], updatable: set[str]) -> None:
    unknown = set(values) - updatable
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )


def check_not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def check_participant(case: JointCase, agency: Agency | None, field: str) -> None:
    if agency is None or not case.participants.filter(agency=agency).exists():
        raise ValidationError({field: _("Choose an agency that takes part in the case.")})
