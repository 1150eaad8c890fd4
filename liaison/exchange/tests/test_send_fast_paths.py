"""The shortcuts of sending and searching give what the long way gives.

- Notifications of a sent message come from one INSERT ... SELECT unless e-mails leave:
  the same users as `users_of` (active, with an exchange role, of the recipient agencies).
- A partnership's answer times are read once per agency tree: changing them (service or
  plain ORM save/delete) applies to the very next message.
- The inbox search: terms too short for the trigram index walk the subtree newest first;
  a page that counts nothing issues no second query.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from liaison.agencies.models import Role
from liaison.core.paging import CappedPaginator
from liaison.core.testing.factories import UserFactory
from liaison.exchange import selectors, services
from liaison.exchange.models import Notification, PartnershipExchangeSettings
from liaison.exchange.services.notify import users_of
from liaison.exchange.tests.helpers import send
from liaison.exchange.textsearch import fold

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekong_staff(cast, la_supervisor, lamam_officer):
    """Sekong/Lamam users who must not be notified next to those who must."""
    UserFactory(username="sekong_gone", agency=cast.sekong, roles=[Role.OFFICER], is_active=False)
    UserFactory(username="sekong_auditor", agency=cast.sekong, roles=[Role.AUDITOR])
    return cast


@pytest.mark.parametrize("priority", ["high", "urgent"])  # urgent: users read for e-mails
def test_notified_users_are_those_of_users_of(sekong_staff, priority):
    cast = sekong_staff
    message = send(cast, priority=priority, to=[cast.sekong, cast.lamam])
    notified = Notification.objects.filter(message=message)
    expected = {u.pk for u in users_of([cast.sekong.pk, cast.lamam.pk])}
    assert {n.user_id for n in notified} == expected
    assert len(expected) >= 3  # la_officer, la_supervisor, lamam_officer
    assert {n.verb for n in notified} == {"received"}
    for notification in notified:
        assert notification.recipient_id is None and notification.read_at is None
        assert abs((notification.created_at - message.sent_at).total_seconds()) < 5
        assert (notification.emailed_at is not None) == (
            priority == "urgent" and bool(notification.user.email)
        )


def _hours(message) -> set[timedelta]:
    return {p.due_at - p.sent_at for p in message.recipients.all()}


def test_answer_times_changed_after_a_send_apply_to_the_next(cast):
    assert _hours(send(cast, priority="high")) == {timedelta(hours=72)}  # warms the cache
    services.partnership_answer_times_set(
        actor=cast.platform_admin,
        partnership=cast.partnership,
        urgent_hours=6,
        high_hours=48,
        normal_hours=120,
    )
    assert _hours(send(cast, priority="high")) == {timedelta(hours=48)}
    row = PartnershipExchangeSettings.objects.get(partnership=cast.partnership)
    row.high_hours = 36
    row.save()  # not through the service: the signal still invalidates
    assert _hours(send(cast, priority="high")) == {timedelta(hours=36)}
    row.delete()
    assert _hours(send(cast, priority="high")) == {timedelta(hours=72)}


@pytest.mark.parametrize("user_attr", ["la_officer", "la_auditor", "platform_admin"])
@pytest.mark.parametrize("query", ["ti", "đu", "ຂ", "zq"])
def test_short_term_search_lists_what_filtering_the_inbox_lists(cast, user_attr, query):
    for i in range(4):
        send(cast, subject=f"Tin số {i}", body="Đề nghị xác minh.")
    send(cast, author=cast.vn_officer, to=[cast.lamam], subject="ຂໍກວດສອບ", body="ຂໍ້ມູນ")
    send(cast, subject="Khác hẳn", body="Không liên quan.")
    user = getattr(cast, user_attr)
    searched = [part.pk for part in selectors.inbox(user=user, q=query)]
    everything = selectors.inbox(user=user)
    expected = [part.pk for part in everything if fold(query) in part.message.search_text]
    assert searched == expected
    if user_attr == "la_auditor" and query == "ti":
        assert len(expected) == 4


def test_a_search_that_counts_nothing_reads_no_page(cast, django_assert_num_queries):
    send(cast, subject="Tin", body="Nội dung.")
    parts = selectors.inbox(user=cast.la_officer, q="zq")
    paginator = CappedPaginator(parts, 10)
    with django_assert_num_queries(1):  # the count, nothing else
        page = paginator.page(1)
    assert list(page) == [] and paginator.count == 0 and not page.has_next()
