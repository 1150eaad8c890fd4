"""Writes of joint cases: the case, its participants, linked records, timeline and tasks.

Keyword-only, atomic and audited. Who may write: officers, liaison officers and
supervisors of a participating agency or of an agency above one (the chain of command
sees the case, so it may act on it); decisions that establish or close a case need a
supervisor. The caller fetched the case through `JointCase.objects.visible_to(actor)`
(404 otherwise); these functions check the role, the participants and the data.

The timeline and tasks live in `services_tasks`, linked records in `services_links`, the
checks they share in `services_common`; their public names are importable from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Role, User
from liaison.cases.models import (
    OPEN_TASK_STATUSES,
    CaseEvent,
    CaseParticipant,
    CaseStatus,
    EventKind,
    JointCase,
)
from liaison.cases.services_common import (
    Action,
    check_not_future,
    check_updatable,
    check_writer,
    may_write,
)
from liaison.cases.services_links import (
    message_link,
    message_unlink,
    organisation_link,
    organisation_unlink,
    person_link,
    person_unlink,
)
from liaison.cases.services_tasks import event_add, task_add, task_update
from liaison.core.access import get_scope
from liaison.core.audit.services import audit_record, diff, snapshot
from liaison.core.sharing import HandlingCode
from liaison.registry.models import Organisation

# Decisions of the unit's head: establishing a case (xác lập chuyên án) and closing it.
SUPERVISOR_STATUSES = frozenset({CaseStatus.ESTABLISHED, CaseStatus.CLOSED})
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.PROPOSED: frozenset({CaseStatus.ESTABLISHED, CaseStatus.CLOSED}),
    CaseStatus.ESTABLISHED: frozenset(
        {CaseStatus.ACTIVE, CaseStatus.EXPANDED, CaseStatus.SUSPENDED, CaseStatus.CLOSED}
    ),
    CaseStatus.ACTIVE: frozenset({CaseStatus.EXPANDED, CaseStatus.SUSPENDED, CaseStatus.CLOSED}),
    CaseStatus.EXPANDED: frozenset({CaseStatus.SUSPENDED, CaseStatus.CLOSED}),
    CaseStatus.SUSPENDED: frozenset({CaseStatus.ACTIVE, CaseStatus.EXPANDED, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}
CASE_FIELDS = [
    "code",
    "title",
    "lead_agency_id",
    "status",
    "proposed_on",
    "established_on",
    "closed_on",
    "target_ring",
    "target_organisation_id",
    "summary",
    "handling_code",
]


# --- checks -------------------------------------------------------------------------------


def _visible_agencies(actor: User, agencies: Iterable[Agency]) -> list[Agency]:
    ids = {a.pk for a in agencies}
    visible = set(Agency.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - visible:
        raise ValidationError(
            {"participants": _("One of the chosen agencies is not available to you.")}
        )
    return list(Agency.objects.filter(pk__in=ids).order_by("pk"))


def _check_countries(agencies: Iterable[Agency], field: str = "participants") -> None:
    if len({a.country_id for a in agencies}) < 2:
        raise ValidationError(
            {field: _("A joint case needs participating agencies of at least two countries.")}
        )


# --- the case -----------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    actor: User,
    code: str,
    title: str,
    lead_agency: Agency,
    participants: Iterable[Agency],
    proposed_on: datetime.date | None = None,
    target_ring: str = "",
    target_organisation: Organisation | None = None,
    summary: str = "",
    handling_code: str = HandlingCode.H0,
) -> JointCase:
    """Propose a joint case led by the actor's agency (or one of its sub-units)."""
    check_writer(actor)
    code, title = (code or "").strip(), (title or "").strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Enter the case code.")
    if not title:
        errors["title"] = _("Enter the title of the case.")
    if errors:
        raise ValidationError(errors)
    if lead_agency is None or (
        not actor.is_superuser and lead_agency.pk not in get_scope(actor).own_subtree
    ):
        raise ValidationError(
            {"lead_agency": _("The lead agency must be your agency or one of its sub-units.")}
        )
    check_not_future(proposed_on, "proposed_on")
    agencies = _visible_agencies(actor, [lead_agency, *participants])
    _check_countries(agencies)
    if target_organisation is not None and not (
        Organisation.objects.visible_to(actor).filter(pk=target_organisation.pk).exists()
    ):
        raise ValidationError(
            {"target_organisation": _("The organisation is not available to you.")}
        )
    if JointCase.objects.filter(lead_agency=lead_agency, code=code).exists():
        raise ValidationError({"code": _("Your agency already has a case with this code.")})
    case = JointCase.objects.create(
        code=code,
        title=title,
        lead_agency=lead_agency,
        proposed_on=proposed_on or timezone.localdate(),
        target_ring=target_ring.strip(),
        target_organisation=target_organisation,
        summary=summary,
        handling_code=handling_code or HandlingCode.H0,
        created_by=actor,
    )
    joined_on = case.proposed_on
    CaseParticipant.objects.bulk_create(
        [CaseParticipant(case=case, agency=a, joined_on=joined_on) for a in agencies]
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=case,
        verb="cases.case_create",
        changes={
            **{k: [None, v] for k, v in snapshot(case, CASE_FIELDS).items()},
            "participants": [None, [a.pk for a in agencies]],
        },
    )
    return case


UPDATABLE = {
    "code",
    "title",
    "proposed_on",
    "target_ring",
    "target_organisation",
    "summary",
    "handling_code",
}


