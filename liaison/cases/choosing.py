"""Messages offered by the case page's record picker: the newest sent messages the user
may see whose subject or body has every word typed."""

from __future__ import annotations

from django.utils import formats

from liaison.agencies.models import User
from liaison.exchange.models import Message
from liaison.exchange.selectors import search_q
from liaison.registry.choosing import PICKER_SIZE, Option


def _message_option(message: Message) -> Option:
    sent = formats.date_format(message.sent_at, "SHORT_DATETIME_FORMAT") if message.sent_at else ""
    detail = " · ".join(filter(None, (message.sender_agency.display_name, sent)))
    return Option(message.pk, message.subject, detail)


def message_options(*, user: User, q: str) -> list[Option]:
    messages = (
        Message.objects.visible_to(user)
        .filter(search_q(q), sent_at__isnull=False)
        .select_related("sender_agency")
        .order_by("-sent_at", "-pk")[:PICKER_SIZE]
    )
    return [_message_option(message) for message in messages]


def message_label(*, user: User, pk: int) -> str | None:
    message = Message.objects.visible_to(user).filter(pk=pk).select_related("sender_agency").first()
    return None if message is None else _message_option(message).text
