from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from liaison.agencies.models import Role
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import UserFactory
from liaison.exchange import selectors, services
from liaison.exchange.models import Notification, NotificationVerb, Recipient
from liaison.exchange.tests.helpers import send


@pytest.fixture
def la_dept_supervisor(cast):
    return UserFactory(
        username="la_dept_supervisor",
        agency=cast.la_drug_dept,
        roles=[Role.SUPERVISOR],
        language="lo",
    )


def test_escalation_notifies_supervisors_and_parent_once(
    cast, la_supervisor, la_dept_supervisor, mailoutbox, django_capture_on_commit_callbacks
):
    overdue = send(cast)
    answered = send(cast)
    services.message_reply(actor=cast.la_officer, message=answered, body="ok")
    send(cast)  # not yet due
    Recipient.objects.filter(message__in=[overdue, answered]).update(
        due_at=timezone.now() - timedelta(minutes=5)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.message_escalate_overdue() == 1
    part = overdue.recipients.get()
    assert part.escalated_at is not None
    notified = set(
        Notification.objects.filter(verb=NotificationVerb.ESCALATED).values_list(
            "user__username", flat=True
        )
    )
    assert notified == {"la_supervisor", "la_dept_supervisor"}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [la_supervisor.email, la_dept_supervisor.email]
    )
    assert all(m.subject.startswith("[Liaison]") for m in mailoutbox)
    assert overdue.subject not in mailoutbox[0].subject  # no content by e-mail subject
    assert AuditEvent.objects.filter(verb="message_escalate_overdue").count() == 1
    # a second run finds nothing new
    with django_capture_on_commit_callbacks(execute=True):
        assert services.message_escalate_overdue() == 0
    assert len(mailoutbox) == 2


def test_email_is_written_in_the_users_language(
    cast, la_supervisor, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    from liaison.exchange.services import notify

    seen = []
    real = notify.describe

    def spy(verb, message):
        seen.append(translation.get_language())
        return real(verb, message)

    monkeypatch.setattr(notify, "describe", spy)
    send(cast)
    Recipient.objects.update(due_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.message_escalate_overdue()
    assert seen == ["lo"]


def test_no_email_when_the_transaction_fails(
    cast, la_supervisor, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            send(cast, priority="urgent")
            raise RuntimeError("rolled back")
    assert mailoutbox == []


def test_urgent_messages_email_the_recipients_at_once(
    cast, la_supervisor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(cast, priority="urgent")
        send(cast, priority="normal")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast.la_officer.email, la_supervisor.email]
    )


def test_daily_digest(cast, mailoutbox, django_capture_on_commit_callbacks):
    send(cast, priority="normal")
    send(cast, priority="high")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_send_daily_digest() == 1
    [email] = mailoutbox
    assert email.to == [cast.la_officer.email]
    assert "2" in email.subject
    assert email.body.count("\n") >= 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_send_daily_digest() == 0
    assert len(mailoutbox) == 1


def test_notifications_read(cast):
    send(cast)
    [notification] = selectors.notifications(user=cast.la_officer)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=cast.vn_officer, notification=notification)
    assert services.notification_mark_read(actor=cast.la_officer) == 1
    assert list(selectors.notifications(user=cast.la_officer, unread_only=True)) == []


def test_commands(cast, la_supervisor, mailoutbox, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    send(cast, priority="normal")
    Recipient.objects.update(due_at=timezone.now() - timedelta(minutes=5))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("exchange_escalate", stdout=out)
    assert out.getvalue().strip() == "1 escalated"
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("exchange_digest", stdout=out)
    assert out.getvalue().strip() == "2 digest e-mails sent"
    assert len(mailoutbox) == 3  # escalation e-mail to the supervisor, then two digests
