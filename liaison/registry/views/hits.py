"""Hits concerning the user's agency: records of ours met by another agency's screening
(with who screened) and our screenings that met another agency's records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from liaison.registry.selectors_hits import hits_shown, hits_visible
from liaison.registry.views.persons import PAGE_SIZE


@login_required
@require_GET
def hit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(hits_visible(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": hits_shown(user=request.user, hits=list(page.object_list)),
    }
    return render(request, "registry/hit_list.html", context)
