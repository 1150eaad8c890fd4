"""Scoped reads of joint cases: every read starts from `JointCase.objects.visible_to`.

Linked persons and organisations are shown only where the viewer may see them in the
registry; otherwise the page says which agency holds the record, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet

from liaison.agencies.models import Agency, User
from liaison.cases import totals as case_totals
from liaison.cases.models import (
    OPEN_TASK_STATUSES,
    CaseEvent,
    CaseOrganisation,
    CaseParticipant,
    CasePerson,
    CaseTask,
    EventKind,
    JointCase,
)
from liaison.core.access import access_object, get_scope, side_of
from liaison.registry.models import Organisation, Person
from liaison.seizures.models import Incident


def _participants_prefetch() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=CaseParticipant.objects.select_related("agency").order_by(
            "agency__country_id", "agency__name"
        ),
    )


def cases_visible(*, user: User) -> QuerySet[JointCase]:
    return (
        JointCase.objects.visible_to(user)
        .select_related("lead_agency")
        .prefetch_related(_participants_prefetch())
    )


def cases_search(
    *,
    user: User,
    q: str = "",
    status: str = "",
    country: str = "",
    agency: Agency | int | None = None,
) -> QuerySet[JointCase]:
    """Visible cases, narrowed by status, a participating country or agency and text."""
    cases = cases_visible(user=user)
    text = (q or "").strip()
    if text:
        cases = cases.filter(Q(code__icontains=text) | Q(title__icontains=text))
    if status:
        cases = cases.filter(status=status)
    if country:
        cases = cases.filter(
            pk__in=CaseParticipant.objects.filter(agency__country_id=country.upper()).values(
                "case_id"
            )
        )
    if agency:
        agency_id = getattr(agency, "pk", agency)
        cases = cases.filter(
            pk__in=CaseParticipant.objects.filter(agency_id=agency_id).values("case_id")
        )
    return cases.order_by("-established_on", "-proposed_on", "-id")


def case_get(*, user: User, pk: int) -> JointCase:
    """One case, or 404 if missing or the user's agencies do not take part in it."""
    queryset = JointCase.objects.select_related("lead_agency", "target_organisation", "created_by")
    return access_object(queryset, user, pk=pk)


@dataclass
class LinkedRecord:
    """A person or organisation linked to a case, as the viewer may see it."""

    link: Any
    record: Any | None  # None: held by an agency whose record the viewer cannot see
    holder: Agency


def _linked_records(
    *, user: User, links: QuerySet, field: str, model: type[Model], prefetch: tuple = ()
) -> list[LinkedRecord]:
    """The case's links to registry records of `model` (named by `field` on the link),
    each with its record where the viewer may see it."""
    links = list(links.select_related(f"{field}__owner_agency").order_by("role", "id"))
    ids = [getattr(link, f"{field}_id") for link in links]
    visible = {
        record.pk: record
        for record in model.objects.visible_to(user).filter(pk__in=ids).prefetch_related(*prefetch)
    }
    return [
        LinkedRecord(
            link, visible.get(getattr(link, f"{field}_id")), getattr(link, field).owner_agency
        )
        for link in links
    ]


def case_persons(*, user: User, case: JointCase) -> list[LinkedRecord]:
    return _linked_records(
        user=user,
        links=CasePerson.objects.filter(case=case),
        field="person",
        model=Person,
        prefetch=("names",),
    )


def case_organisations(*, user: User, case: JointCase) -> list[LinkedRecord]:
    return _linked_records(
        user=user,
        links=CaseOrganisation.objects.filter(case=case),
        field="organisation",
        model=Organisation,
    )


def case_events(*, case: JointCase) -> QuerySet[CaseEvent]:
    return (
        CaseEvent.objects.filter(case=case)
        .select_related("agency", "created_by")
        .order_by("occurred_on", "id")
    )


def case_tasks(*, case: JointCase) -> list[CaseTask]:
    return list(
        CaseTask.objects.filter(case=case).select_related("agency").order_by("due_on", "id")
    )


def case_messages(*, user: User, case: JointCase):
    """Exchange messages linked to the case that the viewer may see."""
    from liaison.exchange.selectors import messages_linked_to

    return messages_linked_to(user=user, target=case)


