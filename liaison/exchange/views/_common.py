"""What the exchange pages share: role checks, the tab bar's counts, pagination."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from liaison.agencies.models import Role, User
from liaison.exchange import selectors
from liaison.exchange.services._common import EXCHANGE_ROLES

PAGE_SIZE = 25


def takes_part(user: User) -> bool:
    """Officers, liaison officers and supervisors of an agency write and answer."""
    return (
        user.is_authenticated
        and user.agency_id is not None
        and any(user.has_role(role) for role in EXCHANGE_ROLES)
    )


def is_supervisor(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.SUPERVISOR)


def exchange_role_required(view: Callable) -> Callable:
    """Pages that write: 403 for users who only read (analysts, auditors, admins)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not takes_part(request.user):
            raise PermissionDenied(
                _("Only officers, liaison officers and supervisors take part in the exchange.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request: HttpRequest, items, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def tabs_context(request: HttpRequest, current: str) -> dict:
    """The exchange tab bar: which tab is open, badge counts, what the user may do."""
    user = request.user
    return {
        "tab": current,
        "counts": selectors.counts(user=user),
        "takes_part": takes_part(user),
        "is_supervisor": is_supervisor(user),
    }
