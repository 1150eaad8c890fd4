"""PostgreSQL: each message's `inbox_agencies` (migration 0005, kept by triggers on
exchange_recipient) is exactly the agencies of its sent parts, through every write:
sending, holding and approving, submitting a draft, forwarding, replying, and plain
ORM writes of the parts (update, delete). The inbox search relies on it (InboxOf)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.exchange import matching, selectors, services
from liaison.exchange.models import Message, Recipient, RecipientStatus
from liaison.exchange.tests.helpers import send

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the array exists on PostgreSQL only"
    ),
]


def inbox_agencies(message: Message) -> list[int]:
    with connection.cursor() as cur:
        cur.execute("SELECT inbox_agencies FROM exchange_message WHERE id = %s", [message.pk])
        return sorted(cur.fetchone()[0])


def sent_part_agencies(message: Message) -> list[int]:
    parts = Recipient.objects.filter(message=message, sent_at__isnull=False)
    return sorted(parts.values_list("agency_id", flat=True))


def assert_in_step(*messages: Message) -> None:
    for message in messages:
        assert inbox_agencies(message) == sent_part_agencies(message)


def test_a_sent_message_lists_its_recipients(cast):
    message = send(cast, to=[cast.sekong, cast.c04])
    assert inbox_agencies(message) == sorted([cast.sekong.pk, cast.c04.pk])
    assert_in_step(message)


def test_a_draft_lists_nobody_until_submitted(cast):
    draft = send(cast, send=False, to=[cast.c04])
    assert inbox_agencies(draft) == []
    services.message_update(actor=cast.vn_officer, message=draft, recipients=[cast.sekong])
    assert inbox_agencies(draft) == []
    services.message_submit(actor=cast.vn_officer, message=draft)
    assert inbox_agencies(draft) == [cast.sekong.pk]
    assert_in_step(draft)


def test_a_held_message_lists_its_recipients_once_approved(cast):
    message = send(cast, author=cast.vn_district_officer)
    assert message.recipients.get().status == RecipientStatus.PENDING
    assert inbox_agencies(message) == []
    services.message_approve(actor=cast.vn_supervisor, message=message, comment="OK")
    assert inbox_agencies(message) == [cast.sekong.pk]
    assert_in_step(message)


def test_forwards_and_replies_are_listed(cast, lamam_officer):
    message = send(cast)
    services.message_forward(actor=cast.la_officer, message=message, agencies=[cast.lamam])
    assert inbox_agencies(message) == sorted([cast.sekong.pk, cast.lamam.pk])
    # a district's cross-border reply waits for approval: nobody's inbox yet
    held = services.message_reply(actor=lamam_officer, message=message, body="ກວດແລ້ວ")
    assert inbox_agencies(held) == []
    reply = services.message_reply(actor=cast.la_officer, message=message, body="ກວດແລ້ວ")
    assert inbox_agencies(reply) == [message.sender_agency_id]
    assert_in_step(message, held, reply)


def test_plain_writes_of_the_parts_keep_it_in_step(cast):
    first = send(cast, to=[cast.sekong, cast.c04])
    second = send(cast, to=[cast.sekong])
    # unsent, resent, moved to another message, deleted: each statement keeps it right
    Recipient.objects.filter(message=first, agency=cast.c04).update(sent_at=None)
    assert inbox_agencies(first) == [cast.sekong.pk]
    Recipient.objects.filter(message=first, agency=cast.c04).update(sent_at=first.sent_at)
    assert inbox_agencies(first) == sorted([cast.sekong.pk, cast.c04.pk])
    Recipient.objects.filter(message=first, agency=cast.c04).update(message=second)
    assert inbox_agencies(second) == sorted([cast.sekong.pk, cast.c04.pk])
    Recipient.objects.filter(message=second, agency=cast.sekong).update(agency=cast.lamam)
    assert inbox_agencies(second) == sorted([cast.lamam.pk, cast.c04.pk])
    Recipient.objects.filter(message=second, agency=cast.c04).delete()
    assert inbox_agencies(second) == [cast.lamam.pk]
    # a status change (read, acknowledged) leaves it as it was
    Recipient.objects.filter(message=second).update(status=RecipientStatus.ACKNOWLEDGED)
    assert inbox_agencies(second) == [cast.lamam.pk]
    assert_in_step(first, second)


@pytest.mark.parametrize("listed", [True, False])
def test_the_inbox_search_asks_the_index_for_the_agencies(cast, monkeypatch, listed):
    message = send(cast, subject="Xác minh Nguyễn Văn Đức")
    send(cast, author=cast.la_officer, to=[cast.quang_nam], subject="Nguyễn Văn Đức")
    if not listed:  # the planner's own join: the condition is in the count and the page
        monkeypatch.setattr(matching, "PG_MATERIALISED_MATCHES", 0)
    with CaptureQueriesContext(connection) as captured:
        found = [p.message_id for p in selectors.inbox(user=cast.la_auditor, q="nguyen van")]
    assert found == [message.pk]
    assert any("inbox_agencies &&" in q["sql"] for q in captured.captured_queries)
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'msg_search_trgm'")
        indexdef = cur.fetchone()[0]
    assert "gin_trgm_ops" in indexdef and "inbox_agencies" in indexdef
