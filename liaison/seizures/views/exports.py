"""Exports of the filtered ledger (`liaison/seizures/exports.py` does the work).

/seizures/export/<layout>.<format> with the ledger's query string: the layouts are
``ledger``, ``ids`` (UNODC Individual Drug Seizure) and ``arq`` (annual roll-up), the
formats ``csv`` and ``xlsx``. A bad filter answers 400 with the reason; a filter naming
a case the user may not see answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from liaison.seizures import exports
from liaison.seizures.views._common import bad_request, read_filter


@login_required
@require_safe
def export(request: HttpRequest, layout: str, fmt: str) -> HttpResponse:
    if layout not in exports.LAYOUTS or fmt not in exports.FORMATS:
        raise Http404
    flt, error = read_filter(request.user, request.GET)
    if error is not None:
        return bad_request(error)
    return exports.respond(user=request.user, flt=flt, layout=layout, fmt=fmt)
