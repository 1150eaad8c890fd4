"""The query budget of sending: message_compose(send=True) must not grow per recipient."""

from datetime import timedelta

from liaison.exchange import services
from liaison.exchange.models import MessageStatus, Notification, RecipientStatus


def _send(cast, recipients):
    return services.message_compose(
        actor=cast.vn_officer,
        recipients=recipients,
        kind="verification",
        subject="Đề nghị xác minh đối tượng",
        body="Đề nghị xác minh đối tượng Nguyễn Văn Đức.",
        priority="high",
        send=True,
    )


def test_send_to_three_recipients_query_budget(cast, django_assert_num_queries):
    _send(cast, [cast.sekong])  # warms the memoized scope and agency tree
    # 2 savepoints of the transaction, agencies with the sender's policy, scope version,
    # message, parts, the notifications (one INSERT ... SELECT of the users), and the
    # audit event (savepoint, chain head, event, head update, release). The partnerships'
    # answer times are read once per agency tree, not per message.
    with django_assert_num_queries(12):
        message = _send(cast, [cast.sekong, cast.c04, cast.nam_giang])
    assert message.status == MessageStatus.SENT and message.submitted_at == message.sent_at
    parts = list(message.recipients.order_by("agency_id"))
    assert len(parts) == 3
    for part in parts:
        assert part.status == RecipientStatus.SENT and part.expects_reply
        assert part.due_at == message.sent_at + timedelta(hours=72)
    assert Notification.objects.filter(message=message).exists()
