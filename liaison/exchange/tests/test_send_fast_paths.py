"""The shortcuts of sending and searching give what the long way gives.

- Notifications of a sent message come from one INSERT ... SELECT unless e-mails leave:
  the same users as `users_of` (active, with an exchange role, of the recipient agencies).
- A partnership's answer times are read once per agency tree: changing them (service or
  plain ORM save/delete) applies to the very next message.
- The inbox search: terms too short for the trigram index walk the subtree newest first;
  a page that counts nothing issues no second query; the trigram index is read once and
  every way its matches reach the count and the page lists the same parts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.agencies.models import Role
from liaison.core.paging import CappedPaginator
from liaison.core.testing.factories import UserFactory
from liaison.exchange import matching, selectors, services
from liaison.exchange.models import Notification, PartnershipExchangeSettings
from liaison.exchange.services.notify import users_of
from liaison.exchange.tests.helpers import send
from liaison.exchange.textsearch import fold, query_terms

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


# How the trigram index's matches reach the count and the page (matching.py): read once
# into a list then started from, read once then tested while walking (membership), or too
# many to list (the index stays a subquery / the planner's join).
SEARCH_PATHS = {
    "listed, from the matches": {"DENSE_MATCHES": 10**9},
    "listed, membership": {"DENSE_MATCHES": 1},
    "not listed": {"MATERIALISED_MATCHES": 0, "PG_MATERIALISED_MATCHES": 0},
}


@pytest.mark.parametrize("path", SEARCH_PATHS)
@pytest.mark.parametrize("user_attr", ["la_officer", "la_auditor", "platform_admin"])
@pytest.mark.parametrize(
    "query", ["nguyen van", "van d", '"van duc"', "ຂໍກວດ", "tin so 2", "50%", "zzz yyy"]
)
def test_long_term_search_lists_what_filtering_the_inbox_lists(
    cast, monkeypatch, path, user_attr, query
):
    for i in range(4):
        sent = send(cast, subject=f"Tin số {i}", body="Xác minh Nguyễn Văn Đức, 50% tạp chất.")
    # a forwarded-to agency lists it too (PostgreSQL: the message's inbox_agencies)
    services.message_forward(actor=cast.la_officer, message=sent, agencies=[cast.lamam])
    send(cast, subject="Nguyễn Văn An", body="Tin 50 kg")
    send(cast, author=cast.vn_officer, to=[cast.lamam], subject="ຂໍກວດສອບ", body="Nguyen van")
    send(cast, subject="Khác hẳn", body="Không liên quan.")
    for name, value in SEARCH_PATHS[path].items():
        monkeypatch.setattr(matching, name, value)
    user = getattr(cast, user_attr)
    searched = [part.pk for part in selectors.inbox(user=user, q=query)]
    everything = list(selectors.inbox(user=user))
    terms = query_terms(query)
    expected = [p.pk for p in everything if all(t in p.message.search_text for t in terms)]
    assert searched == expected
    paginator = CappedPaginator(selectors.inbox(user=user, q=query), 2)
    assert paginator.count == len(expected)
    assert [part.pk for part in paginator.page(1)] == expected[:2]
    if user_attr == "la_auditor" and query == "nguyen van":
        # the four, the forward of the last to Lamam, "Nguyễn Văn An", the one to Lamam
        assert len(expected) == 7


def test_the_index_is_read_once_per_search(cast):
    """SQLite: one MATCH (the listed ids), then the count and the page use the list."""
    send(cast, subject="Xác minh Nguyễn Văn Đức", body="Nội dung.")
    parts = selectors.inbox(user=cast.la_auditor, q="nguyen van duc")
    paginator = CappedPaginator(parts, 10)
    page = paginator.page(1)
    assert len(page) == 1
    with CaptureQueriesContext(connection) as captured:
        paginator = CappedPaginator(selectors.inbox(user=cast.la_auditor, q="nguyen van duc"), 10)
        assert len(paginator.page(1)) == 1
    if connection.vendor == "sqlite":
        sqls = [q["sql"] for q in captured.captured_queries]
        assert sum("exchange_message_fts" in sql for sql in sqls) == 1
        assert len(sqls) == 3  # the MATCH, the count, the page
