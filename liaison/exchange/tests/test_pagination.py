"""The capped count of the exchange's long lists (liaison/core/paging.py): the
count stops past the cap, page links stay right, "next" keeps going beyond the cap."""

from __future__ import annotations

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse

from liaison.core import paging
from liaison.core.paging import CappedPaginator
from liaison.exchange import matching, selectors
from liaison.exchange.tests.helpers import send

API_LIST = "/api/v1/messages/"


@pytest.fixture
def seven_sent(cast) -> list[str]:
    """Seven messages to Sekong; subjects newest first, as the inbox lists them."""
    subjects = [f"Tin {i}" for i in range(7)]
    for subject in subjects:
        send(cast, subject=subject)
    return list(reversed(subjects))


def test_capped_paginator_counts_to_the_cap_and_pages_past_it(cast, seven_sent):
    parts = selectors.inbox(user=cast.la_officer)
    paginator = CappedPaginator(parts, 2, cap=3)

    assert paginator.count == 4  # cap + 1: enough to know it is capped
    assert paginator.count_capped
    assert paginator.shown_count == 3
    assert paginator.num_pages == 2
    listed = []
    for number in range(1, 5):
        page = paginator.page(number)
        listed += [part.message.subject for part in page]
        assert page.has_next() == (number < 4)
    assert listed == seven_sent
    with pytest.raises(EmptyPage):
        paginator.page(5)


def test_uncapped_paginator_is_exact(cast, seven_sent):
    paginator = CappedPaginator(selectors.inbox(user=cast.la_officer), 5, cap=1000)
    assert (paginator.count, paginator.count_capped, paginator.num_pages) == (7, False, 2)
    assert not paginator.page(2).has_next()
    with pytest.raises(EmptyPage):
        paginator.page(3)


def test_api_count_is_capped_and_next_links_reach_every_part(cast, seven_sent, monkeypatch):
    client = cast.client_for(cast.la_officer)
    body = client.get(API_LIST, {"box": "inbox", "page_size": 5}).json()
    assert (body["count"], body["count_capped"]) == (7, False)

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    body = client.get(API_LIST, {"box": "inbox", "page_size": 2}).json()
    assert (body["count"], body["count_capped"]) == (3, True)
    subjects = [item["subject"] for item in body["results"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        subjects += [item["subject"] for item in body["results"]]
    assert subjects == seven_sent


def test_html_inbox_shows_capped_total_and_next_beyond_it(cast, seven_sent, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr("liaison.exchange.views.lists.PAGE_SIZE", 2)
    client = cast.client_for(cast.la_officer)

    html = client.get(reverse("exchange_inbox")).content.decode()
    assert "Page 1 of more than 3 results" in html

    response = client.get(reverse("exchange_inbox"), {"page": 3})
    page = response.context["page_obj"]
    assert [part.message.subject for part in page] == seven_sent[4:6]
    assert "page=4" in response.content.decode()  # "next" past the cap
    last = client.get(reverse("exchange_inbox"), {"page": 4}).context["page_obj"]
    assert [part.message.subject for part in last] == seven_sent[6:]
    assert not last.has_next()


@pytest.mark.parametrize("user_attr", ["la_officer", "la_auditor", "platform_admin"])
def test_common_term_search_walks_to_the_same_page(cast, seven_sent, monkeypatch, user_attr):
    """A dense search (MemberIn, on SQLite) lists exactly what the plain search lists."""
    send(cast, subject="Khác hẳn", body="Không liên quan.")
    user = getattr(cast, user_attr)
    monkeypatch.setattr(matching, "DENSE_MATCHES", 10**9)
    plain = [part.pk for part in selectors.inbox(user=user, q="tin")]
    monkeypatch.setattr(matching, "DENSE_MATCHES", 1)
    walked = [part.pk for part in selectors.inbox(user=user, q="tin")]
    monkeypatch.setattr(matching, "MATERIALISED_MATCHES", 0)  # the index as a subquery
    monkeypatch.setattr(matching, "PG_MATERIALISED_MATCHES", 0)
    unlisted = [part.pk for part in selectors.inbox(user=user, q="tin")]
    assert walked == plain == unlisted
    if user_attr == "la_officer":
        assert len(plain) == 7
