"""Writes of joint cases: the case, its participants, linked records, timeline and tasks.

Keyword-only, atomic and audited. Who may write: officers, liaison officers and
supervisors of a participating agency or of an agency above one (the chain of command
sees the case, so it may act on it); decisions that establish or close a case need a
supervisor. The caller fetched the case through `JointCase.objects.visible_to(actor)`
(404 otherwise); these functions check the role, the participants and the data.

In-app notifications: the exchange's `Notification` points at a message (its `message`
field is required), so it cannot carry a case task; "My tasks" (/cases/tasks/) is where
an agency finds what was assigned to it.
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
    CaseEvent,
    CaseParticipant,
    CaseStatus,
    CaseTask,
    EventKind,
    JointCase,
    TaskStatus,
)
from liaison.core.access import get_scope
from liaison.core.audit.services import audit_record, diff, snapshot
from liaison.core.models import AuditEvent
from liaison.core.sharing import HandlingCode
from liaison.registry.models import Organisation

Action = AuditEvent.Action
WRITER_ROLES = (Role.OFFICER, Role.LIAISON_OFFICER, Role.SUPERVISOR)
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
TASK_FIELDS = ["agency_id", "title", "description", "due_on", "status", "completed_on"]
OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


# --- checks -------------------------------------------------------------------------------


def may_write(actor: User | None) -> bool:
    """By role only: whether the user writes cases at all (pages hide the forms)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return actor.agency_id is not None and any(actor.has_role(r) for r in WRITER_ROLES)


def _check_writer(actor: User, case: JointCase | None = None) -> None:
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


def _check_not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _check_participant(case: JointCase, agency: Agency | None, field: str) -> None:
    if agency is None or not case.participants.filter(agency=agency).exists():
        raise ValidationError({field: _("Choose an agency that takes part in the case.")})


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
    _check_writer(actor)
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
    _check_not_future(proposed_on, "proposed_on")
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
    _check_writer(actor, case)
    unknown = set(values) - UPDATABLE
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    before = snapshot(case, CASE_FIELDS)
    for name in ("code", "title"):
        if name in values:
            values[name] = (values[name] or "").strip()
            if not values[name]:
                raise ValidationError({name: _("This field is required.")})
    if "proposed_on" in values:
        _check_not_future(values["proposed_on"], "proposed_on")
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
    _check_writer(actor, case)
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
    _check_not_future(on, "on")
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
    _check_writer(actor, case)
    _visible_agencies(actor, [agency])
    _check_not_future(joined_on, "joined_on")
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
    _check_writer(actor, case)
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


# --- timeline and tasks -------------------------------------------------------------------


@transaction.atomic
def event_add(
    *,
    actor: User,
    case: JointCase,
    kind: str,
    occurred_on: datetime.date,
    agency: Agency,
    description: str = "",
) -> CaseEvent:
    """One entry of the timeline. Status changes go through `case_set_status`."""
    _check_writer(actor, case)
    if kind not in EventKind.values or kind == EventKind.STATUS:
        raise ValidationError({"kind": _("Choose a kind of event from the list.")})
    if occurred_on is None:
        raise ValidationError({"occurred_on": _("Enter the date.")})
    _check_not_future(occurred_on, "occurred_on")
    _check_participant(case, agency, "agency")
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        agency=agency,
        description=description.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=event,
        verb="cases.event_add",
        changes={
            "case": [None, case.pk],
            "kind": [None, kind],
            "occurred_on": [None, occurred_on.isoformat()],
            "agency": [None, agency.pk],
        },
    )
    return event


@transaction.atomic
def task_add(
    *,
    actor: User,
    case: JointCase,
    agency: Agency,
    title: str,
    description: str = "",
    due_on: datetime.date | None = None,
) -> CaseTask:
    _check_writer(actor, case)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Describe the task.")})
    _check_participant(case, agency, "agency")
    task = CaseTask.objects.create(
        case=case,
        agency=agency,
        title=title,
        description=description.strip(),
        due_on=due_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=task,
        verb="cases.task_add",
        changes={
            "case": [None, case.pk],
            **{k: [None, v] for k, v in snapshot(task, TASK_FIELDS).items()},
        },
    )
    return task


TASK_UPDATABLE = {"agency", "title", "description", "due_on", "status"}


@transaction.atomic
def task_update(*, actor: User, task: CaseTask, **values: Any) -> CaseTask:
    """Change a task; marking it done records the day it was completed."""
    _check_writer(actor, task.case)
    unknown = set(values) - TASK_UPDATABLE
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "status" in values and values["status"] not in TaskStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if "agency" in values:
        _check_participant(task.case, values["agency"], "agency")
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            raise ValidationError({"title": _("Describe the task.")})
    before = snapshot(task, TASK_FIELDS)
    for name, value in values.items():
        setattr(task, name, value)
    if task.status == TaskStatus.DONE and task.completed_on is None:
        task.completed_on = timezone.localdate()
    elif task.status != TaskStatus.DONE:
        task.completed_on = None
    task.save()
    changes = diff(before, snapshot(task, TASK_FIELDS))
    if changes:
        audit_record(
            actor=actor, action=Action.UPDATE, obj=task, verb="cases.task_update", changes=changes
        )
    return task


# Linking persons, organisations and messages lives beside this module (size).
from liaison.cases.services_links import (  # noqa: E402
    message_link,
    message_unlink,
    organisation_link,
    organisation_unlink,
    person_link,
    person_unlink,
)

__all__ = [
    "case_create",
    "case_set_status",
    "case_update",
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
