"""Screening results as the pages show them: each candidate with the person's names as
written beside the entered ones, and each hit with a prefilled verification request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.exchange.views._common import takes_part
from liaison.registry.explanations import translated_explanation
from liaison.registry.imports import record_names
from liaison.registry.models import Person


def verification_url(*, agency_code: str, record: Mapping[str, Any]) -> str:
    """The exchange compose page prefilled as a verification request to the holder."""
    names = record_names(record)
    subject = _("Verification request: %(name)s") % {"name": names[0] if names else "?"}
    body = _(
        "Our screening suggests that your agency holds a record that may match this "
        "person. Please verify and answer.\n\nNames: %(names)s\nBirth date: "
        "%(birth_date)s\nNationality: %(nationality)s"
    ) % {
        "names": " / ".join(names),
        "birth_date": record.get("birth_date") or "-",
        "nationality": record.get("nationality") or "-",
    }
    query = urlencode(
        {"kind": "verification", "recipients": agency_code, "subject": subject, "body": body}
    )
    return f"{reverse('exchange_compose')}?{query}"


def present_results(
    *, user, records: Sequence[Mapping[str, Any]], results: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Results joined with what the page shows; one query for all candidate persons."""
    ids = {c["id"] for result in results for c in result["candidates"]}
    persons = {
        p.pk: p
        for p in Person.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("owner_agency")
        .prefetch_related("names")
    }
    may_ask = takes_part(user)
    shown = []
    for record, result in zip(records, results, strict=True):
        candidates = []
        for candidate in result["candidates"]:
            person = persons.get(candidate["id"])
            if person is None:
                continue
            candidates.append(
                {
                    **candidate,
                    "person": person,
                    # whole sentences in the reader's language, names as written
                    "messages": [
                        e["message"] for e in translated_explanation(candidate["explanation"])
                    ],
                }
            )
        hits = [
            {
                **hit,
                "compose_url": verification_url(agency_code=hit["held_by"]["code"], record=record)
                if may_ask
                else "",
            }
            for hit in result["hits"]
        ]
        shown.append(
            {
                "ref": result.get("ref"),
                "names": record_names(record),
                "birth_date": record.get("birth_date") or "",
                "candidates": candidates,
                "hits": hits,
            }
        )
    return shown
