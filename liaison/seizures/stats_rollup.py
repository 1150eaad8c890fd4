"""Grouped totals read from the monthly roll-up (`models_rollup.py`).

Each table is read with ONE nested GROUP BY: the inner query (built by the ORM, so the
scope is `sharing_q(owner="agency")` exactly as on the ledger) groups by the plain
columns of the grouping and the month — on the item roll-up that order is the one of its
covering index, so SQLite streams it without a sort; the outer query folds the months
into the asked period (a few thousand rows instead of a per-row date function over
hundreds of thousands). Whole quarters (quarter, half-year, year) read the item roll-up
summed by quarter, 2.2x fewer rows. Measures are columns (units, region nationalities),
so a drug grouping needs no second scan; persons of other nationalities come from the
small `RollupNationality`.
"""

from __future__ import annotations

from decimal import Context, Decimal

from django.db import connection
from django.db.models import F, QuerySet, Sum

from liaison.core.access import sharing_q
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models_rollup import (
    NATIONALITY_COLUMNS,
    UNIT_COLUMNS,
    RollupIncident,
    RollupItem,
    RollupItemQuarter,
    RollupNationality,
)
from liaison.seizures.rollup import month_start
from liaison.seizures.stats_shape import MONTHS_IN, Totals, group_key

# grouping dimension -> roll-up column, in the order of RollupItem's covering index
_COLUMNS = {
    "drug": "drug",
    "province": "province_id",
    "country": "country_id",
    "agency": "agency_id",
}
_COUNTS = ("incidents", "arrested")
_ARRESTED = tuple(NATIONALITY_COLUMNS.values())
_QUANTITIES = (*UNIT_COLUMNS.values(), "kg")
# PostgreSQL sums a sum of integers as numeric: counts are made int again. SQLite returns
# sums of decimal columns as floats: the same conversion as Django's
_FROM_FLOAT = Context(prec=15).create_decimal_from_float


def rollup_totals(scope, flt: LedgerFilter, by, period: str) -> dict[tuple, Totals]:
    """Totals per group of `by`; `scope=None` sees everything."""
    groups: dict[tuple, Totals] = {}
    by_drug = "drug" in by or bool(flt.drugs)
    items = _rollup_filter(_item_table(flt, by, period), scope, flt)
    others = _rollup_filter(RollupNationality, scope, flt)
    if flt.drugs:
        items = items.filter(drug__in=flt.drugs)
        others = others.filter(drug__in=flt.drugs)
    elif by_drug:
        others = others.exclude(drug="")
    else:
        others = others.filter(drug="")
    if by_drug:
        # incidents, arrests and nationalities on the drug rows count each incident once
        # per drug: one scan gives everything
        rows = _grouped(items, by, period, (*_COUNTS, *_QUANTITIES, *_ARRESTED))
        _fold(groups, rows, by, period)
    else:
        incidents = _rollup_filter(RollupIncident, scope, flt)
        _fold(groups, _grouped(incidents, by, period, (*_COUNTS, *_ARRESTED)), by, period)
        _fold(groups, _grouped(items, by, period, _QUANTITIES), by, period)
    for row in _grouped(others, (*by, "nationality"), period, ("arrested",)):
        totals = groups.setdefault(group_key(row, by, period), Totals())
        code, persons = row["g_nationality"], totals.arrested_by_nationality
        persons[code] = persons.get(code, 0) + int(row["s_arrested"])
    return groups


def _item_table(flt: LedgerFilter, by, period: str):
    """The quarterly item roll-up when whole quarters are asked for, else the monthly."""
    by_quarters = "period" not in by or MONTHS_IN[period] % 3 == 0
    if flt.date_from and flt.date_from.month % 3 != 1:
        by_quarters = False
    if flt.date_to and flt.date_to.month % 3 != 0:
        by_quarters = False
    return RollupItemQuarter if by_quarters else RollupItem


