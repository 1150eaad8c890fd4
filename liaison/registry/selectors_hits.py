"""Scoped reads of hits: a hit concerns the agencies on both sides; the person hit is
named only to a user who may see the person (the screening agency of a hidden record
sees only which agency holds it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from liaison.core.access import get_scope
from liaison.registry.models import Hit, Person


def hits_visible(*, user) -> QuerySet[Hit]:
    return Hit.objects.visible_to(user).select_related(
        "screening_agency", "owner_agency", "screened_by"
    )


def hits_shown(*, user, hits: list[Hit]) -> list[dict[str, Any]]:
    """Each hit with the side of the user's agency and the person only if visible
    (one query for the persons, whatever the number of hits)."""
    visible = {
        p.pk: p
        for p in Person.objects.visible_to(user)
        .filter(pk__in={h.person_id for h in hits})
        .prefetch_related("names")
    }
    own = get_scope(user).own_subtree
    return [
        {
            "hit": hit,
            "our_record": hit.owner_agency_id in own,
            "our_screening": hit.screening_agency_id in own,
            "person": visible.get(hit.person_id),
        }
        for hit in hits
    ]
