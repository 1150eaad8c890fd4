"""The numbers of a review report, read from live data (no labels, no viewer).

"The partnership's data" is what the parties' agencies and the units below them
recorded (`agencies_below([party])`), in the period only. Nothing here knows who asks:
the callers decide that (policy.can_write for the UI/API; the command line runs as the
system). compile.py turns these numbers into translated sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q

from liaison.agencies.models import Agency, Area, Partnership
from liaison.cases import selectors as case_selectors
from liaison.cases import totals as case_totals
from liaison.cases.models import CaseStatus, EventKind, JointCase
from liaison.cooperation import status as commitment_status
from liaison.cooperation.models import Activity, Agreement, Commitment
from liaison.core.access import agencies_below
from liaison.exchange.statistics import exchange_figures
from liaison.registry.models import Person, PersonName
from liaison.registry.models_hits import Hit
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models import Arrest, Incident
from liaison.seizures.selectors_stats import grouped_totals
from liaison.seizures.stats_shape import Totals, grand_total

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Side:
    """One party of the partnership with every agency below it."""

    agency: Agency
    agency_ids: frozenset[int]

    @property
    def country(self) -> str:
        return self.agency.country_id


def sides_of(partnership: Partnership) -> list[Side]:
    """The parties in a stable order (by id), each with its subtree."""
    parties = sorted(partnership.parties.select_related("country", "area"), key=lambda a: a.pk)
    return [
        Side(agency=party, agency_ids=frozenset(agencies_below([party.pk]))) for party in parties
    ]


def all_ids(sides: list[Side]) -> list[int]:
    return sorted({i for side in sides for i in side.agency_ids})


def previous_period(date_from: date, date_to: date) -> tuple[date, date]:
    """The period of the same length just before."""
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days), date_from - timedelta(days=1)


# 1. situation ---------------------------------------------------------------------------


@dataclass(slots=True)
class Situation:
    incidents: int = 0
    kg: Decimal = ZERO
    arrested: int = 0
    drugs: dict[str, Totals] = field(default_factory=dict)  # kg, and quantities by unit
    nationalities: dict[str, int] = field(default_factory=dict)
    provinces: dict[tuple[str, str], Totals] = field(default_factory=dict)  # (country, name)


def _incidents(agency_ids: list[int], date_from: date, date_to: date):
    return Incident.objects.live().filter(
        agency_id__in=agency_ids, occurred_on__gte=date_from, occurred_on__lte=date_to
    )


def situation(*, agency_ids: list[int], date_from: date, date_to: date) -> Situation:
    """Incidents, kg by drug (and in original units), arrests by nationality and by
    province, of incidents recorded by the partnership's agencies in the period.

    The seizure statistics' grouped totals (seizures.selectors_stats) as the operator,
    so the report and the statistics page count alike; read from the ledger itself (the
    monthly roll-up is there for the statistics' wide tables, not one report)."""
    flt = LedgerFilter(date_from=date_from, date_to=date_to, agencies=tuple(agency_ids))
    by_province, _path = grouped_totals(
        user=None, flt=flt, by=("country", "province"), period="year", path="ledger"
    )
    by_drug, _path = grouped_totals(user=None, flt=flt, by=("drug",), period="year", path="ledger")
    total = grand_total(by_province.values())
    names = dict(
        Area.objects.filter(pk__in={pk for _country, pk in by_province if pk}).values_list(
            "pk", "name"
        )
    )
    provinces: dict[tuple[str, str], Totals] = {}
    for (country, province_id), totals in by_province.items():
        provinces.setdefault((country, names.get(province_id)), Totals()).add(totals)
    return Situation(
        incidents=total.incidents,
        kg=total.kg,
        arrested=total.arrested,
        drugs={drug: totals for (drug,), totals in sorted(by_drug.items())},
        nationalities=dict(sorted(total.arrested_by_nationality.items())),
        provinces=provinces,
    )


# 2. exchange ----------------------------------------------------------------------------


def exchange(*, partnership: Partnership, date_from: date, date_to: date) -> dict:
    """Cross-border messages between the sides (exchange.statistics, with levels)."""
    return exchange_figures(
        partnership=partnership, date_from=date_from, date_to=date_to, detailed=True
    )


# 3. joint cases -------------------------------------------------------------------------


@dataclass(slots=True)
class CaseFigure:
    case: JointCase
    lead: str
    established_in_period: bool
    active: bool
    expanded_in_period: bool
    closed_in_period: bool
    totals: case_totals.CaseTotals


def joint_cases(*, sides: list[Side], date_from: date, date_to: date) -> list[CaseFigure]:
    """Joint cases with participants on at least two sides, open at some time of the
    period, with their totals up to the end of the period."""
    # established cases only: a proposed case is not yet a joint case of the report
    case_ids = case_selectors.cases_across_sides(
        party_ids=[side.agency.pk for side in sides], cases=JointCase.objects.all()
    )
    cases = (
        JointCase.objects.filter(pk__in=case_ids)
        .exclude(established_on__isnull=True)
        .filter(established_on__lte=date_to)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))
        .select_related("lead_agency")
        .prefetch_related(
            "events",
            Prefetch(
                "incidents",
                queryset=Incident.objects.live()
                .filter(occurred_on__lte=date_to)
                .prefetch_related("items", "arrests"),
            ),
        )
        .order_by("established_on", "code")
    )
    figures = []
    for case in cases:
        events = [e for e in case.events.all() if e.occurred_on <= date_to]
        expansions = [e.occurred_on for e in events if e.kind == EventKind.EXPANSION]
        closed = case.closed_on is not None and case.closed_on <= date_to
        figures.append(
            CaseFigure(
                case=case,
                lead=case.lead_agency.name,
                established_in_period=date_from <= case.established_on <= date_to,
                active=not closed and case.status != CaseStatus.SUSPENDED,
                expanded_in_period=any(date_from <= day for day in expansions),
                closed_in_period=closed and case.closed_on >= date_from,
                totals=case_selectors.totals_of(
                    incidents=list(case.incidents.all()), events=events
                ),
            )
        )
    return figures


