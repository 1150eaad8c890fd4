"""The map of incidents and drug hotspots (/seizures/map/).

The page carries no data: `static/seizures/map.js` draws the province boundaries
(static GeoJSON, no tile server) and asks the API (`seizures_api_map`, the same
`selectors_map.map_data()`) for clusters, points and province colours whenever the
view or the filter changes. The filter form is the ledger's own.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from liaison.agencies.forms.directory import apply_service_errors
from liaison.seizures import map_shape
from liaison.seizures.forms import LedgerFilterForm
from liaison.seizures.views._common import read_filter


def boundaries_urls() -> dict[str, str]:
    """Edition -> URL of its province GeoJSON (see static/seizures/geo/SOURCES.md)."""
    return {
        edition: static(f"seizures/geo/provinces-{edition}.geojson")
        for edition in (map_shape.EDITION_BEFORE, map_shape.EDITION_FROM)
    }


@require_safe
@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET or None, user=request.user)
    status = 200
    params: dict[str, str] = {}
    flt, error = read_filter(request.user, request.GET)
    if error is not None:
        form.is_valid()
        apply_service_errors(form, error)
        status = 400
    else:
        params = flt.as_params()
    context = {
        "form": form,
        "map_config": {
            "data_url": reverse("seizures_api_map"),
            "params": params,
            "boundaries": boundaries_urls(),
            "zoom": map_shape.DEFAULT_ZOOM,
            "min_zoom": map_shape.MIN_ZOOM,
            "max_zoom": map_shape.MAX_ZOOM,
            "center": [15.5, 105.5],  # the three countries in view
        },
    }
    return render(request, "seizures/map.html", context, status=status)
