from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from liaison.exchange import services
from liaison.exchange.models import Recipient
from liaison.exchange.statistics import partnership_statistics
from liaison.exchange.tests.helpers import send


def stats(cast, user=None, **kw):
    today = timezone.localdate()
    return partnership_statistics(
        user=user or cast.vn_officer,
        partnership=cast.partnership,
        date_from=kw.pop("date_from", today - timedelta(days=30)),
        date_to=kw.pop("date_to", today),
        **kw,
    )


def party(result, agency):
    return next(p for p in result["parties"] if p["agency_id"] == agency.pk)


def test_statistics_per_partnership(cast):
    on_time = send(cast, kind="verification")
    late = send(cast, kind="request")
    send(cast, kind="alert")
    send(cast, to=[cast.c04])  # domestic: not partnership traffic
    services.message_acknowledge(actor=cast.la_officer, message=on_time)
    services.message_reply(actor=cast.la_officer, message=on_time, body="ok")
    Recipient.objects.filter(message=late).update(due_at=timezone.now() - timedelta(hours=1))

    result = stats(cast)
    qn, sk = party(result, cast.quang_nam), party(result, cast.sekong)
    assert qn["sent"]["by_kind"]["verification"] == 1
    assert qn["sent"]["by_kind"]["request"] == 1
    assert qn["sent"]["total"] == 3
    assert sk["received"]["total"] == 3
    assert sk["sent"]["by_kind"]["reply"] == 1
    assert qn["received"]["by_kind"]["reply"] == 1
    responses = sk["responses"]
    assert responses["answered"] == 1
    assert responses["judged"] == 2 and responses["answered_on_time"] == 1
    assert responses["share_answered_on_time"] == 0.5
    assert responses["median_hours_to_acknowledge"] is not None
    assert result["totals"]["messages"] == 4


def test_statistics_follow_the_answer(cast):
    message = send(cast)
    Recipient.objects.update(due_at=timezone.now() - timedelta(hours=1))
    assert stats(cast)["totals"]["share_answered_on_time"] == 0.0
    services.message_reply(actor=cast.la_officer, message=message, body="late")
    result = stats(cast)["totals"]
    assert result["answered"] == 1 and result["answered_on_time"] == 0


def test_statistics_period_and_scope(cast):
    send(cast)
    old = stats(
        cast,
        date_from=timezone.localdate() - timedelta(days=60),
        date_to=timezone.localdate() - timedelta(days=31),
    )
    assert old["totals"]["messages"] == 0
    assert stats(cast, user=cast.la_officer)["totals"]["messages"] == 1
    with pytest.raises(Http404):
        stats(cast, user=cast.outsider)


def test_statistics_query_budget(cast, django_assert_max_num_queries):
    for _ in range(5):
        send(cast)
    stats(cast)
    # scope checks, the partnership with its parties, one query for all the parts
    with django_assert_max_num_queries(5):
        stats(cast)
    for _ in range(10):
        send(cast)
    with django_assert_max_num_queries(5):
        assert stats(cast)["totals"]["messages"] == 15
