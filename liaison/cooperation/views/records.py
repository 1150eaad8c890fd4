"""Agreements (detail, create, edit, signed texts) and their commitments (create, edit,
status set by hand)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liaison.cooperation import policy, selectors, services
from liaison.cooperation.forms import (
    AgreementForm,
    AgreementTextForm,
    CommitmentForm,
    CommitmentStatusForm,
)
from liaison.cooperation.services import AGREEMENT_FIELDS, COMMITMENT_FIELDS
from liaison.cooperation.views._common import download, form_page, upload_action


def _agreement_url(agreement) -> str:
    return reverse("cooperation_agreement", args=[agreement.pk])


# --- Agreements ---------------------------------------------------------------------------


@login_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    partnership = agreement.partnership
    may_write = policy.can_write(request.user, partnership)
    context = {
        "agreement": agreement,
        "partnership": partnership,
        "parties": sorted(agreement.parties.all(), key=lambda a: (a.country_id, a.name)),
        "texts": agreement.texts.all(),
        "followed_by": agreement.followed_by.visible_to(request.user),
        "commitments": selectors.commitment_states(
            commitments=agreement.commitments.all(), today=timezone.localdate()
        ),
        "may_write": may_write,
        "may_override": policy.can_override(request.user, partnership),
        "text_form": AgreementTextForm() if may_write else None,
    }
    return render(request, "cooperation/agreement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_get(user=request.user, pk=pk)
    policy.require_write(request.user, partnership)
    form = AgreementForm(
        request.POST or None,
        user=request.user,
        partnership=partnership,
        initial={"parties": list(partnership.parties.all())},
    )
    return form_page(
        request,
        form=form,
        heading=_("New agreement"),
        do=lambda: services.agreement_create(
            user=request.user, partnership=partnership, data=form.cleaned_data
        ),
        success=_("The agreement was recorded."),
        next_url=_agreement_url,
        cancel_url=reverse("cooperation_partnership", args=[partnership.pk]),
        context={"partnership": partnership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    partnership = agreement.partnership
    policy.require_write(request.user, partnership)
    initial = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    initial["parties"] = list(agreement.parties.all())
    form = AgreementForm(
        request.POST or None,
        user=request.user,
        partnership=partnership,
        agreement=agreement,
        initial=initial,
    )
    return form_page(
        request,
        form=form,
        heading=_("Change the agreement"),
        do=lambda: services.agreement_update(
            user=request.user, agreement=agreement, data=form.cleaned_data
        ),
        success=_("The agreement was saved."),
        next_url=_agreement_url,
        cancel_url=_agreement_url(agreement),
        context={"partnership": partnership, "agreement": agreement},
    )


@login_required
@require_POST
def agreement_text_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    policy.require_write(request.user, agreement.partnership)
    form = AgreementTextForm(request.POST, request.FILES)
    return upload_action(
        request,
        form=form,
        do=lambda: services.agreement_text_add(
            user=request.user,
            agreement=agreement,
            language=form.cleaned_data["language"],
            upload=form.cleaned_data["upload"],
        ),
        success=_("The signed text was attached."),
        next_url=_agreement_url(agreement) + "#texts",
    )


@login_required
@require_GET
def agreement_text_download(request: HttpRequest, pk: int) -> FileResponse:
    text = selectors.agreement_text_get(user=request.user, pk=pk)
    services.agreement_text_download(user=request.user, text=text)
    return download(text)


# --- Commitments --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    policy.require_write(request.user, agreement.partnership)
    next_number = agreement.commitments.count() + 1
    form = CommitmentForm(
        request.POST or None, agreement=agreement, initial={"number": str(next_number)}
    )
    return form_page(
        request,
        form=form,
        heading=_("New commitment"),
        do=lambda: services.commitment_create(
            user=request.user, agreement=agreement, data=form.cleaned_data
        ),
        success=_("The commitment was recorded."),
        next_url=lambda commitment: _agreement_url(agreement) + "#commitments",
        cancel_url=_agreement_url(agreement),
        context={"partnership": agreement.partnership, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    agreement = commitment.agreement
    policy.require_write(request.user, agreement.partnership)
    initial = {name: getattr(commitment, name) for name in COMMITMENT_FIELDS}
    initial["responsible"] = list(commitment.responsible.all())
    form = CommitmentForm(request.POST or None, agreement=agreement, initial=initial)
    return form_page(
        request,
        form=form,
        heading=_("Change the commitment"),
        do=lambda: services.commitment_update(
            user=request.user, commitment=commitment, data=form.cleaned_data
        ),
        success=_("The commitment was saved."),
        next_url=lambda saved: _agreement_url(agreement) + "#commitments",
        cancel_url=_agreement_url(agreement),
        context={"partnership": agreement.partnership, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(user=request.user, pk=pk)
    agreement = commitment.agreement
    policy.require_override(request.user, agreement.partnership)
    form = CommitmentStatusForm(
        request.POST or None,
        initial={"status": commitment.status_override, "reason": commitment.override_reason},
    )
    return form_page(
        request,
        form=form,
        heading=_("Set the status by hand"),
        do=lambda: services.commitment_set_status(
            user=request.user,
            commitment=commitment,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        ),
        success=_("The status was saved."),
        next_url=lambda saved: _agreement_url(agreement) + "#commitments",
        cancel_url=_agreement_url(agreement),
        context={
            "partnership": agreement.partnership,
            "agreement": agreement,
            "commitment": commitment,
        },
    )
