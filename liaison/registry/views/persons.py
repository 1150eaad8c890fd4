"""Persons: the searchable list, one person's file (an audited read) and a new person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from liaison.agencies.forms.directory import apply_service_errors
from liaison.cases.selectors import person_cases
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.core.widgets import render_picker_options
from liaison.registry import choosing, selectors, services
from liaison.registry.forms import PersonEditForm, PersonFilterForm, PersonForm
from liaison.registry.models import Person
from liaison.registry.screening import screen_records
from liaison.registry.views.kinds import relationships_shown
from liaison.registry.views.presenting import present_results

PAGE_SIZE = 25


def may_write(user) -> bool:
    return user.is_superuser or any(user.has_role(role) for role in services.WRITER_ROLES)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonFilterForm(request.GET or None)
    criteria = filters.criteria() if filters.is_bound else {}
    persons = selectors.persons_search(user=request.user, **criteria)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page,
        "may_write": may_write(request.user),
    }
    return render(request, "registry/person_list.html", context)


@login_required
@require_GET
def person_options(request: HttpRequest) -> HttpResponse:
    """What a person picker (case page, incident form) offers for the words typed."""
    return render_picker_options(request, find=choosing.person_options)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    # reading a person's file is sensitive: who looked at whom stays on record
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        obj=person,
        verb="registry.person_read",
    )
    context = {
        "person": person,
        "names": list(person.names.all()),
        "documents": list(person.documents.select_related("country")),
        "nationalities": list(person.nationalities.all()),
        "links": list(selectors.person_messages(user=request.user, person=person)[:50]),
        # the joint cases of the person that the viewer's agencies take part in
        "case_links": list(person_cases(user=request.user, person=person)[:50]),
        "merged_persons": list(
            Person.objects.visible_to(request.user)
            .filter(merged_into=person)
            .prefetch_related("names")
        ),
        # relationships whose both ends the reader may see (views.kinds)
        "relationships": relationships_shown(user=request.user, record=person),
        "may_edit": person.merged_into_id is None and may_write(request.user),
    }
    return render(request, "registry/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Before saving, the possible existing records of the entered person are shown, so
    the officer opens one of them instead of creating a duplicate."""
    user = request.user
    if not may_write(user):
        raise PermissionDenied(_("Your role does not allow you to edit the registry."))
    form = PersonForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        confirmed = "confirm" in request.POST
        if not confirmed:
            found = screen_records(
                actor=user, records=[form.screening_record()], top=10, hits_source="person_create"
            )[0]
            if found["candidates"] or found["hits"]:
                results = present_results(
                    user=user, records=[form.screening_record()], results=[found]
                )[0]
        if results is None:
            if user.agency is None:
                form.add_error(None, _("Only a user of an agency can record persons."))
            else:
                try:
                    person = services.person_create(
                        actor=user, owner_agency=user.agency, **form.service_values()
                    )
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    return redirect("registry_person", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "result": results})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Names, documents, status flags and sharing of a person, through person_update."""
    person = selectors.person_get(user=request.user, pk=pk)
    if person.merged_into_id is not None:
        raise Http404(_("This record was merged into another one and cannot be changed."))
    services._check_can_write(request.user, person.owner_agency)
    form = PersonEditForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.service_values())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("registry_person", pk=person.pk)
    return render(request, "registry/person_edit.html", {"form": form, "person": person})
