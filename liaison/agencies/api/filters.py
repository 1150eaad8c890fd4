"""Query filters of the agencies API.

Related records are filtered by plain id (`NumberFilter`) rather than model choices, so an
id outside the caller's scope gives an empty result exactly like an unknown id.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.agencies.models import Agency, Area, Partnership, Role, User


class CountryCodeFilter(django_filters.CharFilter):
    """ISO code, case-insensitive (``?country=vn``)."""

    def filter(self, qs, value):
        return super().filter(qs, value.upper() if value else value)


class AreaFilter(django_filters.FilterSet):
    country = CountryCodeFilter(field_name="country_id", label=_("country code"))
    kind = django_filters.ChoiceFilter(choices=Area.Kind.choices, label=_("kind"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("parent area id"))
    valid_on = django_filters.DateFilter(
        method="filter_valid_on", label=_("areas that existed on this day (YYYY-MM-DD)")
    )

    class Meta:
        model = Area
        fields = ["country", "kind", "parent", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)


class AgencyFilter(django_filters.FilterSet):
    country = CountryCodeFilter(field_name="country_id", label=_("country code"))
    level = django_filters.ChoiceFilter(choices=Agency.Level.choices, label=_("hotline level"))
    kind = django_filters.ChoiceFilter(choices=Agency.Kind.choices, label=_("kind"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("parent agency id"))
    active = django_filters.BooleanFilter(label=_("active"))
    q = django_filters.CharFilter(method="filter_text", label=_("name, short name or code"))

    class Meta:
        model = Agency
        fields = ["country", "level", "kind", "parent", "active", "q"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_en__icontains=value)
            | Q(short_name__icontains=value)
            | Q(code__icontains=value)
        )


class PartnershipFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Partnership.Kind.choices, label=_("kind"))
    active = django_filters.BooleanFilter(label=_("active"))
    party = django_filters.NumberFilter(field_name="parties", label=_("party agency id"))

    class Meta:
        model = Partnership
        fields = ["kind", "active", "party"]


class UserFilter(django_filters.FilterSet):
    agency = django_filters.NumberFilter(field_name="agency_id", label=_("agency id"))
    role = django_filters.ChoiceFilter(
        choices=Role.choices, field_name="role_assignments__role", label=_("role")
    )
    is_active = django_filters.BooleanFilter(label=_("active"))
    q = django_filters.CharFilter(method="filter_text", label=_("username or name"))

    class Meta:
        model = User
        fields = ["agency", "role", "is_active", "q"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
