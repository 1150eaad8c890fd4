"""Pure statistics shaping: periods, previous ranges, totals, chart series, table rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from liaison.seizures import stats_shape as shape
from liaison.seizures.stats_shape import Totals


@pytest.mark.parametrize(
    ("period", "day", "key", "start"),
    [
        ("month", date(2024, 3, 15), "2024-03", date(2024, 3, 1)),
        ("quarter", date(2024, 8, 31), "2024-Q3", date(2024, 7, 1)),
        ("half", date(2024, 6, 30), "2024-H1", date(2024, 1, 1)),
        ("half", date(2024, 7, 1), "2024-H2", date(2024, 7, 1)),
        ("year", date(2024, 12, 31), "2024", date(2024, 1, 1)),
    ],
)
def test_period_keys_and_starts(period, day, key, start):
    assert shape.period_key(day, period) == key
    assert shape.period_start(key, period) == start
    assert shape.align_down(day, period) == start


def test_shift_period_crosses_years():
    assert shape.shift_period("2024-H1", "half", -1) == "2023-H2"
    assert shape.shift_period("2024-Q1", "quarter", -1) == "2023-Q4"
    assert shape.shift_period("2024-01", "month", -1) == "2023-12"
    assert shape.shift_period("2024", "year", 2) == "2026"


def test_unknown_period_is_refused():
    with pytest.raises(ValueError):
        shape.period_key(date(2024, 1, 1), "week")


def test_previous_range_whole_months_shift_by_months():
    assert shape.previous_range(date(2024, 1, 1), date(2024, 12, 31)) == (
        date(2023, 1, 1),
        date(2023, 12, 31),
    )
    # March..April (61 days) -> January..February (60 days in 2024): by months, not days
    assert shape.previous_range(date(2024, 3, 1), date(2024, 4, 30)) == (
        date(2024, 1, 1),
        date(2024, 2, 29),
    )


def test_previous_range_of_days():
    assert shape.previous_range(date(2024, 3, 10), date(2024, 3, 19)) == (
        date(2024, 2, 29),
        date(2024, 3, 9),
    )
    assert not shape.is_month_aligned(date(2024, 3, 10), date(2024, 3, 31))
    assert shape.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_totals_add_and_change():
    a = Totals(2, 3, Decimal("1.5"), {"kg": Decimal("1.5")}, {"VN": 3})
    a.add(Totals(1, 1, Decimal("2"), {"g": Decimal(500)}, {"VN": 1, "LA": 0}))
    assert (a.incidents, a.arrested, a.kg) == (3, 4, Decimal("3.5"))
    assert a.quantities == {"kg": Decimal("1.5"), "g": Decimal(500)}
    assert a.as_dict()["kg"] == "3.500"
    assert a.as_dict()["quantities"] == {"g": "500", "kg": "1.5"}
    assert shape.change_percent(Decimal(15), Decimal(4)) == Decimal("275.0")
    assert shape.change_percent(5, 0) is None
    assert shape.change_percent(5, None) is None
    assert Totals().is_zero() and not a.is_zero()


def test_chart_series_by_period_stacked_by_drug():
    groups = {
        ("2024-H1", "heroin"): Totals(kg=Decimal(2)),
        ("2024-H2", "heroin"): Totals(kg=Decimal(3)),
        ("2024-H2", "mdma"): Totals(kg=Decimal(1)),
    }
    labels = {
        ("drug", "heroin"): "Heroin",
        ("drug", "mdma"): "MDMA",
        ("period", "2024-H1"): "2024-H1",
    }
    chart = shape.chart_series(groups, by=("period", "drug"), labels=labels)
    assert chart["labels"] == ["2024-H1", "2024-H2"]
    assert chart["stacked"] and chart["kind"] == "bar"
    assert chart["datasets"] == [
        {"label": "Heroin", "data": [2.0, 3.0]},
        {"label": "MDMA", "data": [0.0, 1.0]},
    ]
    # the period goes on the x axis even when it is not the first grouping
    swapped = {(d, p): t for (p, d), t in groups.items()}
    assert shape.chart_series(swapped, by=("drug", "period"), labels=labels)["labels"] == [
        "2024-H1",
        "2024-H2",
    ]


def test_chart_series_folds_small_series_into_other():
    groups = {(str(n), "x"): Totals(incidents=n) for n in range(1, 6)}
    chart = shape.chart_series(
        {(k[1], k[0]): v for k, v in groups.items()},
        by=("country", "drug"),
        labels={("", "other"): "Other"},
        measure="incidents",
        max_series=2,
    )
    assert [d["label"] for d in chart["datasets"]] == ["5", "4", "Other"]
    assert chart["datasets"][2]["data"] == [6.0]


def test_table_rows():
    rows = shape.table_rows(
        [
            (
                ("Heroin",),
                Totals(2, 3, Decimal("1.2344"), {"kg": Decimal("1.2344")}, {"VN": 3}),
                Totals(kg=Decimal(1)),
            ),
            (("MDMA",), Totals(1, 0, Decimal(0), {"tablets": Decimal(100)}, {}), None),
        ]
    )
    assert rows[0] == ["Heroin", 2, 3, "VN:3", 1.234, "1.234 kg", 0, 1.0, 23.4]
    assert rows[1][-3:] == ["", "", ""]
