"""Statistics shaping, pure (no Django): periods, the previous period, tables and charts.

Periods are keyed as text that sorts in time order: month "2024-03", quarter "2024-Q1",
half-year "2024-H1", year "2024". Grouped totals are `Totals` keyed by a tuple with one
value per grouping dimension, in the order the user asked for them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

PERIODS = ("month", "quarter", "half", "year")
MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


# --- periods -------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_key(day: date, period: str) -> str:
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if period == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if period == "year":
        return f"{day.year:04d}"
    raise ValueError(f"unknown period {period!r}")


def period_start(key: str, period: str) -> date:
    year = int(key[:4])
    if period == "month":
        return date(year, int(key[5:7]), 1)
    if period == "quarter":
        return date(year, (int(key[-1]) - 1) * 3 + 1, 1)
    if period == "half":
        return date(year, (int(key[-1]) - 1) * 6 + 1, 1)
    if period == "year":
        return date(year, 1, 1)
    raise ValueError(f"unknown period {period!r}")


def shift_period(key: str, period: str, steps: int) -> str:
    """The period `steps` periods later (negative: earlier)."""
    return period_key(add_months(period_start(key, period), steps * MONTHS_IN[period]), period)


def align_down(day: date, period: str) -> date:
    return period_start(period_key(day, period), period)


def is_month_aligned(date_from: date, date_to: date) -> bool:
    """Does the range cover whole months (first day to last day)?"""
    return date_from.day == 1 and (date_to + timedelta(days=1)).day == 1


def previous_range(date_from: date, date_to: date) -> tuple[date, date]:
    """The period of the same length just before: whole months shift by months."""
    if is_month_aligned(date_from, date_to):
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        start = add_months(date_from, -months)
        return start, date_from - timedelta(days=1)
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days), date_from - timedelta(days=1)


# --- totals --------------------------------------------------------------------------------


@dataclass
class Totals:
    incidents: int = 0
    arrested: int = 0
    kg: Decimal = Decimal(0)
    quantities: dict[str, Decimal] = field(default_factory=dict)
    arrested_by_nationality: dict[str, int] = field(default_factory=dict)

    def add(self, other: Totals) -> None:
        self.incidents += other.incidents
        self.arrested += other.arrested
        self.kg += other.kg
        for unit, qty in other.quantities.items():
            self.quantities[unit] = self.quantities.get(unit, Decimal(0)) + qty
        for code, count in other.arrested_by_nationality.items():
            self.arrested_by_nationality[code] = self.arrested_by_nationality.get(code, 0) + count

    def is_zero(self) -> bool:
        return not (
            self.incidents
            or self.arrested
            or self.kg
            or any(self.quantities.values())
            or any(self.arrested_by_nationality.values())
        )

    def as_dict(self) -> dict:
        return {
            "incidents": self.incidents,
            "arrested": self.arrested,
            "arrested_by_nationality": dict(sorted(self.arrested_by_nationality.items())),
            "kg": _kg_text(self.kg),
            "quantities": {u: _qty_text(q) for u, q in sorted(self.quantities.items())},
        }


def _kg_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001')):f}"


def _qty_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001')).normalize():f}"


def merge(target: dict[tuple, Totals], source: Mapping[tuple, Totals]) -> dict[tuple, Totals]:
    for key, totals in source.items():
        target.setdefault(key, Totals()).add(totals)
    return target


def grand_total(groups: Iterable[Totals]) -> Totals:
    total = Totals()
    for totals in groups:
        total.add(totals)
    return total


def change_percent(current: Decimal | int, previous: Decimal | int | None) -> Decimal | None:
    """Relative change in percent, one decimal; None when there is nothing to compare to."""
    if previous is None or previous == 0:
        return None
    value = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return value.quantize(Decimal("0.1"))


# --- tables and charts -----------------------------------------------------------------------


def group_key(row: Mapping, by: Sequence[str], period: str) -> tuple:
    """The group of a database row: one value per dimension of `by`, read from the row's
    `g_<dimension>` values (a period from `g_year` and `g_part`, the period's number
    within the year; a route from `g_origin`, `g_transit`, `g_destination`)."""
    parts: list = []
    for dim in by:
        if dim == "period":
            first_month = int(row["g_part"]) * MONTHS_IN[period] + 1
            parts.append(period_key(date(int(row["g_year"]), first_month, 1), period))
        elif dim == "route":
            route = [row["g_origin"], *(row["g_transit"] or "").split(";"), row["g_destination"]]
            parts.append(" → ".join(p for p in route if p) or None)
        else:
            parts.append(row[f"g_{dim}"])
    return tuple(parts)


def sort_key(key: tuple) -> tuple:
    """Groups in a stable order; None (e.g. "no case") last within its column."""
    return tuple([(True, "") if value is None else (False, str(value)) for value in key])


def chart_series(
    groups: Mapping[tuple, Totals],
    *,
    by: Sequence[str],
    labels: Mapping[tuple[str, object], str],
    measure: str = "kg",
    max_series: int = 12,
) -> dict:
    """Chart data: x = the period (or the first grouping), stacked by the next grouping.

    Groupings after the second are summed. Series beyond `max_series` (largest first)
    are summed into one "other" series, labelled by the caller's `labels[("", "other")]`.
    """
    if not by:
        value = _measure(grand_total(groups.values()), measure)
        return {"kind": "bar", "labels": [""], "datasets": [{"label": "", "data": [value]}]}
    x_dim = "period" if "period" in by else by[0]
    x_index = by.index(x_dim)
    others = [i for i, dim in enumerate(by) if i != x_index]
    stack_index = others[0] if others else None
    stack_dim = by[stack_index] if stack_index is not None else None
    cells: dict[tuple, Decimal] = {}
    xs: set = set()
    series_total: dict = {}
    for key, totals in groups.items():
        x = key[x_index]
        s = key[stack_index] if stack_index is not None else None
        value = _measure(totals, measure)
        cells[(x, s)] = cells.get((x, s), Decimal(0)) + value
        xs.add(x)
        series_total[s] = series_total.get(s, Decimal(0)) + value
    ordered_x = sorted(xs, key=lambda v: sort_key((v,)))
    ranked = sorted(series_total, key=lambda s: (-series_total[s], sort_key((s,))))
    kept, rest = ranked[:max_series], ranked[max_series:]
    datasets = []
    for s in kept:
        datasets.append(
            {
                "label": labels.get((stack_dim, s), "" if s is None else str(s))
                if stack_dim
                else "",
                "data": [float(cells.get((x, s), 0)) for x in ordered_x],
            }
        )
    if rest:
        datasets.append(
            {
                "label": labels.get(("", "other"), "other"),
                "data": [float(sum(cells.get((x, s), 0) for s in rest)) for x in ordered_x],
            }
        )
    return {
        "kind": "line" if x_dim == "period" and stack_dim is None else "bar",
        "stacked": stack_dim is not None,
        "labels": [labels.get((x_dim, x), "" if x is None else str(x)) for x in ordered_x],
        "datasets": datasets,
    }


def _measure(totals: Totals, measure: str) -> Decimal:
    if measure == "incidents":
        return Decimal(totals.incidents)
    if measure == "arrested":
        return Decimal(totals.arrested)
    return totals.kg


def quantities_text(quantities: Mapping[str, Decimal]) -> str:
    return "; ".join(f"{_qty_text(q)} {unit}" for unit, q in sorted(quantities.items()))


def nationalities_text(counts: Mapping[str, int]) -> str:
    return "; ".join(f"{code}:{n}" for code, n in sorted(counts.items()))


def table_rows(
    rows: Iterable[tuple[Sequence[str], Totals, Totals | None]],
) -> list[list]:
    """The table as shown (and exported): labels, totals, previous, change of kg in %."""
    out: list[list] = []
    for labels, totals, previous in rows:
        change = change_percent(totals.kg, previous.kg if previous else None)
        out.append(
            [
                *labels,
                totals.incidents,
                totals.arrested,
                nationalities_text(totals.arrested_by_nationality),
                float(totals.kg.quantize(Decimal("0.001"))),
                quantities_text(totals.quantities),
                previous.incidents if previous else "",
                float(previous.kg.quantize(Decimal("0.001"))) if previous else "",
                float(change) if change is not None else "",
            ]
        )
    return out
