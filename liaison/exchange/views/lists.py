"""The exchange's lists: inbox (with its self-refreshing partial), sent, drafts,
awaiting approval and overdue. Every list comes from a scoped selector and is paginated;
related rows are joined by the selectors, so a page costs a fixed number of queries. The
long lists (inbox, sent, overdue) count at most 1,000 rows and read a page's ids before
its rows (liaison/core/paging.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from liaison.core.paging import CappedPaginator
from liaison.exchange import selectors
from liaison.exchange.forms import MessageFilterForm
from liaison.exchange.views._common import PAGE_SIZE, is_supervisor, paginate, tabs_context


def paginate_capped(request: HttpRequest, items) -> Page:
    """The long lists (inbox, sent, overdue): a count capped at 1,000, ids first."""
    return CappedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _inbox_context(request: HttpRequest) -> dict:
    form = MessageFilterForm(request.GET or None, user=request.user)
    parts = selectors.inbox(user=request.user, **form.filters())
    page = paginate_capped(request, parts)
    return {
        "form": form,
        "page_obj": page,
        "now": timezone.now(),
        # the partial keeps the filters and the page when it refreshes itself
        "refresh_query": request.GET.urlencode(),
    }


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    context = {**tabs_context(request, "inbox"), **_inbox_context(request)}
    return render(request, "exchange/inbox.html", context)


@login_required
@require_safe
def inbox_partial(request: HttpRequest) -> HttpResponse:
    """The inbox table alone, polled by htmx every 30 seconds (no read is recorded)."""
    return render(request, "exchange/_inbox_table.html", _inbox_context(request))


@require_safe
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The navbar's unread count, loaded by htmx after each page (one COUNT query).

    After the session expired: 204, so htmx leaves the badge empty instead of swapping
    the sign-in page into the navbar.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    unread = selectors.unread_count(user=request.user)
    return render(request, "exchange/_unread_badge.html", {"unread": unread})


@login_required
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    form = MessageFilterForm(request.GET or None, user=request.user)
    messages = selectors.sent(user=request.user, **form.filters())
    context = {
        **tabs_context(request, "sent"),
        "form": form,
        "page_obj": paginate_capped(request, messages),
        "now": timezone.now(),
    }
    return render(request, "exchange/sent.html", context)


@login_required
@require_safe
def drafts(request: HttpRequest) -> HttpResponse:
    context = {
        **tabs_context(request, "drafts"),
        "page_obj": paginate(request, selectors.drafts(user=request.user)),
    }
    return render(request, "exchange/drafts.html", context)


@login_required
@require_safe
def awaiting_approval(request: HttpRequest) -> HttpResponse:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only supervisors approve messages."))
    context = {
        **tabs_context(request, "awaiting"),
        "page_obj": paginate(request, selectors.awaiting_approval(user=request.user)),
    }
    return render(request, "exchange/awaiting.html", context)


@login_required
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    """What the user's agencies owe (received) or are owed (sent), oldest due first."""
    side = "sent" if request.GET.get("side") == "sent" else "received"
    now = timezone.now()
    parts = selectors.overdue(user=request.user, side=side, now=now)
    context = {
        **tabs_context(request, "overdue"),
        "side": side,
        "page_obj": paginate_capped(request, parts),
        "now": now,
    }
    return render(request, "exchange/overdue.html", context)
