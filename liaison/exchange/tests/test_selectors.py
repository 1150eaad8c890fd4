from datetime import date, timedelta

import pytest
from django.utils import timezone

from liaison.exchange import selectors, services
from liaison.exchange.models import Recipient, RecipientStatus
from liaison.exchange.tests.helpers import send


def inbox_ids(user, **filters):
    return [p.message_id for p in selectors.inbox(user=user, **filters)]


def test_inbox_newest_first_with_own_agency_parts(cast):
    first = send(cast)
    second = send(cast, kind="alert", priority="normal")
    assert inbox_ids(cast.la_officer) == [second.pk, first.pk]
    assert inbox_ids(cast.vn_officer) == []
    assert inbox_ids(cast.outsider) == []


def test_inbox_includes_sub_units_for_superiors(cast, lamam_officer):
    to_lamam = send(cast, to=[cast.lamam])
    assert inbox_ids(cast.la_officer) == [to_lamam.pk]
    assert inbox_ids(cast.la_officer, include_subunits=False) == []
    assert inbox_ids(lamam_officer) == [to_lamam.pk]


def test_inbox_filters(cast):
    request = send(cast, kind="request", priority="high")
    alert = send(cast, kind="alert", priority="urgent")
    from_lamam_side = send(cast, author=cast.vn_district_officer, to=[cast.c04])
    assert inbox_ids(cast.la_officer, kind="alert") == [alert.pk]
    assert inbox_ids(cast.la_officer, priority="high") == [request.pk]
    services.message_acknowledge(actor=cast.la_officer, message=request)
    assert inbox_ids(cast.la_officer, status=RecipientStatus.ACKNOWLEDGED) == [request.pk]
    assert inbox_ids(cast.la_officer, partner=cast.quang_nam.pk) == [alert.pk, request.pk]
    assert inbox_ids(cast.la_officer, partner=cast.kh_add.pk) == []
    # the partner filter includes the partner's sub-units
    assert inbox_ids(cast.vn_auditor, partner=cast.quang_nam.pk) == [from_lamam_side.pk]
    today = timezone.localdate()
    assert len(inbox_ids(cast.la_officer, date_from=today, date_to=today)) == 2
    assert inbox_ids(cast.la_officer, date_from=today + timedelta(days=1)) == []
    assert inbox_ids(cast.la_officer, date_to=date(2020, 1, 1)) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Nguyen Van", True),
        ("nguyễn văn", True),
        ("NGUYEN VAN DUC", True),
        ("d", True),
        ("duc", True),
        ("Nguyen Thi", False),
        ('"van duc" 1985', True),
        ("ເຊກອງ", True),
        ("ເຊກອງ ລະມາມ", False),
        ("ស្រុក", True),
    ],
)
def test_search_ignores_vietnamese_diacritics_and_reads_lao_and_khmer(cast, query, found):
    message = send(
        cast,
        subject="Xác minh đối tượng Nguyễn Văn Đức",
        body="Sinh năm 1985, cư trú tại ແຂວງເຊກອງ; ស្រុក ជាប់ព្រំដែន.",
    )
    send(cast, subject="Khác", body="Không liên quan")
    assert (message.pk in inbox_ids(cast.la_officer, q=query)) is found
    assert ([m.pk for m in selectors.sent(user=cast.vn_officer, q=query)] == [message.pk]) is found


def test_sent_lists_with_parts_and_filters(cast):
    to_sekong = send(cast)
    to_c04 = send(cast, to=[cast.c04])
    assert [m.pk for m in selectors.sent(user=cast.vn_officer)] == [to_c04.pk, to_sekong.pk]
    assert [m.pk for m in selectors.sent(user=cast.vn_officer, partner=cast.sekong.pk)] == [
        to_sekong.pk
    ]
    services.message_acknowledge(actor=cast.la_officer, message=to_sekong)
    assert [m.pk for m in selectors.sent(user=cast.vn_officer, status="acknowledged")] == [
        to_sekong.pk
    ]
    assert list(selectors.sent(user=cast.la_officer)) == []


def test_drafts_and_awaiting_approval(cast):
    draft = send(cast, send=False)
    waiting = send(cast, author=cast.vn_district_officer)
    assert [m.pk for m in selectors.drafts(user=cast.vn_officer)] == [draft.pk]
    assert [m.pk for m in selectors.awaiting_approval(user=cast.vn_supervisor)] == [waiting.pk]
    assert list(selectors.awaiting_approval(user=cast.vn_officer)) == []
    assert list(selectors.awaiting_approval(user=cast.la_officer)) == []


def test_unread_counts(cast):
    message = send(cast)
    send(cast)
    assert selectors.unread_count(user=cast.la_officer) == 2
    services.message_mark_read(actor=cast.la_officer, message=message)
    assert selectors.unread_count(user=cast.la_officer) == 1
    assert selectors.unread_count(user=cast.outsider) == 0
    assert selectors.counts(user=cast.la_officer)["notifications"] == 2


def test_overdue_both_sides(cast):
    request = send(cast)
    alert = send(cast, kind="alert")
    services.message_acknowledge(actor=cast.la_officer, message=alert)
    Recipient.objects.update(due_at=timezone.now() - timedelta(hours=1))
    # the alert was acknowledged, which is all it asked for
    assert [p.message_id for p in selectors.overdue(user=cast.la_officer)] == [request.pk]
    assert [p.message_id for p in selectors.overdue(user=cast.vn_officer, side="sent")] == [
        request.pk
    ]
    assert list(selectors.overdue(user=cast.outsider)) == []
    assert inbox_ids(cast.la_officer, overdue=True) == [request.pk]
    services.message_reply(actor=cast.la_officer, message=request, body="ok")
    assert list(selectors.overdue(user=cast.la_officer)) == []


def _many(cast, n):
    for i in range(n):
        send(cast, subject=f"Tin {i}", to=[cast.sekong, cast.lamam])


@pytest.mark.parametrize("selector", ["inbox", "overdue"])
def test_inbox_query_count_does_not_grow(cast, django_assert_num_queries, selector):
    _many(cast, 3)
    Recipient.objects.update(due_at=timezone.now() - timedelta(hours=1))
    fetch = getattr(selectors, selector)

    def page(user):
        rows = list(fetch(user=user)[:50])
        return [(r.agency.name, r.message.subject, r.message.sender_agency.name) for r in rows]

    user = cast.la_officer
    page(user)  # warm the scope cache
    with django_assert_num_queries(1):  # the scope is memoized on the user: one query
        assert len(page(user)) == 6
    _many(cast, 10)
    Recipient.objects.update(due_at=timezone.now() - timedelta(hours=1))
    user.__dict__.pop("_liaison_scope", None)
    page(user)
    with django_assert_num_queries(1):
        assert len(page(user)) == 26


def test_sent_query_count_does_not_grow(cast, django_assert_num_queries):
    _many(cast, 3)

    def page():
        return [
            (m.subject, m.sender_agency.name, [p.agency.name for p in m.recipients.all()])
            for m in selectors.sent(user=cast.vn_officer)[:50]
        ]

    page()
    with django_assert_num_queries(2):  # messages, then parts with their agencies
        assert len(page()) == 3
    _many(cast, 10)
    with django_assert_num_queries(2):
        assert len(page()) == 13


def test_counts_query_budget(cast, django_assert_max_num_queries):
    send(cast)
    selectors.counts(user=cast.la_officer)
    with django_assert_max_num_queries(4):
        selectors.counts(user=cast.la_officer)
