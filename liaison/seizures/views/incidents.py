"""One incident: its page (an audited read), the create and edit forms with their item
and arrest rows, and the cancellation.

Writing is for officers, liaison officers, supervisors and analysts of the recording
agency or of an agency above it (403 for others who may see the incident, 404 for
those who may not). The services validate; their field-keyed errors come back onto the
form ("items"/"arrests" above their rows).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from liaison.agencies.forms.directory import apply_service_errors
from liaison.core.audit.services import Action, audit_record
from liaison.seizures import selectors, services
from liaison.seizures.forms import (
    ArrestFormSet,
    CancelForm,
    IncidentForm,
    ItemFormSet,
    incident_input,
)
from liaison.seizures.models import Incident
from liaison.seizures.validation import may_change, require_change, require_recorder

ROW_ERRORS = ("items", "arrests")


@login_required
@require_safe
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    incident = selectors.incident_get(user=user, pk=pk)
    arrests = list(incident.arrests.all())
    persons = selectors.visible_person_ids(user=user, person_ids=[a.person_id for a in arrests])
    # who read which seizure (and the persons arrested in it) stays on record
    audit_record(actor=user, action=Action.READ, obj=incident, verb="seizures.incident_read")
    context = {
        "incident": incident,
        "items": list(incident.items.all()),
        "arrests": [(arrest, arrest.person_id in persons) for arrest in arrests],
        "case_visible": bool(selectors.visible_case_ids(user=user, case_ids=[incident.case_id])),
        "may_change": may_change(user, incident) and incident.cancelled_at is None,
    }
    return render(request, "seizures/incident_detail.html", context)


def _with_extra_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted data with one more blank row in the formset `prefix` ("add a row")."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        data[key] = str(int(data.get(key, "0")) + 1)
    except ValueError:
        pass
    return data


def _edit(request: HttpRequest, *, incident: Incident | None) -> HttpResponse:
    user = request.user
    data = request.POST if request.method == "POST" else None
    adding = None
    if data is not None:
        for prefix in ("items", "arrests"):
            if f"add_{prefix}" in data:
                adding = prefix
                data = _with_extra_row(data, prefix)
    initial: dict = {}
    item_rows: list[dict] = []
    arrest_rows: list[dict] = []
    if incident is not None:
        initial = IncidentForm.initial_of(incident)
        item_rows = [
            {"drug": i.drug, "substance": i.substance, "quantity": i.quantity, "unit": i.unit}
            for i in incident.items.all()
        ]
        arrest_rows = [
            {"nationality": a.nationality, "count": a.count, "person": a.person_id}
            for a in incident.arrests.all()
        ]
    elif user.agency_id:
        initial = {"agency": user.agency_id, "country": user.agency.country_id}
    form = IncidentForm(data, user=user, initial=initial)
    items = ItemFormSet(data, prefix="items", initial=item_rows)
    arrests = ArrestFormSet(data, prefix="arrests", initial=arrest_rows, form_kwargs={"user": user})
    row_errors: dict[str, list[str]] = {}
    if data is not None and adding is None:
        valid = form.is_valid() & items.is_valid() & arrests.is_valid()
        if valid:
            try:
                values = incident_input(form, items, arrests)
                if incident is None:
                    saved = services.incident_create(actor=user, data=values)
                else:
                    saved = services.incident_update(actor=user, incident=incident, data=values)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for key in ROW_ERRORS:
                        if key in error.error_dict:
                            row_errors[key] = [m for e in error.error_dict.pop(key) for m in e]
                    if error.error_dict:
                        apply_service_errors(form, error)
                else:
                    apply_service_errors(form, error)
            else:
                return redirect("seizures_incident", pk=saved.pk)
    context = {
        "form": form,
        "items": items,
        "arrests": arrests,
        "row_errors": row_errors,
        "incident": incident,
    }
    status = 400 if form.errors or row_errors else 200
    return render(request, "seizures/incident_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request: HttpRequest) -> HttpResponse:
    require_recorder(request.user)
    return _edit(request, incident=None)


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(user=request.user, pk=pk)
    require_change(request.user, incident)
    return _edit(request, incident=incident)


@login_required
@require_http_methods(["GET", "POST"])
def incident_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get(user=request.user, pk=pk)
    require_change(request.user, incident)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_cancel(
                actor=request.user, incident=incident, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error, default_field="reason")
        else:
            return redirect("seizures_incident", pk=incident.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "seizures/incident_cancel.html",
        {"form": form, "incident": incident},
        status=status,
    )
