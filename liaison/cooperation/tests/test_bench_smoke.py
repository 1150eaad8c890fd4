"""bench/bench_review_report.py runs end to end on a tiny partnership, so it cannot rot.

The timings are not asserted (the data is far too small); what is asserted is that the
generated data lands in the partnership and the report period, is consistent (replies
answer parts, activities fulfil commitments of the partnership's agreements), and that
every format is measured and the table renders.
"""

from __future__ import annotations

from datetime import date

import pytest

from bench import bench_review_report
from bench.common import ensure_world, render_table
from liaison.cooperation.models import Activity, Agreement, Commitment
from liaison.exchange.models import Message, Recipient
from liaison.seizures.models import Incident

pytestmark = pytest.mark.django_db(transaction=False)


def test_review_report_bench_runs_on_a_tiny_partnership():
    world = ensure_world(40)
    figures = bench_review_report.run(
        world=world,
        incidents=120,
        messages=150,
        activities=30,
        repeats=1,
        formats=("xlsx",),
        languages=("vi",),
        progress=lambda message: None,
    )
    partnership = bench_review_report.the_partnership(world)
    assert Incident.objects.count() == 120
    in_period = Incident.objects.filter(occurred_on__range=bench_review_report.PERIOD)
    assert 0 < in_period.count() < 120
    assert set(Incident.objects.values_list("country", flat=True)) == {"VN", "LA"}
    assert Message.objects.count() == 150
    replies = Message.objects.filter(kind="reply")
    assert replies.exists()
    assert all(
        r.answers_part.answered_at == r.sent_at for r in replies.select_related("answers_part")
    )
    assert Recipient.objects.count() == 150  # one part per message
    assert Activity.objects.filter(partnership=partnership).count() == 30
    assert Agreement.objects.filter(partnership=partnership).count() == 2
    linked = Commitment.objects.filter(activities__isnull=False).distinct()
    assert linked.exists()
    assert set(linked.values_list("agreement__partnership", flat=True)) == {partnership.pk}
    assert Activity.objects.filter(starts_on__gte=date(2023, 7, 1)).count() == 30

    by_name = {f.name: f for f in figures}
    assert by_name["incidents"].value == 120
    [xlsx] = [f for f in figures if "XLSX" in f.name]
    assert xlsx.value is not None and xlsx.value > 0, xlsx.note
    assert "Review" in render_table("Review report", figures, {"incidents": "120"})

    # a second run finds the data and generates nothing more
    bench_review_report.run(
        world=world,
        incidents=120,
        messages=150,
        activities=30,
        repeats=1,
        formats=(),
        progress=lambda message: None,
    )
    assert Message.objects.count() == 150 and Incident.objects.count() == 120