def _rollup_filter(model, scope, flt: LedgerFilter) -> QuerySet:
    qs = model.objects.order_by()
    if scope is not None:
        qs = qs.filter(sharing_q(scope, owner="agency", level="sharing"))
    if flt.date_from:
        qs = qs.filter(month__gte=flt.date_from)
    if flt.date_to:
        qs = qs.filter(month__lte=month_start(flt.date_to))
    for attr, lookup in (
        ("countries", "country_id__in"),
        ("provinces", "province_id__in"),
        ("agencies", "agency_id__in"),
    ):
        value = getattr(flt, attr)
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


def _period_sql(period: str) -> tuple[str, str]:
    """SQL of the year and of the period's number within the year, from "g_month"."""
    months = MONTHS_IN[period]
    if connection.vendor == "postgresql":
        year, month = (
            'EXTRACT(YEAR FROM "g_month")::integer',
            'EXTRACT(MONTH FROM "g_month")::integer',
        )
    else:  # dates are stored as 'YYYY-MM-DD' text
        year, month = (
            'CAST(substr("g_month", 1, 4) AS INTEGER)',
            'CAST(substr("g_month", 6, 2) AS INTEGER)',
        )
    return year, f"(({month} - 1) / {months})"


def _grouped(qs: QuerySet, by, period: str, measures: tuple[str, ...]) -> list[dict]:
    """Rows of {g_<dimension>..., g_year, g_part, s_<measure>...} for the groups of `by`."""
    dims = [dim for dim in ("drug", "province", "country", "agency", "nationality") if dim in by]
    inner_values = {f"g_{dim}": F(_COLUMNS.get(dim, dim)) for dim in dims}
    if "period" in by:
        inner_values["g_month"] = F("month")
    inner = qs.values(**inner_values).annotate(**{f"s_{m}": Sum(m) for m in measures})
    sql, params = inner.query.get_compiler(using=inner.db).as_sql()
    quote = connection.ops.quote_name
    outer = [quote(f"g_{dim}") for dim in dims]
    if "period" in by:
        year, part = _period_sql(period)
        outer += [f"{year} AS {quote('g_year')}", f"{part} AS {quote('g_part')}"]
    keys = ", ".join(str(n) for n in range(1, len(outer) + 1))
    sums = [f"SUM({quote(f's_{m}')}) AS {quote(f's_{m}')}" for m in measures]
    outer_sql = f"SELECT {', '.join([*outer, *sums])} FROM ({sql}) rollup"  # noqa: S608
    if keys:
        outer_sql += f" GROUP BY {keys}"
    with connection.cursor() as cursor:
        cursor.execute(outer_sql, params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    if not keys and rows and all(value is None for value in rows[0]):
        return []  # no group at all: SQL still answers one row of NULL sums
    return [dict(zip(names, row, strict=True)) for row in rows]


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return _FROM_FLOAT(value or 0)


def _fold(groups: dict[tuple, Totals], rows: list[dict], by, period: str) -> None:
    counts = rows and "s_incidents" in rows[0]
    quantities = [(unit, f"s_{column}") for unit, column in UNIT_COLUMNS.items()]
    persons = [(code, f"s_{column}") for code, column in NATIONALITY_COLUMNS.items()]
    if not (rows and "s_kg" in rows[0]):
        quantities = []
    if not (rows and "s_arrested_vn" in rows[0]):
        persons = []
    keys: dict[tuple, tuple] = {}  # (year, part) -> period key, computed once
    for row in rows:
        if "period" in by:
            when = (row["g_year"], row["g_part"])
            if when not in keys:
                keys[when] = group_key(row, ("period",), period)
            row["g_period"] = keys[when][0]
        totals = groups.setdefault(tuple(row[f"g_{dim}"] for dim in by), Totals())
        if counts:
            totals.incidents += int(row["s_incidents"] or 0)
            totals.arrested += int(row["s_arrested"] or 0)
        if quantities:
            totals.kg += _decimal(row["s_kg"])
            by_unit = totals.quantities
            for unit, name in quantities:
                # a unit shows when items were seized in it (quantities are > 0)
                if value := row[name]:
                    by_unit[unit] = by_unit.get(unit, Decimal(0)) + _decimal(value)
        by_code = totals.arrested_by_nationality
        for code, name in persons:
            if value := row[name]:
                by_code[code] = by_code.get(code, 0) + int(value)
