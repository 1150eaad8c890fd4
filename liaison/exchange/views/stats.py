"""Statistics per partnership and period, and the in-app notifications."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from liaison.exchange import selectors, services
from liaison.exchange.forms import StatisticsForm
from liaison.exchange.models import Kind, Notification
from liaison.exchange.statistics import partnership_statistics
from liaison.exchange.views._common import paginate, tabs_context

DEFAULT_PERIOD_DAYS = 180


@login_required
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """Counts and response times of one partnership over a period (default: 180 days)."""
    today = timezone.localdate()
    form = StatisticsForm(request.GET or None, user=request.user)
    if not form.is_bound:
        first = form.fields["partnership"].queryset.first()
        form = StatisticsForm(
            {
                "partnership": first.pk if first else "",
                "date_from": (today - timedelta(days=DEFAULT_PERIOD_DAYS)).isoformat(),
                "date_to": today.isoformat(),
            },
            user=request.user,
        )
    figures = None
    if form.is_valid():
        figures = partnership_statistics(
            user=request.user,
            partnership=form.cleaned_data["partnership"],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        for party in figures["parties"]:  # counts in the order of the table's columns
            party["sent_counts"] = [party["sent"]["by_kind"][k] for k in Kind.values]
            party["received_counts"] = [party["received"]["by_kind"][k] for k in Kind.values]
    context = {
        **tabs_context(request, "statistics"),
        "form": form,
        "figures": figures,
        "kinds": Kind.choices,
    }
    return render(request, "exchange/statistics.html", context)


@login_required
@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    items = selectors.notifications(user=request.user, unread_only=unread_only)
    context = {
        **tabs_context(request, "notifications"),
        "page_obj": paginate(request, items),
        "unread_only": unread_only,
    }
    return render(request, "exchange/notifications.html", context)


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; someone else's answers 404 like a missing one."""
    notification = Notification.objects.visible_to(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_mark_read(actor=request.user, notification=notification)
    if request.POST.get("open"):
        return redirect("exchange_message", pk=notification.message_id)
    return redirect("exchange_notifications")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    changed = services.notification_mark_read(actor=request.user)
    if changed:
        messages.success(request, _("All notifications are marked read."))
    return redirect("exchange_notifications")
