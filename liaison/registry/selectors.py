"""Scoped reads of the registry: every read starts from `Person.objects.visible_to`."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q, QuerySet

from liaison.core.access import access_object
from liaison.exchange.models import MessageLink
from liaison.registry.matching import name_keys, normalize_document_number
from liaison.registry.models import IdentityDocument, NameKey, Person


def persons_visible(*, user) -> QuerySet[Person]:
    """Live persons the user may see, with what a list shows."""
    return (
        Person.objects.visible_to(user)
        .live()
        .select_related("owner_agency")
        .prefetch_related("names", "nationalities")
    )


def person_get(*, user, pk: int) -> Person:
    """One person, or 404 if missing or out of the user's scope (merged ones included)."""
    queryset = Person.objects.select_related("owner_agency", "merged_into").prefetch_related(
        "names", "documents", "nationalities"
    )
    return access_object(queryset, user, pk=pk)


def persons_search(
    *, user, q: str = "", flags: Sequence[str] = (), nationality: str = ""
) -> QuerySet[Person]:
    """Live visible persons whose names meet every word of `q` in any script, with or
    without diacritics (through the stored `NameKey` skeletons, never a scan of names),
    or whose reference or document number is `q`; narrowed by status flags (all of them)
    and a nationality code."""
    persons = persons_visible(user=user)
    text = (q or "").strip()
    if text:
        skeletons = {word.skeleton for word in name_keys(text).words if word.skeleton}
        matches = Q(ref__iexact=text)
        if skeletons:
            by_name = Q()
            for skel in sorted(skeletons):
                by_name &= Q(pk__in=NameKey.objects.filter(key=f"w:{skel}").values("person_id"))
            matches |= by_name
        number = normalize_document_number(text)
        if number:
            matches |= Q(pk__in=IdentityDocument.objects.filter(number=number).values("person_id"))
        persons = persons.filter(matches)
    for flag in flags:
        if flag in Person.STATUS_FLAGS:
            persons = persons.filter(**{f"is_{flag}": True})
    if nationality:
        persons = persons.filter(nationalities=nationality.upper())
    return persons


def person_messages(*, user, person: Person) -> QuerySet[MessageLink]:
    """Exchange messages linked to the person that the user may see, newest first."""
    return (
        MessageLink.objects.visible_to(user)
        .to(person)
        .select_related("message", "message__sender_agency")
        .order_by("-message__sent_at", "-message_id")
    )
