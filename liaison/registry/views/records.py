"""Pages of organisations, vehicles, phones, locations and relationships: list and
search, a record's page (an audited read, with its relationships), new, edit and cancel.

The views are generic over `views.kinds.KINDS`; urls.py binds one set per kind. Reads go
through selectors_records (404 out of scope), writes through services_records.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from liaison.agencies.forms.directory import apply_service_errors
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.registry import services_records as services
from liaison.registry.forms_records import CancelForm, SearchForm
from liaison.registry.services import _check_can_write
from liaison.registry.views.kinds import KINDS, RecordKind, record_url, relationships_shown
from liaison.registry.views.persons import PAGE_SIZE, may_write


def _kind(name: str) -> RecordKind:
    return KINDS[name]


@login_required
@require_GET
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    search = SearchForm(request.GET or None)
    records = spec.visible(user=request.user)
    q = search.cleaned_data.get("q", "").strip() if search.is_valid() else ""
    if q:
        records = spec.search(records, q)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"record": record, "cells": [cells(record) for _label, cells in spec.columns]}
        for record in page.object_list
    ]
    context = {
        "spec": spec,
        "search": search,
        "page_obj": page,
        "rows": rows,
        "headers": [label for label, _cells in spec.columns],
        "may_write": may_write(request.user),
    }
    return render(request, "registry/record_list.html", context)


@login_required
@require_GET
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    record = spec.get(user=request.user, pk=pk)
    # who looked at which record stays on record, as for persons
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        obj=record,
        verb=f"registry.{spec.name}_read",
    )
    live = record.cancelled_at is None and getattr(record, "merged_into_id", None) is None
    context = {
        "spec": spec,
        "record": record,
        "details": spec.details(record),
        "relationships": (
            relationships_shown(user=request.user, record=record)
            if spec.name != "relationship"
            else None
        ),
        "may_edit": live and may_write(request.user),
        "live": live,
    }
    return render(request, "registry/record_detail.html", context)


def _writable(request: HttpRequest, spec: RecordKind, pk: int) -> models.Model:
    """The live record the user may see and write, else 404 (unseen) or 403 (role)."""
    record = spec.get(user=request.user, pk=pk)
    if record.cancelled_at is not None or getattr(record, "merged_into_id", None):
        raise Http404(_("This record was cancelled or merged and cannot be changed."))
    _check_can_write(request.user, record.owner_agency)
    return record


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    user = request.user
    if not may_write(user):
        raise PermissionDenied(_("Your role does not allow you to edit the registry."))
    # a relationship started from a record's page comes with its first end
    initial = {k: v for k, v in request.GET.items() if k in ("from_type", "from_id")}
    form = spec.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if user.agency is None:
            form.add_error(None, _("Only a user of an agency can record in the registry."))
        else:
            try:
                record = spec.create(actor=user, owner_agency=user.agency, **form.service_values())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except Http404:
                form.add_error(
                    None, _("A linked record does not exist or is not available to you.")
                )
            else:
                messages.success(request, _("The record was saved."))
                return redirect(record_url(record))
    context = {"spec": spec, "form": form, "title": spec.new_label}
    return render(request, "registry/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    record = _writable(request, spec, pk)
    form = spec.form(request.POST or None, initial=spec.form.initial_from(record), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(actor=request.user, record=record, **form.service_values())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except Http404:
            form.add_error(None, _("A linked record does not exist or is not available to you."))
        else:
            messages.success(request, _("The record was saved."))
            return redirect(record_url(record))
    context = {"spec": spec, "form": form, "record": record, "title": str(record)}
    return render(request, "registry/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_cancel(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    record = _writable(request, spec, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_cancel(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The record was cancelled."))
            return redirect(record_url(record))
    context = {"spec": spec, "form": form, "record": record}
    return render(request, "registry/record_cancel.html", context)
