"""Filters of the core API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from liaison.core.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    # Plain ids, not model choices: an id the caller may not see must not answer
    # differently from one that does not exist.
    actor = django_filters.NumberFilter(field_name="actor_id", label=_("actor (user id)"))
    agency = django_filters.NumberFilter(field_name="agency_id", label=_("agency id"))
    action = django_filters.ChoiceFilter(choices=AuditEvent.Action.choices, label=_("action"))
    object_type = django_filters.CharFilter(label=_("object type, e.g. agencies.agency"))
    object_id = django_filters.CharFilter(label=_("object id"))
    since = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", label=_("at or after (ISO 8601)")
    )
    until = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="lte", label=_("at or before (ISO 8601)")
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "agency", "action", "object_type", "object_id", "since", "until"]
