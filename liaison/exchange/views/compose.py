"""Writing messages: compose a new one, change a draft or a returned one, then save it
as a draft or send it (which may hold it for a supervisor's approval)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from liaison.agencies.forms.directory import apply_service_errors
from liaison.exchange import selectors, services
from liaison.exchange.forms import ComposeForm, recipient_agencies
from liaison.exchange.models import Message, MessageStatus
from liaison.exchange.views._common import exchange_role_required, tabs_context


def announce(request: HttpRequest, message: Message) -> None:
    """Tell the author where the message went."""
    if message.status == MessageStatus.SENT:
        messages.success(request, _("The message was sent."))
    elif message.status == MessageStatus.AWAITING_APPROVAL:
        messages.info(request, _("The message waits for a supervisor's approval."))
    else:
        messages.success(request, _("The draft was saved."))


def _initial_from_link(request: HttpRequest) -> dict:
    """A link may prefill a new message (a registry hit opens a verification request to
    the agency holding the match): kind, recipients by agency code, subject and body."""
    if request.method != "GET":
        return {}
    initial = {
        name: request.GET[name][:5000]
        for name in ("kind", "subject", "body")
        if request.GET.get(name)
    }
    codes = request.GET.getlist("recipients")
    if codes:
        initial["recipients"] = list(
            recipient_agencies(request.user).filter(code__in=codes).values_list("pk", flat=True)
        )
    return initial


@exchange_role_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    # A key per form shown: a double click on "Send" stores the message once.
    key = request.POST.get("idempotency_key") or uuid.uuid4().hex
    form = ComposeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=_initial_from_link(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_compose(
                actor=request.user,
                send="send" in request.POST,
                attachments=form.cleaned_data.get("attachments") or [],
                idempotency_key=key,
                **form.service_values(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            announce(request, message)
            return redirect("exchange_message", pk=message.pk)
    context = {**tabs_context(request, "compose"), "form": form, "idempotency_key": key}
    return render(request, "exchange/compose.html", context)


@exchange_role_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes a draft or a returned message, and may send it."""
    message = selectors.message_get(user=request.user, pk=pk)
    if message.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author can change or submit this message."))
    if not message.editable:
        messages.warning(request, _("This message can no longer be changed."))
        return redirect("exchange_message", pk=message.pk)
    form = ComposeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=ComposeForm.initial_for(message),
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        recipients = values.pop("recipients")
        files = form.cleaned_data.get("attachments") or []
        try:
            # one change: the new text, its files and the sending stand or fall together
            with transaction.atomic():
                services.message_update(
                    actor=request.user, message=message, recipients=recipients, **values
                )
                if files:
                    services.message_attach(actor=request.user, message=message, uploads=files)
                if "send" in request.POST:
                    services.message_submit(actor=request.user, message=message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            message.refresh_from_db()
        else:
            message.refresh_from_db()
            announce(request, message)
            return redirect("exchange_message", pk=message.pk)
    context = {
        **tabs_context(request, "drafts"),
        "form": form,
        "message": message,
        "attachments": selectors.message_attachments(user=request.user, message=message),
    }
    return render(request, "exchange/compose.html", context)
