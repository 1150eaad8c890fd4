"""Writes of the exchange app. Import services from here; adapters stay thin."""

from liaison.exchange.services.compose import (
    message_approve,
    message_compose,
    message_return,
    message_submit,
    message_update,
)
from liaison.exchange.services.files import (
    message_attach,
    message_attachment_download,
    message_attachment_remove,
)
from liaison.exchange.services.notify import (
    message_escalate_overdue,
    notification_mark_read,
    notifications_send_daily_digest,
)
from liaison.exchange.services.parts import (
    message_acknowledge,
    message_close,
    message_forward,
    message_link_add,
    message_link_remove,
    message_mark_read,
    message_reply,
)
from liaison.exchange.services.policy import exchange_policy_set, partnership_answer_times_set

__all__ = [
    "exchange_policy_set",
    "message_acknowledge",
    "message_approve",
    "message_attach",
    "message_attachment_download",
    "message_attachment_remove",
    "message_close",
    "message_compose",
    "message_escalate_overdue",
    "message_forward",
    "message_link_add",
    "message_link_remove",
    "message_mark_read",
    "message_reply",
    "message_return",
    "message_submit",
    "message_update",
    "notification_mark_read",
    "notifications_send_daily_digest",
    "partnership_answer_times_set",
]
