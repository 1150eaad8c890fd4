"""The ledger list and the area options its forms reload with htmx.

The ledger holds a million incidents: its count stops at 1,000 ("1,000+") and a page
reads its ids before its rows (exchange's `CappedPaginator`), so a page costs a fixed
number of queries whatever the filter matches.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_safe

from liaison.agencies.forms.directory import apply_service_errors
from liaison.core.paging import CappedPaginator
from liaison.seizures import selectors
from liaison.seizures.forms import LedgerFilterForm
from liaison.seizures.validation import records_seizures
from liaison.seizures.views._common import read_filter

PAGE_SIZE = 50


@login_required
@require_safe
def ledger(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LedgerFilterForm(request.GET or None, user=user)
    flt, error = read_filter(user, request.GET)
    page = None
    query = ""
    if error is not None:
        form.is_valid()
        apply_service_errors(form, error)
    else:
        incidents = selectors.ledger_incidents(user=user, flt=flt)
        page = CappedPaginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
        query = urlencode(flt.as_params())
    rows = list(page.object_list) if page else []
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "visible_cases": selectors.visible_case_ids(
            user=user, case_ids=[row.case_id for row in rows]
        ),
        "query": query,
        "may_record": records_seizures(user),
    }
    return render(request, "seizures/ledger.html", context)


@login_required
@require_safe
def area_options(request: HttpRequest) -> HttpResponse:
    """<option>s of the provinces of `country` (or the districts of `province`) that
    existed on `occurred_on` (any date when it is missing or not a date)."""
    country = (request.GET.get("country") or "").upper()[:2]
    province = request.GET.get("province") or ""
    try:
        day = parse_date(request.GET.get("occurred_on") or "")
    except ValueError:
        day = None
    if province.isdigit():
        areas = selectors.areas(country=country, parent_id=int(province), on=day)
    elif country:
        areas = selectors.areas(country=country, on=day)
    else:
        areas = []
    return render(request, "seizures/incident_area_options.html", {"areas": areas})
