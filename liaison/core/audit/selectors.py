"""Reads of the audit trail, scoped to the viewer and fast on millions of rows.

Pages are cut by `seq` (keyset pagination), never by OFFSET and never with a COUNT(*)
over the table: "older" means `seq < the last seq shown`, "newer" means `seq > the
first seq shown`. Each filter maps onto an index of AuditEvent (country/-seq,
actor/-seq, action/-seq, object_type/object_id, created_at).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from liaison.core.access import access_object
from liaison.core.models import AuditEvent

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    agency_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""


@dataclass
class AuditPage:
    events: list[AuditEvent]
    newer_than: int | None  # pass as ?after= to see the newer page; None: this is the newest
    older_than: int | None  # pass as ?before= to see the older page; None: nothing older


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events(*, user, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events `user` may read, filtered; unordered (the caller pages by seq)."""
    events = AuditEvent.objects.visible_to(user)
    if filters.date_from:
        events = events.filter(created_at__gte=_start_of_day(filters.date_from))
    if filters.date_to:
        # "to 31/12" includes the whole of that day in the platform's time zone
        events = events.filter(created_at__lt=_start_of_day(filters.date_to + dt.timedelta(days=1)))
    if filters.actor:
        # Resolve the name to the user id so the actor/-seq index does the work; names
        # that are no account (failed logins with a made-up name) match the stored text.
        actor_id = (
            get_user_model()
            .objects.filter(username=filters.actor)
            .values_list("pk", flat=True)
            .first()
        )
        if actor_id is not None:
            events = events.filter(actor_id=actor_id)
        else:
            events = events.filter(actor_username=filters.actor)
    if filters.agency_id:
        events = events.filter(agency_id=filters.agency_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    return events


def audit_page(
    *,
    user,
    filters: AuditFilters,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> AuditPage:
    """One page of events, newest first, cut at `before` or `after` (sequence numbers).

    One extra row is read to know whether a further page exists, so no count is needed.
    """
    events = audit_events(user=user, filters=filters).select_related("agency")
    if after is not None:
        # Walking towards newer events: read upwards from `after`, then show newest first.
        rows = list(events.filter(seq__gt=after).order_by("seq")[: size + 1])
        has_newer = len(rows) > size
        if not has_newer:
            # Reached the top: show the newest page itself, so it is always full.
            return audit_page(user=user, filters=filters, size=size)
        rows = list(reversed(rows[:size]))
        has_older = True  # we came from there
    else:
        if before is not None:
            events = events.filter(seq__lt=before)
        rows = list(events.order_by("-seq")[: size + 1])
        has_older = len(rows) > size
        rows = rows[:size]
        has_newer = before is not None
    if not rows:
        return AuditPage(events=[], newer_than=None, older_than=None)
    return AuditPage(
        events=rows,
        newer_than=rows[0].seq if has_newer else None,
        older_than=rows[-1].seq if has_older else None,
    )


def audit_event_get(*, user, pk: int) -> AuditEvent:
    """One event the user may read; 404 for another country's event or a missing one."""
    return access_object(AuditEvent.objects.select_related("agency"), user, pk=pk)
