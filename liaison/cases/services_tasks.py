"""Writes of a joint case's timeline and tasks. Same rules as `liaison.cases.services`:
keyword-only, atomic, audited, writers of a participant only.

In-app notifications: the exchange's `Notification` points at a message (its `message`
field is required), so it cannot carry a case task; "My tasks" (/cases/tasks/) is where
an agency finds what was assigned to it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, User
from liaison.cases.models import CaseEvent, CaseTask, EventKind, JointCase, TaskStatus
from liaison.cases.services_common import (
    Action,
    check_not_future,
    check_participant,
    check_updatable,
    check_writer,
)
from liaison.core.audit.services import audit_record, diff, snapshot

TASK_FIELDS = ["agency_id", "title", "description", "due_on", "status", "completed_on"]
TASK_UPDATABLE = {"agency", "title", "description", "due_on", "status"}


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
    check_writer(actor, case)
    if kind not in EventKind.values or kind == EventKind.STATUS:
        raise ValidationError({"kind": _("Choose a kind of event from the list.")})
    if occurred_on is None:
        raise ValidationError({"occurred_on": _("Enter the date.")})
    check_not_future(occurred_on, "occurred_on")
    check_participant(case, agency, "agency")
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
    check_writer(actor, case)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Describe the task.")})
    check_participant(case, agency, "agency")
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


@transaction.atomic
def task_update(*, actor: User, task: CaseTask, **values: Any) -> CaseTask:
    """Change a task; marking it done records the day it was completed."""
    check_writer(actor, task.case)
    check_updatable(values, TASK_UPDATABLE)
    if "status" in values and values["status"] not in TaskStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if "agency" in values:
        check_participant(task.case, values["agency"], "agency")
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
