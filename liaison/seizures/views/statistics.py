"""The statistics page and its exports: grouped totals beside a chart.

Reads `selectors_stats.statistics()`, the same function the API and the CLI use; the
export writes exactly the table the page shows (every page of it), and is audited.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from liaison.agencies.forms.directory import apply_service_errors
from liaison.core.audit.services import Action, audit_record
from liaison.seizures.forms import LedgerFilterForm
from liaison.seizures.selectors_stats import (
    MAX_DIMENSIONS,
    StatsQuery,
    StatsResult,
    check_case_filter,
    dimension_choices,
    period_choices,
    statistics,
)
from liaison.seizures.stats_shape import chart_series, table_rows

PAGE_SIZE = 100
MEASURES = ("kg", "incidents", "arrested")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class StatsOptionsForm(forms.Form):
    """Grouping, period and chart measure (the filter is the ledger's own form)."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    measure = forms.ChoiceField(label=gettext_lazy("Chart"), required=False)

    def __init__(self, data=None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        blank = [("", "—")]
        for n in range(MAX_DIMENSIONS - 1):
            self.fields[f"by_{n}"] = forms.ChoiceField(
                label=gettext_lazy("Group by") if n == 0 else gettext_lazy("then by"),
                required=False,
                choices=blank + dimension_choices(),
            )
        self.fields["period"].choices = period_choices()
        self.fields["measure"].choices = [
            ("kg", _("Seized kg")),
            ("incidents", _("Incidents")),
            ("arrested", _("Persons arrested")),
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")


def _query_params(request: HttpRequest):
    """The GET parameters with the page's by_0..by_2 selects folded into `by`."""
    params = request.GET.copy()
    chosen = [params.get(f"by_{n}", "") for n in range(MAX_DIMENSIONS - 1)]
    if any(chosen) and not params.get("by"):
        params.setlist("by", [value for value in chosen if value])
    return params


def _read(request: HttpRequest) -> tuple[StatsQuery | None, ValidationError | None]:
    try:
        query = StatsQuery.from_params(_query_params(request))
    except ValidationError as error:
        return None, error
    if not check_case_filter(user=request.user, flt=query.flt):
        raise Http404
    return query, None


def _headers(result: StatsResult) -> list[str]:
    names = dict(dimension_choices())
    return [
        *(names[dim] for dim in result.query.by),
        _("Incidents"),
        _("Persons arrested"),
        _("Arrested by nationality"),
        _("Seized kg"),
        _("Quantities as recorded"),
        _("Incidents, previous period"),
        _("Seized kg, previous period"),
        _("Change of kg (%)"),
    ]


def _table(result: StatsResult) -> list[list]:
    return table_rows((row.labels, row.totals, row.previous) for row in result.rows)


@login_required
@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    filter_form = LedgerFilterForm(request.GET or None, user=user)
    query, error = _read(request)
    initial = {}
    if query is not None:
        initial = {f"by_{n}": dim for n, dim in enumerate(query.by)}
        initial["period"] = query.period
    options = StatsOptionsForm(initial=initial)
    measure = request.GET.get("measure") if request.GET.get("measure") in MEASURES else "kg"
    options.fields["measure"].initial = measure
    context: dict = {"form": filter_form, "options": options, "result": None}
    if error is not None:
        filter_form.is_valid()
        apply_service_errors(filter_form, error)
        context["option_errors"] = [
            message for field in ("by", "period") for message in error.message_dict.get(field, [])
        ]
        return render(request, "seizures/statistics.html", context, status=400)
    try:
        result = statistics(user=user, query=query)
    except ValidationError as too_many:
        context["option_errors"] = too_many.messages
        return render(request, "seizures/statistics.html", context, status=400)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = query.as_params()
    context.update(
        result=result,
        page_obj=page,
        headers=_headers(result),
        dimension_names=[dict(dimension_choices())[dim] for dim in query.by],
        query=urlencode({**params, "measure": measure}),
        export_query=urlencode(params),
        chart=chart_series(result.groups, by=query.by, labels=result.labels, measure=measure),
        measure=measure,
    )
    return render(request, "seizures/statistics.html", context)


@login_required
@require_safe
def statistics_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    query, error = _read(request)
    if error is not None:
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        result = statistics(user=request.user, query=query)
    except ValidationError as too_many:
        return HttpResponse(
            " ".join(too_many.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    headers, rows = _headers(result), _table(result)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="seizures.statistics",
        object_repr=_("Seizure statistics"),
        verb="statistics_export",
        changes={"format": fmt, "params": query.as_params(), "rows": len(rows)},
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # spreadsheets open UTF-8 (Lao, Khmer names) correctly
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        body = buffer.getvalue().encode("utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Statistics")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        body = out.getvalue()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="seizure-statistics-{stamp}.{fmt}"'
    return response
