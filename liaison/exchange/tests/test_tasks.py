"""Exchange background tasks: each calls its service (escalation, digest)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from liaison.exchange import tasks
from liaison.exchange.models import Notification, NotificationVerb, Recipient
from liaison.exchange.tests.helpers import send


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_escalation_task_escalates_overdue_parts(
    cast, la_supervisor, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    message = send(cast)
    Recipient.objects.filter(message=message).update(due_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.escalate_overdue.enqueue()
    assert result.return_value == 1
    assert message.recipients.get().escalated_at is not None
    assert Notification.objects.filter(verb=NotificationVerb.ESCALATED, user=la_supervisor).exists()
    assert la_supervisor.email in [m.to[0] for m in mailoutbox]


def test_digest_task_mails_unread_notifications_once(
    cast, immediate_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    send(cast, priority="normal")  # in-app notification only: e-mailed in the digest
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_daily_digest.enqueue().return_value == 1
    assert cast.la_officer.email in [m.to[0] for m in mailoutbox]
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_daily_digest.enqueue().return_value == 0
    assert len(mailoutbox) == sent
