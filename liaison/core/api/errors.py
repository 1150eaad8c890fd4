"""API errors are JSON with field names, never an HTML page and never a 500.

- Django `ValidationError` from a service or `full_clean()` → 400 ``{"field": [msg]}``
  (``__all__`` becomes ``non_field_errors``, as in DRF).
- Django `PermissionDenied` → 403 ``{"detail": msg}`` keeping the service's message.
- `Http404` / `ObjectDoesNotExist` → 404 ``{"detail": "Not found."}``: the same answer for
  missing and out-of-scope records.
- Anything DRF knows (parse errors, 405, 401, 429, serializer errors) keeps DRF's JSON.
- Anything else is logged and answered with a generic 500 JSON body.
All messages are translated in the language active for the request.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger("liaison.api")


def validation_error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF-style ``{field: [messages]}``."""
    if hasattr(exc, "error_dict"):
        return {
            (field if field != "__all__" else "non_field_errors"): [str(m) for m in msgs]
            for field, msgs in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def to_api_exception(exc: Exception) -> Exception:
    """Map the Django exceptions services raise onto DRF's, leaving others untouched."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_error_detail(exc))
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return exceptions.NotFound(_("Not found."))
    if isinstance(exc, PermissionDenied):
        message = str(exc)
        return exceptions.PermissionDenied(message or None)
    return exc


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every API error as JSON."""
    response = drf_exception_handler(to_api_exception(exc), context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"detail": _("An internal error occurred; it has been logged.")},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return response


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def json_error_response(request, status_code: int) -> JsonResponse:
    """For Django's handler404/403/500 when the path is under /api/ (no view matched)."""
    messages = {
        404: _("Not found."),
        403: _("You do not have permission to perform this action."),
        500: _("An internal error occurred; it has been logged."),
    }
    return JsonResponse({"detail": messages.get(status_code, "")}, status=status_code)
