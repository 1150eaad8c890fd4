"""My tasks: what the cases assign to the user's agency (and its sub-units)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from liaison.cases import selectors

PAGE_SIZE = 50


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    tasks = selectors.agency_tasks(user=request.user, open_only=not show_all)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/my_tasks.html", {"page_obj": page, "show_all": show_all})
