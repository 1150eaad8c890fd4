"""One message: its thread, every visible recipient part with its clock, attachments,
and the actions the user's role and the message's state allow (POST forms).

The message is fetched through `selectors.message_get`, so an outsider gets 404 for the
page, for every action on it and for its attachments. Opening the page records a read
(`services.message_mark_read`, audited) and marks the user's agency's part read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from liaison.agencies.forms.directory import apply_service_errors
from liaison.core.access import get_scope
from liaison.core.downloads import private_file_response
from liaison.core.sharing import HandlingCode
from liaison.exchange import selectors, services
from liaison.exchange.duetime import is_overdue
from liaison.exchange.forms import AttachForm, ForwardForm, ReplyForm, ReviewForm
from liaison.exchange.models import Message, MessageStatus, Recipient
from liaison.exchange.views._common import is_supervisor, tabs_context, takes_part


def _thread_closed(message: Message, thread: list[Message]) -> bool:
    root_id = message.root_id
    for item in thread:
        if item.pk == root_id:
            return item.closed_at is not None
    return Message.objects.filter(pk=root_id, closed_at__isnull=False).exists()


def _detail_context(request: HttpRequest, message: Message, **forms) -> dict:
    user = request.user
    thread = list(selectors.thread_messages(user=user, message=message))
    parts = list(selectors.message_parts(user=user, message=message))
    mine: Recipient | None = next(
        (p for p in parts if p.agency_id == user.agency_id and p.sent_at), None
    )
    own_subtree = get_scope(user).own_subtree
    sender_side = message.sender_agency_id in own_subtree
    thread_closed = _thread_closed(message, thread)
    part_open = takes_part(user) and mine is not None and mine.closed_at is None
    now = timezone.now()
    for part in parts:
        part.is_overdue = _overdue(part, now)
    return {
        **tabs_context(request, "inbox" if mine else "sent"),
        "message": message,
        "thread": thread,
        "parts": parts,
        "own_part": mine,
        "attachments": selectors.message_attachments(user=user, message=message),
        "thread_closed": thread_closed,
        "can_edit": message.author_id == user.pk and message.editable,
        "can_review": (
            is_supervisor(user)
            and message.status == MessageStatus.AWAITING_APPROVAL
            and sender_side
            and message.author_id != user.pk
        ),
        "can_acknowledge": part_open and mine.acknowledged_at is None,
        "can_reply": part_open and not thread_closed,
        "can_forward": part_open and not thread_closed,
        "can_close_part": part_open,
        "can_close_thread": (
            takes_part(user)
            and mine is None
            and sender_side
            and message.thread_id is None
            and message.status == MessageStatus.SENT
            and not thread_closed
        ),
        "is_h2": message.handling_code == HandlingCode.H2,
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial={"handling_code": message.handling_code}),
        "forward_form": forms.get("forward_form") or ForwardForm(user=user, message=message),
        "review_form": forms.get("review_form") or ReviewForm(),
        "attach_form": forms.get("attach_form") or AttachForm(),
        "action_error": forms.get("action_error"),
        # one key per reply form shown: a double click sends the answer once
        "reply_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
    }


def _overdue(part: Recipient, now) -> bool:
    return is_overdue(
        due_at=part.due_at,
        now=now,
        expects_reply=part.expects_reply,
        acknowledged_at=part.acknowledged_at,
        answered_at=part.answered_at,
        closed_at=part.closed_at,
    )


@login_required
@require_safe
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get(user=request.user, pk=pk)
    services.message_mark_read(actor=request.user, message=message)
    return render(request, "exchange/message_detail.html", _detail_context(request, message))


def _act(
    request: HttpRequest,
    pk: int,
    do: Callable[[Message], object],
    *,
    success: str,
    form_name: str | None = None,
    form=None,
) -> HttpResponse:
    """Run one service on a visible message (404 otherwise) and answer like a form.

    Field errors go back on the action's form; errors without a form become an alert;
    a refusal by role answers 403 with the service's explanation on the page.
    """
    message = selectors.message_get(user=request.user, pk=pk)
    if form is not None and not form.is_valid():
        return render(
            request,
            "exchange/message_detail.html",
            _detail_context(request, message, **{form_name: form}),
            status=400,
        )
    try:
        result = do(message)
    except ValidationError as exc:
        if form is None:
            return render(
                request,
                "exchange/message_detail.html",
                _detail_context(request, message, action_error=" ".join(exc.messages)),
                status=400,
            )
        apply_service_errors(form, exc)
        return render(
            request,
            "exchange/message_detail.html",
            _detail_context(request, message, **{form_name: form}),
            status=400,
        )
    except PermissionDenied as exc:
        return render(
            request,
            "exchange/message_detail.html",
            _detail_context(request, message, action_error=str(exc)),
            status=403,
        )
    messages.success(request, success)
    target = result.pk if isinstance(result, Message) and form_name == "reply_form" else pk
    return redirect("exchange_message", pk=target)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    return _act(
        request,
        pk,
        lambda m: services.message_approve(
            actor=request.user, message=m, comment=form.cleaned_data["comment"]
        ),
        success=_("The message was approved and sent."),
        form_name="review_form",
        form=form,
    )


@require_POST
@login_required
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    return _act(
        request,
        pk,
        lambda m: services.message_return(
            actor=request.user, message=m, comment=form.cleaned_data["comment"]
        ),
        success=_("The message was returned to its author."),
        form_name="review_form",
        form=form,
    )


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    def do(message: Message) -> Message:
        return services.message_submit(actor=request.user, message=message)

    return _act(request, pk, do, success=_("The message was submitted."))


@require_POST
@login_required
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    def do(message: Message):
        return services.message_acknowledge(actor=request.user, message=message)

    return _act(request, pk, do, success=_("Receipt acknowledged."))


@require_POST
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReplyForm(request.POST, request.FILES)

    def do(message: Message) -> Message:
        return services.message_reply(
            actor=request.user,
            message=message,
            attachments=form.cleaned_data.get("attachments") or [],
            idempotency_key=request.POST.get("idempotency_key", ""),
            **form.service_values(),
        )

    return _act(
        request, pk, do, success=_("Your answer was sent."), form_name="reply_form", form=form
    )


@require_POST
@login_required
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    # The form needs the message to explain an H2 refusal (404 here when out of scope).
    message = selectors.message_get(user=request.user, pk=pk)
    form = ForwardForm(request.POST, user=request.user, message=message)

    def do(message: Message):
        return services.message_forward(
            actor=request.user,
            message=message,
            agencies=list(form.cleaned_data["agencies"]),
            note=form.cleaned_data["note"],
        )

    return _act(
        request,
        pk,
        do,
        success=_("The message was forwarded."),
        form_name="forward_form",
        form=form,
    )


@require_POST
@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    def do(message: Message):
        return services.message_close(actor=request.user, message=message)

    return _act(request, pk, do, success=_("Closed."))


@require_POST
@login_required
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    form = AttachForm(request.POST, request.FILES)

    def do(message: Message):
        return services.message_attach(
            actor=request.user, message=message, uploads=form.cleaned_data["files"]
        )

    return _act(
        request,
        pk,
        do,
        success=_("The files were attached."),
        form_name="attach_form",
        form=form,
    )


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Stream a file of a visible message (404 for anyone outside its scope), audited."""
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    services.message_attachment_download(actor=request.user, attachment=attachment)
    return private_file_response(
        attachment.file.open("rb"),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
