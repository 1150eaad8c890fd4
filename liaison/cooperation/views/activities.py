"""Joint activities: the filtered list, detail, create, edit, photos and documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liaison.cooperation import policy, selectors, services
from liaison.cooperation.forms import ActivityDocumentForm, ActivityFilterForm, ActivityForm
from liaison.cooperation.services_activities import ACTIVITY_FIELDS
from liaison.cooperation.views._common import download, form_page, paginate, upload_action


def _activity_url(activity) -> str:
    return reverse("cooperation_activity", args=[activity.pk])


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.cooperation_partnerships(user=request.user).order_by("name")
    filters = ActivityFilterForm(request.GET or None, partnerships=partnerships)
    activities = selectors.activity_list(user=request.user, **filters.criteria())
    context = {"filters": filters, "page_obj": paginate(request, activities)}
    return render(request, "cooperation/activity_list.html", context)


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    partnership = activity.partnership
    may_write = policy.can_write(request.user, partnership)
    context = {
        "activity": activity,
        "partnership": partnership,
        "participating": activity.participating.all(),
        "commitments": activity.commitments.all(),
        "documents": activity.documents.all(),
        "may_write": may_write,
        "document_form": ActivityDocumentForm() if may_write else None,
    }
    return render(request, "cooperation/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_get(user=request.user, pk=pk)
    policy.require_write(request.user, partnership)
    initial = {}
    commitment = request.GET.get("commitment", "")
    if commitment.isdigit():
        initial["commitments"] = [int(commitment)]
    form = ActivityForm(
        request.POST or None, user=request.user, partnership=partnership, initial=initial
    )
    return form_page(
        request,
        form=form,
        heading=_("New activity"),
        do=lambda: services.activity_create(
            user=request.user, partnership=partnership, data=form.cleaned_data
        ),
        success=_("The activity was recorded."),
        next_url=_activity_url,
        cancel_url=reverse("cooperation_partnership", args=[partnership.pk]),
        context={"partnership": partnership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    partnership = activity.partnership
    policy.require_write(request.user, partnership)
    initial = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    initial["participating"] = list(activity.participating.all())
    initial["commitments"] = list(activity.commitments.all())
    form = ActivityForm(
        request.POST or None, user=request.user, partnership=partnership, initial=initial
    )
    return form_page(
        request,
        form=form,
        heading=_("Change the activity"),
        do=lambda: services.activity_update(
            user=request.user, activity=activity, data=form.cleaned_data
        ),
        success=_("The activity was saved."),
        next_url=_activity_url,
        cancel_url=_activity_url(activity),
        context={"partnership": partnership, "activity": activity},
    )


@login_required
@require_POST
def activity_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    policy.require_write(request.user, activity.partnership)
    form = ActivityDocumentForm(request.POST, request.FILES)
    return upload_action(
        request,
        form=form,
        do=lambda: services.activity_document_add(
            user=request.user,
            activity=activity,
            upload=form.cleaned_data["upload"],
            caption=form.cleaned_data["caption"],
        ),
        success=_("The file was attached."),
        next_url=_activity_url(activity) + "#documents",
    )


@login_required
@require_GET
def activity_document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.activity_document_get(user=request.user, pk=pk)
    services.activity_document_download(user=request.user, document=document)
    return download(document)
