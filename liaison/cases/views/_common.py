"""What the case pages share: the form-page pattern every write follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from liaison.agencies.forms.directory import apply_service_errors
from liaison.cases import services
from liaison.cases.models import JointCase


def require_writer(user) -> None:
    """Pages that write answer 403 for roles that only read (analysts, auditors)."""
    services.check_writer(user)


def form_page(
    request: HttpRequest,
    *,
    case: JointCase | None,
    form: forms.Form,
    heading: str,
    do: Callable[[dict[str, Any]], Any],
    success: str,
    next_url: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST runs the service and goes back to the case.

    Service field errors land on the form (400); a refusal by the service answers 403
    with its reason on the page. Nothing is written unless the service succeeds.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = do(dict(form.cleaned_data))
            except ValidationError as exc:
                apply_service_errors(form, exc)
                status = 400
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, success)
                if next_url is not None:
                    return redirect(next_url(result))
                return redirect("cases_detail", pk=case.pk)
        else:
            status = 400
    context = {"case": case, "form": form, "heading": heading}
    return render(request, "cases/form.html", context, status=status)


def post_action(
    request: HttpRequest, *, case: JointCase, do: Callable[[], Any], success: str, anchor: str = ""
) -> HttpResponse:
    """A button without a form (remove a participant, unlink a record). A refusal by
    role propagates as 403; a rule of the case comes back as an error on the page."""
    try:
        do()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    response = redirect("cases_detail", pk=case.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