def case_incidents(*, user: User, case: JointCase) -> list[Incident]:
    return list(
        Incident.objects.visible_to(user)
        .live()
        .filter(case=case)
        .select_related("agency", "province")
        .prefetch_related("items", "arrests")
        .order_by("occurred_on", "id")
    )


def incident_figures(incidents: Iterable[Incident]) -> list[case_totals.IncidentFigures]:
    """Incidents shaped for the pure totals (items and arrests prefetched)."""
    return [
        case_totals.IncidentFigures(
            occurred_on=incident.occurred_on,
            items=[
                case_totals.ItemFigure(drug=i.drug, quantity=i.quantity, unit=i.unit, kg=i.kg)
                for i in incident.items.all()
            ],
            arrests=[
                case_totals.ArrestFigure(nationality=a.nationality, count=a.count)
                for a in incident.arrests.all()
            ],
        )
        for incident in incidents
    ]


def totals_of(*, incidents: list[Incident], events: list[CaseEvent]) -> case_totals.CaseTotals:
    expansions = [e.occurred_on for e in events if e.kind == EventKind.EXPANSION]
    return case_totals.case_totals(incident_figures(incidents), expansions=expansions)


@dataclass
class CaseFile:
    case: JointCase
    participants: list[CaseParticipant]
    persons: list[LinkedRecord]
    organisations: list[LinkedRecord]
    events: list[CaseEvent]
    tasks: list[CaseTask]
    messages: list
    incidents: list[Incident]
    totals: case_totals.CaseTotals
    countries: list[str] = field(default_factory=list)


def case_file(*, user: User, case: JointCase) -> CaseFile:
    """Everything the case page shows, in a fixed number of queries."""
    participants = list(
        CaseParticipant.objects.filter(case=case)
        .select_related("agency", "agency__country")
        .order_by("agency__country_id", "agency__name")
    )
    events = list(case_events(case=case))
    incidents = case_incidents(user=user, case=case)
    return CaseFile(
        case=case,
        participants=participants,
        persons=case_persons(user=user, case=case),
        organisations=case_organisations(user=user, case=case),
        events=events,
        tasks=case_tasks(case=case),
        messages=list(case_messages(user=user, case=case)[:100]),
        incidents=incidents,
        totals=totals_of(incidents=incidents, events=events),
        countries=sorted({p.agency.country_id for p in participants}),
    )


def agency_tasks(*, user: User, open_only: bool = True) -> QuerySet[CaseTask]:
    """ "My tasks": tasks assigned to the user's agency or its sub-units, in visible cases."""
    if user.agency_id is None and not user.is_superuser:
        return CaseTask.objects.none()
    tasks = CaseTask.objects.filter(case__in=JointCase.objects.ids_visible_to(user))
    if not user.is_superuser:
        tasks = tasks.filter(agency_id__in=get_scope(user).own_subtree)
    if open_only:
        tasks = tasks.filter(status__in=OPEN_TASK_STATUSES)
    return tasks.select_related("agency", "case").order_by("due_on", "id")


def person_cases(*, user: User, person: Person) -> QuerySet[CasePerson]:
    """A person's cases that the viewer may see (for the registry's person page)."""
    return (
        CasePerson.objects.filter(person=person, case__in=JointCase.objects.ids_visible_to(user))
        .select_related("case", "case__lead_agency")
        .order_by("-case__established_on", "-case_id")
    )


def message_cases(*, user: User, message) -> QuerySet[JointCase]:
    """Cases a message is linked to that the viewer may see (for the message page)."""
    from liaison.exchange.models import MessageLink

    ids = (
        MessageLink.objects.filter(message=message)
        .of_model(JointCase)
        .values_list("object_id", flat=True)
    )
    return (
        JointCase.objects.visible_to(user)
        .filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
        .select_related("lead_agency")
        .order_by("code")
    )


def cases_across_sides(*, party_ids: Iterable[int], cases: QuerySet[JointCase]) -> list[int]:
    """Ids of the `cases` with participants on at least two sides, a side being a party
    agency with every unit below it (the joint cases of a partnership)."""
    party_of = side_of(party_ids)
    sides: dict[int, set[int]] = {}
    for case_id, agency_id in CaseParticipant.objects.filter(
        case__in=cases.values("pk"), agency_id__in=list(party_of)
    ).values_list("case_id", "agency_id"):
        sides.setdefault(case_id, set()).add(party_of[agency_id])
    return sorted(case_id for case_id, found in sides.items() if len(found) >= 2)
