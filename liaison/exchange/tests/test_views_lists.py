"""Exchange lists in the browser UI: inbox (+ htmx partial), sent, drafts, awaiting
approval, overdue; filters, search, pagination, unread counts and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liaison.exchange.models import Recipient
from liaison.exchange.tests.helpers import send


def rows(response) -> list[str]:
    """Subjects listed on an inbox / overdue page (parts) or a sent page (messages)."""
    assert response.status_code == 200, response.content[:500]
    items = response.context["page_obj"].object_list
    return [getattr(item, "message", item).subject for item in items]


def test_inbox_lists_received_parts_with_unread_badge(cast):
    send(cast, subject="Xác minh Nguyễn Văn Đức")
    client = cast.client_for(cast.la_officer)

    response = client.get(reverse("exchange_inbox"))

    assert rows(response) == ["Xác minh Nguyễn Văn Đức"]
    html = response.content.decode()
    assert "data-unread" in html
    assert response.context["counts"]["unread"] == 1
    # the navbar badge loads itself after the page
    assert f'hx-get="{reverse("exchange_unread_badge")}"' in html
    badge = client.get(reverse("exchange_unread_badge")).content.decode()
    assert "data-unread-count>1<" in badge
    # the sender's own inbox stays empty; its sent list has the message
    assert rows(cast.client_for(cast.vn_officer).get(reverse("exchange_inbox"))) == []
    assert rows(cast.client_for(cast.vn_officer).get(reverse("exchange_sent"))) == [
        "Xác minh Nguyễn Văn Đức"
    ]


def test_opening_a_message_clears_the_unread_count(cast):
    message = send(cast)
    client = cast.client_for(cast.la_officer)
    client.get(reverse("exchange_message", args=[message.pk]))
    response = client.get(reverse("exchange_inbox"))
    assert response.context["counts"]["unread"] == 0
    assert client.get(reverse("exchange_unread_badge")).content.decode().strip() == ""


def test_unread_badge_after_the_session_expired_is_empty(cast):
    response = cast.client_for(None).get(reverse("exchange_unread_badge"))
    assert response.status_code == 204 and response.content == b""


def test_inbox_filters_and_folded_search(cast):
    send(cast, subject="Xác minh Nguyễn Văn Đức", kind="verification", priority="urgent")
    send(cast, subject="Cảnh báo lô hàng ma túy", kind="alert", priority="high", body="Lô hàng")
    send(
        cast,
        subject="Yêu cầu thông tin",
        kind="request",
        priority="normal",
        author=cast.vn_supervisor,
        to=[cast.lamam],
        body="Thông tin",
    )
    client = cast.client_for(cast.la_officer)
    url = reverse("exchange_inbox")

    assert rows(client.get(url, {"q": "nguyen van duc"})) == ["Xác minh Nguyễn Văn Đức"]
    assert rows(client.get(url, {"kind": "alert"})) == ["Cảnh báo lô hàng ma túy"]
    assert rows(client.get(url, {"priority": "normal"})) == ["Yêu cầu thông tin"]  # Lamam's
    assert rows(client.get(url, {"partner": cast.quang_nam.pk, "q": "canh bao"})) == [
        "Cảnh báo lô hàng ma túy"
    ]
    assert rows(client.get(url, {"status": "read"})) == []
    today = timezone.localdate()
    assert len(rows(client.get(url, {"date_from": today.isoformat()}))) == 3
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert rows(client.get(url, {"date_from": tomorrow})) == []


def test_a_bad_filter_value_is_shown_on_its_field_and_filters_nothing(cast):
    send(cast)
    response = cast.client_for(cast.la_officer).get(
        reverse("exchange_inbox"), {"kind": "gossip", "date_from": "32/13/2025"}
    )
    assert len(rows(response)) == 1
    form = response.context["form"]
    assert "kind" in form.errors and "date_from" in form.errors


def test_inbox_partial_polls_every_30_seconds_keeping_the_filters(cast):
    send(cast, kind="alert")
    client = cast.client_for(cast.la_officer)

    page = client.get(reverse("exchange_inbox"), {"kind": "alert", "q": "đức"})
    html = page.content.decode()
    assert 'hx-trigger="every 30s"' in html
    assert f'hx-get="{reverse("exchange_inbox_partial")}?kind=alert&amp;q=%C4%91%E1%BB%A9c"' in html

    partial = client.get(reverse("exchange_inbox_partial"), {"kind": "alert", "q": "đức"})
    body = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in body and 'hx-trigger="every 30s"' in body
    assert "?kind=alert&amp;q=%C4%91%E1%BB%A9c" in body  # the filters survive the swap
    assert len(partial.context["page_obj"].object_list) == 1
    # polling is not opening: the part stays unread
    assert Recipient.objects.get().read_at is None


def test_inbox_paginates(cast):
    for i in range(27):
        send(cast, subject=f"Tin {i:02d}", kind="alert")
    client = cast.client_for(cast.la_officer)
    first = client.get(reverse("exchange_inbox"))
    assert len(rows(first)) == 25 and rows(first)[0] == "Tin 26"
    second = client.get(reverse("exchange_inbox"), {"page": 2})
    assert rows(second) == ["Tin 01", "Tin 00"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["exchange_inbox", "exchange_sent"])
def test_list_query_count_does_not_grow_with_messages(
    cast, url_name, django_assert_max_num_queries
):
    user = cast.la_officer if url_name == "exchange_inbox" else cast.vn_officer
    client = cast.client_for(user)
    send(cast)
    client.get(reverse(url_name))  # warm the session and the scope cache
    few = _queries(client, reverse(url_name))
    for i in range(12):
        send(cast, subject=f"Tin {i}", to=[cast.sekong, cast.lamam], kind="alert")
    many = _queries(client, reverse(url_name))
    assert many == few
    # session, user, roles, scope token, tab counts (3), partner choices, page count,
    # page rows (+ the parts, prefetched, on the sent list): 9 / 10
    with django_assert_max_num_queries(10):
        client.get(reverse(url_name))


def test_sent_list_shows_every_part_and_its_status(cast):
    message = send(cast, to=[cast.sekong, cast.c04])
    cast.client_for(cast.la_officer).get(reverse("exchange_message", args=[message.pk]))
    response = cast.client_for(cast.vn_officer).get(reverse("exchange_sent"))
    html = response.content.decode()
    assert cast.sekong.name in html and cast.c04.name in html
    assert "Đã đọc" in html or "Read" in html


def test_drafts_list_the_authors_unsent_messages(cast):
    send(cast, subject="Bản nháp", send=False)
    send(cast, subject="Đã gửi")
    assert rows(cast.client_for(cast.vn_officer).get(reverse("exchange_drafts"))) == ["Bản nháp"]
    assert rows(cast.client_for(cast.vn_supervisor).get(reverse("exchange_drafts"))) == []


def test_awaiting_approval_is_for_supervisors(cast):
    send(cast, subject="Từ Nam Giang", author=cast.vn_district_officer)
    response = cast.client_for(cast.vn_supervisor).get(reverse("exchange_awaiting"))
    assert rows(response) == ["Từ Nam Giang"]
    assert response.context["counts"]["awaiting_approval"] == 1
    assert cast.client_for(cast.vn_officer).get(reverse("exchange_awaiting")).status_code == 403
    assert cast.client_for(cast.la_officer).get(reverse("exchange_awaiting")).status_code == 403


def test_overdue_lists_both_sides(cast):
    late = send(cast, subject="Quá hạn")
    send(cast, subject="Còn hạn")
    Recipient.objects.filter(message=late).update(due_at=timezone.now() - timedelta(hours=1))

    owed = cast.client_for(cast.la_officer).get(reverse("exchange_overdue"))
    assert rows(owed) == ["Quá hạn"]
    owed_to_us = cast.client_for(cast.vn_officer).get(reverse("exchange_overdue"), {"side": "sent"})
    assert rows(owed_to_us) == ["Quá hạn"]
    assert rows(cast.client_for(cast.vn_officer).get(reverse("exchange_overdue"))) == []
    inbox = cast.client_for(cast.la_officer).get(reverse("exchange_inbox")).content.decode()
    assert inbox.count('text-bg-danger">') >= 2  # urgent badge and the overdue badge


def test_lists_need_login(cast):
    response = cast.client_for(None).get(reverse("exchange_inbox"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_outsider_sees_none_of_it(cast):
    send(cast)
    client = cast.client_for(cast.outsider)
    assert rows(client.get(reverse("exchange_inbox"))) == []
    assert rows(client.get(reverse("exchange_sent"))) == []
    assert rows(client.get(reverse("exchange_overdue"))) == []
