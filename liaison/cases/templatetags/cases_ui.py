"""Template helpers of the case pages, and the "Joint cases" box of the message page."""

from __future__ import annotations

from django import template

from liaison.cases import selectors, services
from liaison.cases.forms import CaseChoiceForm
from liaison.seizures.models import DrugType, Unit

register = template.Library()


@register.filter
def drug_label(code: str) -> str:
    try:
        return DrugType(code).label
    except ValueError:
        return code


@register.filter
def unit_label(code: str) -> str:
    try:
        return Unit(code).label
    except ValueError:
        return code


@register.inclusion_tag("cases/_message_cases.html", takes_context=True)
def message_cases(context, message) -> dict:
    """On a message page: the cases it is linked to (those the viewer may see) and a form
    to link it to another of the viewer's cases."""
    user = context["request"].user
    linked = list(selectors.message_cases(user=user, message=message))
    form = None
    if services.may_write(user):
        form = CaseChoiceForm(user=user)
        form.fields["case"].queryset = form.fields["case"].queryset.exclude(
            pk__in=[c.pk for c in linked]
        )
    return {
        "message": message,
        "linked_cases": linked,
        "case_form": form,
        "has_choices": form is not None and form.fields["case"].queryset.exists(),
        "csrf_token": context.get("csrf_token"),
    }
