"""Exchange settings: an agency's approval policy and a partnership's answer times."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Partnership, Role, User
from liaison.core.access import get_scope
from liaison.core.audit.services import Action, audit_record, diff, snapshot
from liaison.exchange.models import AgencyExchangePolicy, PartnershipExchangeSettings


@transaction.atomic
def exchange_policy_set(
    *, actor: User, agency: Agency, require_approval: bool | None
) -> AgencyExchangePolicy:
    """Whether cross-border messages of `agency` wait for a supervisor (None: by level).

    Platform administrators, and agency administrators for their agency and sub-units.
    """
    allowed = actor.is_superuser or (
        actor.has_role(Role.AGENCY_ADMIN) and agency.pk in get_scope(actor).own_subtree
    )
    if not allowed:
        raise PermissionDenied(_("You may not change this agency's exchange settings."))
    if require_approval not in (True, False, None):
        raise ValidationError({"require_approval": _("Choose yes, no or the default.")})
    policy, _created = AgencyExchangePolicy.objects.select_for_update().get_or_create(agency=agency)
    before = snapshot(policy, ["require_approval"])
    policy.require_approval = require_approval
    policy.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=policy,
        verb="exchange_policy_set",
        agency=agency.pk,
        changes=diff(before, snapshot(policy, ["require_approval"])),
    )
    return policy


@transaction.atomic
def partnership_answer_times_set(
    *,
    actor: User,
    partnership: Partnership,
    urgent_hours: int,
    high_hours: int,
    normal_hours: int,
) -> PartnershipExchangeSettings:
    """The hours a partnership allows to answer per priority (platform administrators)."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only a platform administrator may do this."))
    fields = ["urgent_hours", "high_hours", "normal_hours"]
    settings_row, _created = PartnershipExchangeSettings.objects.select_for_update().get_or_create(
        partnership=partnership
    )
    before = snapshot(settings_row, fields)
    settings_row.urgent_hours = urgent_hours
    settings_row.high_hours = high_hours
    settings_row.normal_hours = normal_hours
    settings_row.full_clean(exclude=["partnership"])
    if not urgent_hours <= high_hours <= normal_hours:
        raise ValidationError(
            {"high_hours": _("Answer times must not grow shorter as the priority falls.")}
        )
    settings_row.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=settings_row,
        verb="partnership_answer_times_set",
        changes=diff(before, snapshot(settings_row, fields)),
    )
    return settings_row
