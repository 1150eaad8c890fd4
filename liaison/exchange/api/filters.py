"""Query parameters of the exchange lists.

The message list is not a plain filtered queryset: each box comes from its own scoped
selector (the inbox lists received parts, the sent list messages). These filter sets
validate and document the parameters; the views hand the cleaned values to the
selectors. Agencies are plain ids, so an id out of scope filters to nothing rather than
answering differently from an unknown one.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from liaison.exchange.models import Kind, Message, Notification, Priority, RecipientStatus

BOX_CHOICES = [
    ("inbox", _("Received by your agency and its sub-units")),
    ("sent", _("Sent by your agency and its sub-units")),
    ("drafts", _("Your drafts, returned messages and those awaiting approval")),
    ("awaiting_approval", _("Waiting for your approval (supervisors)")),
    ("overdue", _("Received and past their due time without the expected answer")),
]


class MessageListFilter(django_filters.FilterSet):
    box = django_filters.ChoiceFilter(
        choices=BOX_CHOICES, label=_("which list (default: inbox)"), empty_label=None
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("kind"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("priority"))
    status = django_filters.ChoiceFilter(
        choices=RecipientStatus.choices,
        label=_("status of the received part (inbox) or of any part (sent)"),
    )
    partner = django_filters.NumberFilter(
        label=_("partner agency id: the sender (inbox) or a recipient (sent), with sub-units")
    )
    date_from = django_filters.DateFilter(label=_("sent on or after (YYYY-MM-DD)"))
    date_to = django_filters.DateFilter(label=_("sent on or before (YYYY-MM-DD)"))
    q = django_filters.CharFilter(
        label=_("search in subject and text; Vietnamese accents may be left out")
    )

    class Meta:
        model = Message
        fields = ["box", "kind", "priority", "status", "partner", "date_from", "date_to", "q"]

    def filter_queryset(self, queryset):
        # Only validation and documentation: the view calls the selectors itself.
        return queryset


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("only unread notifications")
    )

    class Meta:
        model = Notification
        fields = ["unread"]
