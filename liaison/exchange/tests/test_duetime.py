from datetime import UTC, datetime, timedelta, timezone

import pytest

from liaison.exchange import duetime

ICT = timezone(timedelta(hours=7))
NOW = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)


def test_defaults_per_priority():
    assert duetime.default_due(NOW, "urgent") == NOW + timedelta(hours=24)
    assert duetime.default_due(NOW, "high") == NOW + timedelta(hours=72)
    assert duetime.default_due(NOW, "normal") == NOW + timedelta(days=7)


def test_partnership_override_and_strictest():
    assert duetime.hours_for("urgent", {"urgent": 12}) == 12
    assert duetime.hours_for("high", {"urgent": 12}) == 72
    assert duetime.strictest([{"urgent": 12}, {"urgent": 6}], "urgent") == 6
    assert duetime.strictest([], "normal") == 168


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-07-02T10:00:00+07:00", datetime(2025, 7, 2, 10, tzinfo=ICT)),
        ("2025-07-02 10:00", datetime(2025, 7, 2, 10, tzinfo=ICT)),
        ("02/07/2025 10:00", datetime(2025, 7, 2, 10, tzinfo=ICT)),
        ("2025-07-02T03:00:00Z", datetime(2025, 7, 2, 3, tzinfo=UTC)),
    ],
)
def test_parse_due(text, expected):
    assert duetime.parse_due(text, tz=ICT) == expected


@pytest.mark.parametrize("bad", ["tomorrow", "32/13/2025 10:00", "2025-02-30", 42])
def test_parse_due_rejects_malformed(bad):
    with pytest.raises(duetime.MalformedDueTime):
        duetime.parse_due(bad, tz=ICT)


def test_empty_due_means_default():
    assert duetime.parse_due("  ", tz=ICT) is None
    assert duetime.parse_due(None, tz=ICT) is None


def test_is_overdue_depends_on_kind_of_response():
    due = NOW
    later = NOW + timedelta(hours=1)
    common = {"due_at": due, "now": later, "closed_at": None}
    assert duetime.is_overdue(expects_reply=True, acknowledged_at=NOW, answered_at=None, **common)
    assert not duetime.is_overdue(
        expects_reply=False, acknowledged_at=NOW, answered_at=None, **common
    )
    assert not duetime.is_overdue(
        expects_reply=True, acknowledged_at=None, answered_at=NOW, **common
    )
    assert not duetime.is_overdue(
        expects_reply=True,
        acknowledged_at=None,
        answered_at=None,
        due_at=due,
        now=due - timedelta(seconds=1),
        closed_at=None,
    )
    assert not duetime.is_overdue(
        expects_reply=True,
        acknowledged_at=None,
        answered_at=None,
        due_at=due,
        now=later,
        closed_at=NOW,
    )
