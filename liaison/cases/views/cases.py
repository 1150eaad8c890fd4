"""The case list, a new case, the case file (an audited read), its edit and status forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from liaison.cases import selectors, services
from liaison.cases.forms import (
    CaseFilterForm,
    CaseForm,
    EventForm,
    MessageLinkForm,
    StatusForm,
    TaskForm,
)
from liaison.cases.views._common import form_page, require_writer
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent

PAGE_SIZE = 25


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    filters = CaseFilterForm(request.GET or None, user=request.user)
    criteria = filters.criteria() if filters.is_bound else {}
    cases = selectors.cases_search(user=request.user, **criteria)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page_obj": page, "may_write": services.may_write(request.user)}
    return render(request, "cases/case_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = CaseForm(request.POST or None, user=request.user)
    return form_page(
        request,
        case=None,
        form=form,
        heading=_("New joint case"),
        do=lambda data: services.case_create(actor=request.user, **form.service_values()),
        success=_("The case was proposed."),
        next_url=lambda case: reverse("cases_detail", args=[case.pk]),
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    # a case is sensitive: who opened which case stays on record
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        obj=case,
        verb="cases.case_read",
    )
    file = selectors.case_file(user=request.user, case=case)
    may_write = services.may_write(request.user)
    context = {"case": case, "file": file, "may_write": may_write}
    if may_write:
        context.update(
            event_form=EventForm(case=case, user=request.user),
            task_form=TaskForm(case=case),
            message_form=MessageLinkForm(
                user=request.user,
                options_url=reverse("cases_message_options", args=[case.pk]),
            ),
        )
    return render(request, "cases/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    require_writer(request.user)
    initial = {
        "code": case.code,
        "title": case.title,
        "proposed_on": case.proposed_on,
        "target_ring": case.target_ring,
        "target_organisation": case.target_organisation_id,
        "summary": case.summary,
        "handling_code": case.handling_code,
    }
    form = CaseForm(request.POST or None, user=request.user, case=case, initial=initial)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Change the case"),
        do=lambda data: services.case_update(
            actor=request.user, case=case, **form.service_values()
        ),
        success=_("The case was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    require_writer(request.user)
    form = StatusForm(request.POST or None)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Change the status"),
        do=lambda data: services.case_set_status(actor=request.user, case=case, **data),
        success=_("The status was changed."),
    )
