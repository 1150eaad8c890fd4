"""Writes on one case: participants, linked persons and organisations, timeline, tasks
and messages. The case is fetched through `selectors.case_get` first, so an outsider
gets 404 for every one of these URLs, GET or POST."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liaison.cases import choosing, selectors, services
from liaison.cases.forms import (
    CaseChoiceForm,
    EventForm,
    MessageLinkForm,
    OrganisationLinkForm,
    ParticipantForm,
    PersonLinkForm,
    TaskForm,
)
from liaison.cases.models import CaseOrganisation, CasePerson, CaseTask
from liaison.cases.views._common import form_page, post_action, require_writer
from liaison.core.widgets import render_picker_options
from liaison.exchange.models import Message


def _case_for_writing(request: HttpRequest, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    require_writer(request.user)
    return case


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    form = ParticipantForm(request.POST or None, user=request.user, case=case)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Add a participating agency"),
        do=lambda data: services.participant_add(actor=request.user, case=case, **data),
        success=_("The agency now takes part in the case."),
    )


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    agency = case.participants.filter(agency_id=agency_pk).select_related("agency").first()
    if agency is None:
        raise Http404
    return post_action(
        request,
        case=case,
        do=lambda: services.participant_remove(actor=request.user, case=case, agency=agency.agency),
        success=_("The agency no longer takes part in the case."),
        anchor="participants",
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    form = PersonLinkForm(
        request.POST or None,
        user=request.user,
        options_url=reverse("registry_person_options"),
    )
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Link a person"),
        do=lambda data: services.person_link(actor=request.user, case=case, **data),
        success=_("The person was linked to the case."),
    )


@login_required
@require_GET
def message_options(request: HttpRequest, pk: int) -> HttpResponse:
    """The message picker's results (htmx); the case first, so 404 for anyone who may
    not write it."""
    _case_for_writing(request, pk)
    return render_picker_options(request, find=choosing.message_options)


@login_required
@require_POST
def person_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    link = CasePerson.objects.filter(case=case, pk=link_pk).select_related("case").first()
    if link is None:
        raise Http404
    return post_action(
        request,
        case=case,
        do=lambda: services.person_unlink(actor=request.user, link=link),
        success=_("The person was unlinked from the case."),
        anchor="persons",
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    form = OrganisationLinkForm(request.POST or None, user=request.user)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Link an organisation"),
        do=lambda data: services.organisation_link(actor=request.user, case=case, **data),
        success=_("The organisation was linked to the case."),
    )


@login_required
@require_POST
def organisation_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    link = CaseOrganisation.objects.filter(case=case, pk=link_pk).select_related("case").first()
    if link is None:
        raise Http404
    return post_action(
        request,
        case=case,
        do=lambda: services.organisation_unlink(actor=request.user, link=link),
        success=_("The organisation was unlinked from the case."),
        anchor="persons",
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    form = EventForm(request.POST or None, case=case, user=request.user)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Add an event to the timeline"),
        do=lambda data: services.event_add(actor=request.user, case=case, **data),
        success=_("The event was added to the timeline."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    form = TaskForm(request.POST or None, case=case)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Assign a task"),
        do=lambda data: services.task_add(actor=request.user, case=case, **data),
        success=_("The task was assigned."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    task = CaseTask.objects.filter(case=case, pk=task_pk).select_related("case").first()
    if task is None:
        raise Http404
    initial = {
        "title": task.title,
        "agency": task.agency_id,
        "due_on": task.due_on,
        "description": task.description,
        "status": task.status,
    }
    form = TaskForm(request.POST or None, case=case, with_status=True, initial=initial)
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Change the task"),
        do=lambda data: services.task_update(actor=request.user, task=task, **data),
        success=_("The task was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_link(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    form = MessageLinkForm(
        request.POST or None,
        user=request.user,
        options_url=reverse("cases_message_options", args=[case.pk]),
    )
    return form_page(
        request,
        case=case,
        form=form,
        heading=_("Link a message"),
        do=lambda data: services.message_link(actor=request.user, case=case, **data),
        success=_("The message was linked to the case."),
    )


@login_required
@require_POST
def message_unlink(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    case = _case_for_writing(request, pk)
    message = Message.objects.visible_to(request.user).filter(pk=message_pk).first()
    if message is None:
        raise Http404
    return post_action(
        request,
        case=case,
        do=lambda: services.message_unlink(actor=request.user, case=case, message=message),
        success=_("The message was unlinked from the case."),
        anchor="messages",
    )


@login_required
@require_POST
def link_from_message(request: HttpRequest, message_pk: int) -> HttpResponse:
    """The message page's "link to a case" form: the message must be visible (404)."""
    from django.contrib import messages as flash

    from liaison.exchange.selectors import message_get

    message = message_get(user=request.user, pk=message_pk)
    require_writer(request.user)
    form = CaseChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        flash.error(request, _("Choose one of the cases you take part in."))
    else:
        from django.core.exceptions import ValidationError

        try:
            services.message_link(
                actor=request.user, case=form.cleaned_data["case"], message=message
            )
        except ValidationError as exc:
            flash.error(request, " ".join(exc.messages))
        else:
            flash.success(request, _("The message was linked to the case."))
    return redirect("exchange_message", pk=message.pk)