# 4. activities and commitments ----------------------------------------------------------


@dataclass(slots=True)
class KindFigure:
    activities: int = 0
    participants: int = 0


def activities(*, partnership: Partnership, date_from: date, date_to: date):
    """The partnership's activities that started in the period, oldest first."""
    return list(
        Activity.objects.filter(
            partnership=partnership, starts_on__gte=date_from, starts_on__lte=date_to
        )
        .select_related("organiser")
        .order_by("starts_on", "id")
    )


def activities_by_kind(activity_list) -> dict[str, KindFigure]:
    by_kind: dict[str, KindFigure] = {}
    for activity in activity_list:
        figure = by_kind.setdefault(activity.kind, KindFigure())
        figure.activities += 1
        figure.participants += activity.participant_count or 0
    return by_kind


def commitments(
    *, partnership: Partnership, date_from: date, date_to: date
) -> list[tuple[Commitment, commitment_status.CommitmentState]]:
    """Every commitment of the agreements in force during the period, with its state on
    the last day of the period (activities linked to it, one query)."""
    agreements = [
        a
        for a in Agreement.objects.filter(partnership=partnership).order_by("signed_on", "id")
        if a.in_force_during(date_from, date_to)
    ]
    rows = (
        Commitment.objects.filter(agreement__in=agreements)
        .select_related("agreement")
        .prefetch_related(
            "responsible",
            Prefetch("activities", queryset=Activity.objects.only("kind", "starts_on", "ends_on")),
        )
        .order_by("agreement__signed_on", "agreement_id", "position", "id")
    )
    return [
        (
            commitment,
            commitment_status.commitment_state(
                target=commitment.target,
                activity_kind=commitment.activity_kind,
                due_on=commitment.due_on,
                activities=[
                    commitment_status.LinkedActivity(a.kind, a.starts_on, a.ends_on)
                    for a in commitment.activities.all()
                ],
                today=date_to,
                override=commitment.status_override,
            ),
        )
        for commitment in rows
    ]


# 5. persons of interest -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonFigure:
    person_id: int
    name: str  # in its original script
    how: str  # "arrested" or "located"
    on: date
    agency: str  # who arrested or screened


def _wanted() -> Q:
    return Q(is_wanted=True) | ~Q(warrant_ref="")


def persons_of_interest(*, sides: list[Side], date_from: date, date_to: date) -> list[PersonFigure]:
    """Wanted persons arrested in the partnership's incidents of the period, or located
    through a cross-border hit between the sides (screened on one side, held on another)."""
    found: dict[tuple[int, str], PersonFigure] = {}
    arrests = (
        Arrest.objects.filter(
            person__isnull=False,
            incident__in=_incidents(all_ids(sides), date_from, date_to).values("pk"),
        )
        .select_related("incident__agency")
        .order_by("incident__occurred_on", "id")
    )
    wanted_ids = set(Person.objects.filter(_wanted()).values_list("pk", flat=True))
    arrest_rows = [a for a in arrests if a.person_id in wanted_ids]
    country_of = {agency_id: side.country for side in sides for agency_id in side.agency_ids}
    hits = (
        Hit.objects.filter(
            person__in=Person.objects.filter(_wanted()),
            screening_agency_id__in=list(country_of),
            owner_agency_id__in=list(country_of),
            created_at__date__gte=date_from,
            created_at__date__lte=date_to,
        )
        .select_related("screening_agency")
        .order_by("created_at", "id")
    )
    hit_rows = [
        h for h in hits if country_of[h.screening_agency_id] != country_of[h.owner_agency_id]
    ]
    person_ids = {a.person_id for a in arrest_rows} | {h.person_id for h in hit_rows}
    names = _primary_names(person_ids)
    for arrest in arrest_rows:
        key = (arrest.person_id, "arrested")
        found.setdefault(
            key,
            PersonFigure(
                person_id=arrest.person_id,
                name=names.get(arrest.person_id, ""),
                how="arrested",
                on=arrest.incident.occurred_on,
                agency=arrest.incident.agency.name,
            ),
        )
    for hit in hit_rows:
        key = (hit.person_id, "located")
        found.setdefault(
            key,
            PersonFigure(
                person_id=hit.person_id,
                name=names.get(hit.person_id, ""),
                how="located",
                on=hit.created_at.date(),
                agency=hit.screening_agency.name,
            ),
        )
    return sorted(found.values(), key=lambda p: (p.on, p.name, p.how))


def _primary_names(person_ids: set[int]) -> dict[int, str]:
    """The primary name of each person as written (else its first name of any kind)."""
    primary: dict[int, str] = {}
    first: dict[int, str] = {}
    rows = (
        PersonName.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "position", "id")
        .values_list("person_id", "kind", "text")
    )
    for person_id, kind, text in rows:
        first.setdefault(person_id, text)
        if kind == PersonName.Kind.PRIMARY:
            primary.setdefault(person_id, text)
    return {**first, **primary}
