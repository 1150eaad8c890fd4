"""Query parameters of the persons list (documented in OpenAPI, applied by the selector)."""

from __future__ import annotations

from typing import Any

from django import forms
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from liaison.registry.models import Person


class PersonSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    status = forms.MultipleChoiceField(
        required=False, choices=[(f, f) for f in Person.STATUS_FLAGS]
    )
    nationality = forms.CharField(required=False, max_length=2)


def search_criteria(params) -> dict[str, Any]:
    """`persons_search` arguments from the query string; 400 naming a bad parameter."""
    data = {
        "q": params.get("q", ""),
        "status": params.getlist("status"),
        "nationality": params.get("nationality", ""),
    }
    form = PersonSearchForm(data)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    return {
        "q": form.cleaned_data["q"],
        "flags": form.cleaned_data["status"],
        "nationality": form.cleaned_data["nationality"],
    }


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Name in any script, with or without diacritics (every word must "
        "meet), a reference or a document number.",
    ),
    OpenApiParameter(
        "status",
        str,
        many=True,
        enum=list(Person.STATUS_FLAGS),
        description="Status flags the person must all have (repeat the parameter).",
    ),
    OpenApiParameter("nationality", str, description="ISO 3166 alpha-2 code."),
]
