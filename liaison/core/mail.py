"""Sending notification e-mails: one place for every app (exchange, registry...)."""

from __future__ import annotations

import logging

from django.core import mail

logger = logging.getLogger("liaison.mail")


def deliver_mail(messages: list[mail.EmailMessage]) -> int:
    """Send the messages over one connection; the number sent.

    Called after commit: a mail server outage is logged and must not undo committed work.
    """
    if not messages:
        return 0
    try:
        return mail.get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("Sending %d notification e-mails failed", len(messages))
        return 0
