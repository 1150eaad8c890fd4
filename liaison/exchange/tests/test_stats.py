from datetime import UTC, datetime, timedelta

from liaison.exchange.stats import PartTimes, response_figures

T0 = datetime(2025, 7, 1, tzinfo=UTC)


def h(hours):
    return T0 + timedelta(hours=hours)


def test_response_figures():
    parts = [
        PartTimes(T0, h(24), h(1), h(10), True),  # on time
        PartTimes(T0, h(24), h(3), h(30), True),  # late
        PartTimes(T0, h(24), None, None, True),  # overdue, judged
        PartTimes(T0, h(500), None, None, True),  # not yet due: not judged
        PartTimes(T0, h(24), h(5), None, False),  # alert: only acknowledged
    ]
    figures = response_figures(parts, now=h(100))
    assert figures["median_hours_to_acknowledge"] == 3.0
    assert figures["median_hours_to_answer"] == 20.0
    assert figures["answered"] == 2
    assert figures["judged"] == 3
    assert figures["answered_on_time"] == 1
    assert figures["share_answered_on_time"] == round(1 / 3, 4)


def test_empty():
    figures = response_figures([], now=T0)
    assert figures["median_hours_to_answer"] is None
    assert figures["share_answered_on_time"] is None
