"""Background work of the exchange (django-tasks, run by `liaison worker`).

Each task takes nothing and calls one service. They are enqueued by the periodic
scheduler (`liaison scheduler`, see liaison/core/scheduler.py); the management commands
exchange_escalate and exchange_digest call the same services for cron or by hand.
"""

from __future__ import annotations

from datetime import time, timedelta

from django_tasks import task

from liaison.core.scheduler import register_periodic
from liaison.exchange.services import message_escalate_overdue, notifications_send_daily_digest


@task()
def escalate_overdue() -> int:
    """Escalate recipient parts past their due time; returns how many."""
    return message_escalate_overdue()


@task()
def send_daily_digest() -> int:
    """E-mail each user the unread notifications of the last day; returns how many."""
    return notifications_send_daily_digest()


# Escalation soon after a due time passes; the digest before the working day starts
# (local time, settings.TIME_ZONE = Asia/Ho_Chi_Minh).
register_periodic(
    name="exchange.escalate_overdue",
    task="liaison.exchange.tasks.escalate_overdue",
    every=timedelta(minutes=5),
)
register_periodic(
    name="exchange.send_daily_digest",
    task="liaison.exchange.tasks.send_daily_digest",
    daily_at=time(7, 0),
)