@transaction.atomic
def case_update(*, actor: User, case: JointCase, **values: Any) -> JointCase:
    check_writer(actor, case)
    check_updatable(values, UPDATABLE)
    before = snapshot(case, CASE_FIELDS)
    for name in ("code", "title"):
        if name in values:
            values[name] = (values[name] or "").strip()
            if not values[name]:
                raise ValidationError({name: _("This field is required.")})
    if "proposed_on" in values:
        check_not_future(values["proposed_on"], "proposed_on")
    org = values.get("target_organisation")
    if org is not None and not Organisation.objects.visible_to(actor).filter(pk=org.pk).exists():
        raise ValidationError(
            {"target_organisation": _("The organisation is not available to you.")}
        )
    code = values.get("code", case.code)
    if (
        JointCase.objects.filter(lead_agency_id=case.lead_agency_id, code=code)
        .exclude(pk=case.pk)
        .exists()
    ):
        raise ValidationError({"code": _("The lead agency already has a case with this code.")})
    for name, value in values.items():
        setattr(case, name, value)
    case.save()
    changes = diff(before, snapshot(case, CASE_FIELDS))
    if changes:
        audit_record(
            actor=actor, action=Action.UPDATE, obj=case, verb="cases.case_update", changes=changes
        )
    return case


@transaction.atomic
def case_set_status(
    *, actor: User, case: JointCase, status: str, on: datetime.date, note: str = ""
) -> JointCase:
    """Move the case on; records a STATUS event, and an EXPANSION event (a new phase of
    the totals) when the case is expanded."""
    check_writer(actor, case)
    if status not in CaseStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status in SUPERVISOR_STATUSES and not (
        actor.is_superuser or actor.has_role(Role.SUPERVISOR)
    ):
        raise PermissionDenied(_("Only a supervisor may establish or close a case."))
    case = JointCase.objects.select_for_update().get(pk=case.pk)
    if status not in TRANSITIONS[case.status]:
        raise ValidationError(
            {
                "status": _("A case that is “%(current)s” cannot become “%(new)s”.")
                % {"current": case.get_status_display(), "new": CaseStatus(status).label}
            }
        )
    if on is None:
        raise ValidationError({"on": _("Enter the date.")})
    check_not_future(on, "on")
    if case.proposed_on and on < case.proposed_on:
        raise ValidationError({"on": _("The date cannot be before the case was proposed.")})
    before = snapshot(case, CASE_FIELDS)
    case.status = status
    if status == CaseStatus.ESTABLISHED:
        case.established_on = on
    elif status == CaseStatus.CLOSED:
        case.closed_on = on
    case.save()
    agency = _acting_agency(actor, case)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.STATUS,
        occurred_on=on,
        agency=agency,
        new_status=status,
        description=note,
        created_by=actor,
    )
    if status == CaseStatus.EXPANDED:
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.EXPANSION,
            occurred_on=on,
            agency=agency,
            description=note,
            created_by=actor,
        )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=case,
        verb="cases.case_set_status",
        changes=diff(before, snapshot(case, CASE_FIELDS)),
    )
    return case


def _acting_agency(actor: User, case: JointCase) -> Agency:
    """The participant the actor acts for: their own agency, else the nearest participant
    below it (a superior acting on a sub-unit's case), else the lead."""
    participants = list(case.participants.select_related("agency"))
    for p in participants:
        if p.agency_id == actor.agency_id:
            return p.agency
    if actor.agency_id is not None:
        own = get_scope(actor).own_subtree
        for p in participants:
            if p.agency_id in own:
                return p.agency
    return case.lead_agency


# --- participants -------------------------------------------------------------------------


@transaction.atomic
def participant_add(
    *, actor: User, case: JointCase, agency: Agency, joined_on: datetime.date | None = None
) -> CaseParticipant:
    check_writer(actor, case)
    _visible_agencies(actor, [agency])
    check_not_future(joined_on, "joined_on")
    if case.participants.filter(agency=agency).exists():
        raise ValidationError({"agency": _("This agency already takes part in the case.")})
    participant = CaseParticipant.objects.create(
        case=case, agency=agency, joined_on=joined_on or timezone.localdate()
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=case,
        verb="cases.participant_add",
        changes={"participants": [None, agency.pk]},
    )
    return participant


@transaction.atomic
def participant_remove(*, actor: User, case: JointCase, agency: Agency) -> None:
    check_writer(actor, case)
    if agency.pk == case.lead_agency_id:
        raise ValidationError({"agency": _("The lead agency cannot leave its own case.")})
    participant = case.participants.filter(agency=agency).first()
    if participant is None:
        raise ValidationError({"agency": _("This agency does not take part in the case.")})
    remaining = Agency.objects.filter(case_participations__case=case).exclude(pk=agency.pk)
    _check_countries(remaining, "agency")
    if case.tasks.filter(agency=agency, status__in=OPEN_TASK_STATUSES).exists():
        raise ValidationError(
            {
                "agency": _(
                    "This agency still has open tasks in the case: close or reassign them first."
                )
            }
        )
    participant.delete()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=case,
        verb="cases.participant_remove",
        changes={"participants": [agency.pk, None]},
    )


__all__ = [
    "case_create",
    "case_set_status",
    "case_update",
    "check_writer",
    "event_add",
    "may_write",
    "message_link",
    "message_unlink",
    "organisation_link",
    "organisation_unlink",
    "participant_add",
    "participant_remove",
    "person_link",
    "person_unlink",
    "task_add",
    "task_update",
]
