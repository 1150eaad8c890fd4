"""Conferences (list, detail, create, edit) and their delegations (add, edit, remove)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liaison.cooperation import policy, selectors, services
from liaison.cooperation.forms import ConferenceForm, DelegationForm
from liaison.cooperation.services_activities import CONFERENCE_FIELDS
from liaison.cooperation.views._common import form_page, paginate, post_only_action


def _conference_url(conference) -> str:
    return reverse("cooperation_conference", args=[conference.pk])


@login_required
@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = selectors.conference_list(user=request.user)
    context = {"page_obj": paginate(request, conferences)}
    return render(request, "cooperation/conference_list.html", context)


@login_required
@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get(user=request.user, pk=pk)
    partnership = conference.partnership
    may_write = policy.can_write(request.user, partnership)
    context = {
        "conference": conference,
        "partnership": partnership,
        "delegations": sorted(
            conference.delegations.all(), key=lambda d: (d.agency.country_id, d.agency.name)
        ),
        "agreements_signed": conference.agreements_signed.all(),
        "reports": selectors.conference_reports(user=request.user, conference=conference),
        "may_write": may_write,
        "delegation_form": DelegationForm(conference=conference) if may_write else None,
    }
    return render(request, "cooperation/conference_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_get(user=request.user, pk=pk)
    policy.require_write(request.user, partnership)
    form = ConferenceForm(request.POST or None, partnership=partnership)
    return form_page(
        request,
        form=form,
        heading=_("New conference"),
        do=lambda: services.conference_create(
            user=request.user, partnership=partnership, data=form.cleaned_data
        ),
        success=_("The conference was recorded."),
        next_url=_conference_url,
        cancel_url=reverse("cooperation_partnership", args=[partnership.pk]),
        context={"partnership": partnership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get(user=request.user, pk=pk)
    partnership = conference.partnership
    policy.require_write(request.user, partnership)
    initial = {name: getattr(conference, name) for name in CONFERENCE_FIELDS}
    form = ConferenceForm(request.POST or None, partnership=partnership, initial=initial)
    return form_page(
        request,
        form=form,
        heading=_("Change the conference"),
        do=lambda: services.conference_update(
            user=request.user, conference=conference, data=form.cleaned_data
        ),
        success=_("The conference was saved."),
        next_url=_conference_url,
        cancel_url=_conference_url(conference),
        context={"partnership": partnership, "conference": conference},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get(user=request.user, pk=pk)
    policy.require_write(request.user, conference.partnership)
    form = DelegationForm(request.POST or None, conference=conference)

    def do():
        data = form.cleaned_data
        return services.delegation_save(
            user=request.user,
            conference=conference,
            agency=data["agency"],
            head_name=data["head_name"],
            head_title=data["head_title"],
            members=data["members"],
        )

    return form_page(
        request,
        form=form,
        heading=_("Add a delegation"),
        do=do,
        success=_("The delegation was saved."),
        next_url=lambda saved: _conference_url(conference) + "#delegations",
        cancel_url=_conference_url(conference),
        context={"partnership": conference.partnership, "conference": conference},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = selectors.delegation_get(user=request.user, pk=pk)
    conference = delegation.conference
    policy.require_write(request.user, conference.partnership)
    initial = {
        "agency": delegation.agency,
        "head_name": delegation.head_name,
        "head_title": delegation.head_title,
        "members": delegation.members,
    }
    form = DelegationForm(
        request.POST or None, conference=conference, fixed_agency=True, initial=initial
    )

    def do():
        data = form.cleaned_data
        return services.delegation_save(
            user=request.user,
            conference=conference,
            agency=delegation.agency,
            head_name=data["head_name"],
            head_title=data["head_title"],
            members=data["members"],
        )

    return form_page(
        request,
        form=form,
        heading=_("Change the delegation"),
        do=do,
        success=_("The delegation was saved."),
        next_url=lambda saved: _conference_url(conference) + "#delegations",
        cancel_url=_conference_url(conference),
        context={"partnership": conference.partnership, "conference": conference},
    )


@login_required
@require_POST
def delegation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = selectors.delegation_get(user=request.user, pk=pk)
    conference = delegation.conference
    policy.require_write(request.user, conference.partnership)
    return post_only_action(
        request,
        do=lambda: services.delegation_remove(user=request.user, delegation=delegation),
        success=_("The delegation was removed."),
        next_url=_conference_url(conference) + "#delegations",
    )
