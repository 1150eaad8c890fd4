"""The audit-trail browser: auditors read their own country's trail, platform admins all.

Anyone else gets 403 (a permission by role); an event of another country answers 404.
Browsing is not itself audited (only exports are, and this page exports nothing).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from liaison.core.access import get_scope
from liaison.core.audit.selectors import AuditFilters, audit_event_get, audit_page
from liaison.core.models import AuditEvent
from liaison.core.widgets import FastSelect


def _may_read_audit(user) -> bool:
    return user.is_superuser or user.has_role("auditor")


def _require_auditor(user) -> None:
    if not _may_read_audit(user):
        raise PermissionDenied(_("Only auditors may read the audit trail."))


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False,
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        required=False,
        label=gettext_lazy("To"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    actor = forms.CharField(
        required=False,
        max_length=150,
        label=gettext_lazy("User name"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Agency"),
        empty_label=gettext_lazy("All agencies"),
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    action = forms.ChoiceField(
        choices=[("", gettext_lazy("All actions")), *AuditEvent.Action.choices],
        required=False,
        label=gettext_lazy("Action"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    object_type = forms.CharField(
        required=False,
        max_length=64,
        label=gettext_lazy("Object type"),
        widget=forms.TextInput(attrs={"class": "form-control", "list": "audit-object-types"}),
    )
    object_id = forms.CharField(
        required=False,
        max_length=64,
        label=gettext_lazy("Object id"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from liaison.agencies.models import Agency

        # The agencies whose events the viewer can read: their country's (all for admins).
        agencies = Agency.objects.only("id", "name", "short_name").order_by("country_id", "name")
        if not user.is_superuser:
            agencies = agencies.filter(country_id=get_scope(user).country)
        self.fields["agency"].queryset = agencies

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> AuditFilters:
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=(data.get("actor") or "").strip(),
            agency_id=data["agency"].pk if data.get("agency") else None,
            action=data.get("action") or "",
            object_type=(data.get("object_type") or "").strip(),
            object_id=(data.get("object_id") or "").strip(),
        )


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _query_with(params: QueryDict, **replace: Any) -> str:
    """The current filters with the page cursor replaced (links keep the filters)."""
    query = params.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    for key, value in replace.items():
        query[key] = value
    return query.urlencode()


@login_required
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_auditor(user)
    filter_params = request.GET.copy()
    for key in ("before", "after"):
        filter_params.pop(key, None)
    form = AuditFilterForm(filter_params or None, user=user)
    page = audit_page(
        user=user,
        filters=form.filters(),
        before=_int_param(request, "before"),
        after=_int_param(request, "after"),
    )
    return render(
        request,
        "audit/audit_list.html",
        {
            "form": form,
            "page": page,
            "newer_query": _query_with(request.GET, after=page.newer_than)
            if page.newer_than
            else None,
            "older_query": _query_with(request.GET, before=page.older_than)
            if page.older_than
            else None,
            "object_types": sorted(m._meta.label_lower for m in apps.get_models()),
        },
    )


@login_required
@require_safe
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_auditor(request.user)
    event = audit_event_get(user=request.user, pk=pk)
    changes = event.changes if isinstance(event.changes, dict) else {"": event.changes}
    rows = []
    for name in sorted(changes):
        value = changes[name]
        if isinstance(value, list | tuple) and len(value) == 2:
            rows.append({"field": name, "before": value[0], "after": value[1]})
        else:
            rows.append({"field": name, "before": None, "after": value})
    return render(request, "audit/audit_detail.html", {"event": event, "change_rows": rows})
