"""The partnerships list, a partnership's cooperation page (agreements, the state of every
commitment in force, activities, conferences, live figures) and the calendar."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liaison.cases.models import CaseStatus
from liaison.cooperation import policy, selectors
from liaison.cooperation.forms import PeriodForm
from liaison.cooperation.views._common import paginate
from liaison.seizures.models import DrugType

RECENT = 10
CALENDAR_DAYS = 90


@login_required
@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.cooperation_partnerships(user=request.user)
    context = {"page_obj": paginate(request, partnerships)}
    return render(request, "cooperation/partnership_list.html", context)


@login_required
@require_GET
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_get(user=request.user, pk=pk)
    today = timezone.localdate()
    default_from, default_to = selectors.current_half_year(today)
    period = PeriodForm(request.GET, default_from=default_from, default_to=default_to)
    date_from, date_to = period.period()

    agreements = list(selectors.agreement_list(user=request.user, partnership=partnership))
    in_force = [a for a in agreements if a.in_force_during(today, today)]
    commitments = selectors.commitment_states(
        commitments=selectors.commitment_list(user=request.user, partnership=partnership).filter(
            agreement__in=[a.pk for a in in_force]
        ),
        today=today,
    )
    figures = selectors.partnership_figures(
        user=request.user, partnership=partnership, date_from=date_from, date_to=date_to
    )
    context = {
        "partnership": partnership,
        "parties": partnership.parties.all(),
        "agreements": agreements,
        "in_force": in_force,
        "commitments": commitments,
        "activities": selectors.activity_list(user=request.user, partnership=partnership)[:RECENT],
        "conferences": selectors.conference_list(user=request.user, partnership=partnership)[
            :RECENT
        ],
        "period": period,
        "date_from": date_from,
        "date_to": date_to,
        "figures": figures,
        "kg_by_drug": [
            (_drug_label(drug), kg) for drug, kg in figures["seizures"]["kg_by_drug"].items()
        ],
        "cases_by_status": [
            (CaseStatus(status).label if status in CaseStatus.values else status, count)
            for status, count in figures["cases"]["by_status"].items()
            if count
        ],
        "may_write": policy.can_write(request.user, partnership),
    }
    return render(request, "cooperation/partnership_detail.html", context)


def _drug_label(drug: str) -> str:
    return DrugType(drug).label if drug in DrugType.values else drug


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = PeriodForm(
        request.GET, default_from=today, default_to=today + timedelta(days=CALENDAR_DAYS)
    )
    date_from, date_to = period.period()
    found = selectors.calendar(user=request.user, date_from=date_from, date_to=date_to)
    context = {
        "period": period,
        "date_from": date_from,
        "date_to": date_to,
        "conferences": found["conferences"],
        "commitments_due": found["commitments_due"],
    }
    return render(request, "cooperation/calendar.html", context)
