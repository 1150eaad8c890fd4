"""What the ledger pages share: the filter read from a query string, and the exports' 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest

from liaison.seizures import selectors
from liaison.seizures.ledger_filter import LedgerFilter


def read_filter(user, params) -> tuple[LedgerFilter | None, ValidationError | None]:
    """The ledger filter of a query string: (filter, None) or (None, the error).

    A filter naming a case the user may not see raises Http404.
    """
    try:
        flt = LedgerFilter.from_params(params)
    except ValidationError as error:
        return None, error
    selectors.check_filter_scope(user=user, flt=flt)
    return flt, None


def bad_request(error: ValidationError) -> HttpResponseBadRequest:
    """A file export's refusal as plain text: each field with its reasons."""
    reasons = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return HttpResponseBadRequest(reasons, content_type="text/plain; charset=utf-8")
