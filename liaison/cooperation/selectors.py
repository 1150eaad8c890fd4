"""Scoped reads of cooperation records: every read starts from `visible_to(user)` (the
parties of a partnership, the agencies above a party and the units below one); `*_get`
answer 404 for missing and out-of-scope records alike. Commitment states always come
from `status.commitment_state`, with the linked activities read in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from liaison.agencies.models import Partnership, User
from liaison.cases import selectors as case_selectors
from liaison.cases.models import CaseStatus, JointCase
from liaison.cooperation.models import (
    Activity,
    ActivityDocument,
    Agreement,
    AgreementText,
    Commitment,
    Conference,
    Delegation,
    ReviewReport,
    partnership_scope_q,
)
from liaison.cooperation.policy import party_ids
from liaison.cooperation.status import CommitmentState, LinkedActivity, commitment_state
from liaison.core.access import access_object, side_of
from liaison.exchange.statistics import partnership_statistics
from liaison.seizures.models import Incident, SeizedItem

# --- partnerships -------------------------------------------------------------------------


def _count_of(model, path: str = "partnership") -> Subquery:
    rows = (
        model.objects.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _partnerships_visible(user: User) -> QuerySet[Partnership]:
    if not user or not user.is_authenticated:
        return Partnership.objects.none()
    q = partnership_scope_q(user)
    if q is None:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=Partnership.objects.filter(q).values("pk"))


def cooperation_partnerships(*, user: User) -> QuerySet[Partnership]:
    """Partnerships whose records the user may see, with counts of their agreements,
    activities and conferences."""
    return (
        _partnerships_visible(user)
        .annotate(
            agreement_count=_count_of(Agreement),
            activity_count=_count_of(Activity),
            conference_count=_count_of(Conference),
        )
        .prefetch_related("parties__country")
        .order_by("name", "pk")
    )


def partnership_get(*, user: User, pk) -> Partnership:
    try:
        return cooperation_partnerships(user=user).get(pk=pk)
    except (Partnership.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- agreements and commitments -----------------------------------------------------------


def agreement_list(*, user: User, partnership: Partnership | None = None) -> QuerySet[Agreement]:
    agreements = (
        Agreement.objects.visible_to(user)
        .select_related("partnership", "conference", "follows")
        .prefetch_related("parties")
    )
    if partnership is not None:
        agreements = agreements.filter(partnership=partnership)
    return agreements.order_by("-signed_on", "-id")


def commitments_prefetch() -> Prefetch:
    return Prefetch(
        "commitments",
        queryset=Commitment.objects.prefetch_related("responsible").order_by("position", "id"),
    )


def agreement_get(*, user: User, pk) -> Agreement:
    queryset = Agreement.objects.select_related(
        "partnership", "conference", "follows", "created_by"
    ).prefetch_related("parties", "texts", commitments_prefetch())
    return access_object(queryset, user, pk=pk)


def commitment_list(
    *, user: User, partnership: Partnership | None = None, agreement: Agreement | None = None
) -> QuerySet[Commitment]:
    commitments = (
        Commitment.objects.visible_to(user)
        .select_related("agreement__partnership", "overridden_by")
        .prefetch_related("responsible")
    )
    if partnership is not None:
        commitments = commitments.filter(agreement__partnership=partnership)
    if agreement is not None:
        commitments = commitments.filter(agreement=agreement)
    return commitments.order_by("agreement__signed_on", "agreement_id", "position", "id")


def commitment_get(*, user: User, pk) -> Commitment:
    queryset = Commitment.objects.select_related(
        "agreement__partnership", "overridden_by"
    ).prefetch_related("responsible")
    return access_object(queryset, user, pk=pk)


def commitment_states(
    *, commitments: Iterable[Commitment], today: date
) -> list[tuple[Commitment, CommitmentState]]:
    """Each commitment with its state on `today`, the linked activities read in one query."""
    commitments = list(commitments)
    linked: dict[int, list[LinkedActivity]] = defaultdict(list)
    if commitments:
        through = Activity.commitments.through
        rows = through.objects.filter(commitment_id__in=[c.pk for c in commitments]).values_list(
            "commitment_id", "activity__kind", "activity__starts_on", "activity__ends_on"
        )
        for commitment_id, kind, starts_on, ends_on in rows:
            linked[commitment_id].append(LinkedActivity(kind, starts_on, ends_on))
    return [
        (
            c,
            commitment_state(
                target=c.target,
                activity_kind=c.activity_kind,
                due_on=c.due_on,
                activities=linked.get(c.pk, ()),
                today=today,
                override=c.status_override,
            ),
        )
        for c in commitments
    ]


# --- activities and conferences -----------------------------------------------------------


def activity_list(
    *,
    user: User,
    partnership: Partnership | None = None,
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Activity]:
    """Visible activities, narrowed to a partnership, a kind, and those taking place (at
    least one day) within the period."""
    activities = (
        Activity.objects.visible_to(user)
        .select_related("partnership", "organiser", "area")
        .prefetch_related("participating")
    )
    if partnership is not None:
        activities = activities.filter(partnership=partnership)
    if kind:
        activities = activities.filter(kind=kind)
    if date_to is not None:
        activities = activities.filter(starts_on__lte=date_to)
    if date_from is not None:
        activities = activities.filter(
            Q(ends_on__gte=date_from) | Q(ends_on__isnull=True, starts_on__gte=date_from)
        )
    return activities.order_by("-starts_on", "-id")


def activity_get(*, user: User, pk) -> Activity:
    queryset = Activity.objects.select_related(
        "partnership", "organiser", "area", "created_by"
    ).prefetch_related("participating", "documents", "commitments__agreement")
    return access_object(queryset, user, pk=pk)


def conference_list(
    *,
    user: User,
    partnership: Partnership | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Conference]:
    conferences = Conference.objects.visible_to(user).select_related("partnership", "host")
    if partnership is not None:
        conferences = conferences.filter(partnership=partnership)
    if date_to is not None:
        conferences = conferences.filter(starts_on__lte=date_to)
    if date_from is not None:
        conferences = conferences.filter(
            Q(ends_on__gte=date_from) | Q(ends_on__isnull=True, starts_on__gte=date_from)
        )
    return conferences.order_by("-starts_on", "-id")


def conference_get(*, user: User, pk) -> Conference:
    queryset = Conference.objects.select_related(
        "partnership", "host", "created_by"
    ).prefetch_related(
        Prefetch("delegations", queryset=Delegation.objects.select_related("agency")),
        "agreements_signed",
    )
    return access_object(queryset, user, pk=pk)


def delegation_get(*, user: User, pk) -> Delegation:
    return access_object(
        Delegation.objects.select_related("conference__partnership", "agency"), user, pk=pk
    )


def agreement_text_get(*, user: User, pk) -> AgreementText:
    return access_object(
        AgreementText.objects.select_related("agreement__partnership"), user, pk=pk
    )


def activity_document_get(*, user: User, pk) -> ActivityDocument:
    return access_object(
        ActivityDocument.objects.select_related("activity__partnership"), user, pk=pk
    )


# --- the calendar -------------------------------------------------------------------------


def report_get(*, user: User, pk) -> ReviewReport:
    """One review report the user may see (404 otherwise)."""
    return access_object(
        ReviewReport.objects.select_related("partnership", "conference", "requested_by"),
        user,
        pk=pk,
    )


def conference_reports(*, user: User, conference: Conference) -> QuerySet[ReviewReport]:
    """The review reports kept with a conference, as the user may see them."""
    return ReviewReport.objects.visible_to(user).filter(conference=conference)


def calendar(*, user: User, date_from: date, date_to: date) -> dict:
    """Conferences taking place in the period, and the open commitments falling due in it
    (done and dropped ones are no longer "falling due"), with their state today."""
    conferences = conference_list(user=user, date_from=date_from, date_to=date_to).order_by(
        "starts_on", "id"
    )
    due = (
        Commitment.objects.visible_to(user)
        .filter(due_on__gte=date_from, due_on__lte=date_to)
        .select_related("agreement__partnership")
        .prefetch_related("responsible")
        .order_by("due_on", "agreement_id", "position", "id")
    )
    states = commitment_states(commitments=due, today=timezone.localdate())
    return {
        "conferences": conferences,
        "commitments_due": [(c, state) for c, state in states if state.is_open],
    }


# --- live figures -------------------------------------------------------------------------


def _seizure_figures(
    *, user: User, partnership: Partnership, date_from: date, date_to: date
) -> dict:
    parties = sorted(partnership.parties.all(), key=lambda a: (a.country_id, a.name))
    party_of = side_of(p.pk for p in parties)
    incidents = (
        Incident.objects.visible_to(user)
        .live()
        .filter(agency_id__in=list(party_of), occurred_on__gte=date_from, occurred_on__lte=date_to)
    )
    per_agency = (
        incidents.order_by()
        .values("agency_id")
        .annotate(incidents=Count("pk"), arrested=Sum("arrested_count"), kg=Sum("seized_kg"))
    )
    by_party = {p.pk: {"incidents": 0, "arrested": 0, "kg": Decimal(0)} for p in parties}
    for row in per_agency:
        figures = by_party[party_of[row["agency_id"]]]
        figures["incidents"] += row["incidents"]
        figures["arrested"] += row["arrested"] or 0
        figures["kg"] += row["kg"] or Decimal(0)
    kg_by_drug = {
        row["drug"]: row["kg"] or Decimal(0)
        for row in SeizedItem.objects.filter(incident__in=incidents.values("pk"))
        .order_by()
        .values("drug")
        .annotate(kg=Sum("kg"))
        .order_by("drug")
    }
    return {
        "incidents": sum(f["incidents"] for f in by_party.values()),
        "arrested": sum(f["arrested"] for f in by_party.values()),
        "kg_by_drug": kg_by_drug,
        "kg": sum(kg_by_drug.values(), Decimal(0)),
        "by_party": [
            {"agency_id": p.pk, "agency": p.name, "country": p.country_id, **by_party[p.pk]}
            for p in parties
        ],
    }


def _case_figures(*, user: User, partnership: Partnership, date_from: date, date_to: date) -> dict:
    """Joint cases visible to the user with participants on at least two sides (parties
    or their units), open at some time of the period, counted by status. Unlike the
    review report (established cases only), the page also counts proposed ones."""
    cases = (
        JointCase.objects.visible_to(user)
        .filter(Q(proposed_on__isnull=True) | Q(proposed_on__lte=date_to))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))
    )
    joint = case_selectors.cases_across_sides(party_ids=party_ids(partnership), cases=cases)
    by_status = dict.fromkeys(CaseStatus.values, 0)
    established = 0
    for status, established_on in JointCase.objects.filter(pk__in=joint).values_list(
        "status", "established_on"
    ):
        by_status[status] = by_status.get(status, 0) + 1
        if established_on and date_from <= established_on <= date_to:
            established += 1
    return {"total": len(joint), "by_status": by_status, "established_in_period": established}


def partnership_figures(
    *, user: User, partnership: Partnership, date_from: date, date_to: date
) -> dict:
    """The live figures of a partnership over a period, as far as the user may see them:
    its exchange, its joint cases, and the seizures recorded by the parties' subtrees."""
    return {
        "period": {"from": date_from, "to": date_to},
        "exchange": partnership_statistics(
            user=user, partnership=partnership, date_from=date_from, date_to=date_to
        ),
        "cases": _case_figures(
            user=user, partnership=partnership, date_from=date_from, date_to=date_to
        ),
        "seizures": _seizure_figures(
            user=user, partnership=partnership, date_from=date_from, date_to=date_to
        ),
    }


def current_half_year(today: date | None = None) -> tuple[date, date]:
    """The half-year containing `today` (default period of the partnership figures)."""
    today = today or timezone.localdate()
    if today.month <= 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year, 7, 1), date(today.year, 12, 31)


__all__ = [
    "activity_document_get",
    "activity_get",
    "activity_list",
    "agreement_get",
    "agreement_list",
    "agreement_text_get",
    "calendar",
    "commitment_get",
    "commitment_list",
    "commitment_states",
    "conference_get",
    "conference_list",
    "cooperation_partnerships",
    "current_half_year",
    "delegation_get",
    "partnership_figures",
    "partnership_get",
]
