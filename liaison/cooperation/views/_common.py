"""What the cooperation pages share: the form-page pattern every write follows, the
buttons and upload forms of detail pages, scoped downloads, pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from liaison.agencies.forms.directory import apply_service_errors
from liaison.core.downloads import private_file_response

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    heading: str,
    do: Callable[[], Any],
    success: str,
    next_url: Callable[[Any], str],
    cancel_url: str,
    context: dict[str, Any] | None = None,
    multipart: bool = False,
) -> HttpResponse:
    """GET shows the form; a valid POST runs the service and goes on to `next_url`.

    Service field errors land on the form (400); a refusal by the service answers 403
    with its reason. The services are atomic: nothing is written unless they succeed.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = do()
            except ValidationError as exc:
                apply_service_errors(form, exc)
                status = 400
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, success)
                return redirect(next_url(result))
        else:
            status = 400
    page = {
        "form": form,
        "heading": heading,
        "cancel_url": cancel_url,
        "multipart": multipart,
        **(context or {}),
    }
    return render(request, "cooperation/form.html", page, status=status)


def post_only_action(
    request: HttpRequest, *, do: Callable[[], Any], success: str, next_url: str
) -> HttpResponse:
    """A button without a form (remove a delegation). A refusal by role propagates as
    403; a rule of the record comes back as an error message on the page."""
    try:
        do()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(next_url)


def upload_action(
    request: HttpRequest, *, form: forms.Form, do: Callable[[], Any], success: str, next_url: str
) -> HttpResponse:
    """The small upload form of a detail page (a signed text, an activity's photo): the
    form's errors, like the service's, come back as error messages on the page."""
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(next_url)
    return post_only_action(request, do=do, success=success, next_url=next_url)


def download(record) -> FileResponse:
    """Stream a stored file of a record the caller fetched through its scoped selector
    and whose copy the matching service already put on record."""
    return private_file_response(
        record.file.open("rb"), filename=record.original_name, content_type=record.content_type
    )
