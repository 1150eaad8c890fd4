"""The statistics page and its exports: grouped totals beside a chart.

Reads `selectors_stats.statistics()`, the same function the API and the CLI use; the
export (`exports.respond_statistics`) writes exactly the table the page shows (every
page of it), and is audited.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from liaison.agencies.forms.directory import apply_service_errors
from liaison.seizures import exports, selectors
from liaison.seizures.forms import LedgerFilterForm
from liaison.seizures.selectors_stats import (
    MAX_DIMENSIONS,
    StatsQuery,
    dimension_choices,
    period_choices,
    statistics,
)
from liaison.seizures.stats_shape import chart_series
from liaison.seizures.views._common import bad_request

PAGE_SIZE = 100
MEASURES = ("kg", "incidents", "arrested")


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
    selectors.check_filter_scope(user=request.user, flt=query.flt)
    return query, None


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
    if fmt not in exports.FORMATS:
        raise Http404
    query, error = _read(request)
    if error is None:
        try:
            result = statistics(user=request.user, query=query)
        except ValidationError as too_many:
            error = too_many
    if error is not None:
        return bad_request(error)
    return exports.respond_statistics(user=request.user, result=result, fmt=fmt)
