"""What the record pickers of the case page offer: persons and messages the user may
see, found by search, each with a label an officer recognises (names as written)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats

from liaison.agencies.models import User
from liaison.exchange.models import Message
from liaison.exchange.selectors import search_q
from liaison.registry.models import Person
from liaison.registry.selectors import persons_search, persons_visible

PICKER_SIZE = 10
MIN_QUERY = 2


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    detail: str = ""


def _person_option(person: Person) -> Option:
    names = [n.text for n in person.names.all()]
    nationalities = ", ".join(c.pk for c in person.nationalities.all())
    detail = " · ".join(
        part
        for part in (
            person.birth_date_text,
            nationalities,
            person.owner_agency.display_name,
            person.ref,
        )
        if part
    )
    label = " · ".join(names[:2]) if names else person.ref
    return Option(person.pk, label, detail)


def person_options(*, user: User, q: str) -> list[Option]:
    """The first persons matching `q` (as the registry's search does), newest first."""
    persons = persons_search(user=user, q=q).order_by("-pk")[:PICKER_SIZE]
    return [_person_option(person) for person in persons]


def person_label(*, user: User, pk: int) -> str | None:
    person = persons_visible(user=user).filter(pk=pk).first()
    if person is None:
        return None
    option = _person_option(person)
    return " — ".join(filter(None, (option.label, option.detail)))


def _message_option(message: Message) -> Option:
    sent = formats.date_format(message.sent_at, "SHORT_DATETIME_FORMAT") if message.sent_at else ""
    detail = " · ".join(filter(None, (message.sender_agency.display_name, sent)))
    return Option(message.pk, message.subject, detail)


def message_options(*, user: User, q: str) -> list[Option]:
    """The newest sent messages the user may see whose subject or body has every term."""
    messages = (
        Message.objects.visible_to(user)
        .filter(search_q(q), sent_at__isnull=False)
        .select_related("sender_agency")
        .order_by("-sent_at", "-pk")[:PICKER_SIZE]
    )
    return [_message_option(message) for message in messages]


def message_label(*, user: User, pk: int) -> str | None:
    message = Message.objects.visible_to(user).filter(pk=pk).select_related("sender_agency").first()
    if message is None:
        return None
    option = _message_option(message)
    return " — ".join(filter(None, (option.label, option.detail)))
