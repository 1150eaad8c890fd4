"""What the ledger pages share: who may write, and the filter read from a query string."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from liaison.core.access import get_scope
from liaison.seizures import selectors
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models import Incident
from liaison.seizures.validation import WRITER_ROLES


def records_seizures(user) -> bool:
    """Officers, liaison officers, supervisors and analysts of an agency record incidents."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.agency_id is not None and any(user.has_role(role) for role in WRITER_ROLES)


def require_recorder(user) -> None:
    if not records_seizures(user):
        raise PermissionDenied(
            _("Only officers, supervisors and analysts of an agency record seizures.")
        )


def may_change(user, incident: Incident) -> bool:
    """Writers of the recording agency or of an agency above it."""
    if not records_seizures(user):
        return False
    scope = get_scope(user)
    return scope.sees_everything or incident.agency_id in scope.own_subtree


def require_change(user, incident: Incident) -> None:
    if not may_change(user, incident):
        raise PermissionDenied(
            _("Only the recording agency and the agencies above it may change this incident.")
        )


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
