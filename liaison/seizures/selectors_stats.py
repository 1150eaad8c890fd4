"""Grouped totals of the ledger (statistics page, API, CLI): scoped, exact, fast.

Two paths give the same numbers (a parametrized test compares them):
- the monthly roll-up (`models_rollup.py`, read by `stats_rollup.py`) when every grouping
  and filter is one of its dimensions and the date range covers whole months — what
  makes a five-year drug × province × half-year table on a million incidents fast;
- the ledger itself otherwise (route, case, modus, origin/destination, cancelled...).
On the roll-up, scope is the same sharing rule as `Incident.visible_to`; the incidents a
user sees only through a joint case are added from the ledger (few rows), so the result
stays exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Func, IntegerField, QuerySet, Sum, Value
from django.utils.translation import gettext as _

from liaison.core.access import get_scope, sharing_q
from liaison.seizures.ledger_filter import LedgerFilter, _list_param
from liaison.seizures.models import Arrest, DrugType, Incident, Modus, SeizedItem
from liaison.seizures.rollup import first_of_drug
from liaison.seizures.stats_rollup import rollup_totals
from liaison.seizures.stats_shape import (
    MONTHS_IN,
    PERIODS,
    Totals,
    add_months,
    align_down,
    change_percent,
    grand_total,
    group_key,
    merge,
    previous_range,
    shift_period,
    sort_key,
)

DIMENSIONS = (
    "period",
    "country",
    "province",
    "district",
    "agency",
    "drug",
    "modus",
    "route",
    "case",
)
ROLLUP_DIMENSIONS = frozenset({"period", "country", "province", "agency", "drug"})
MAX_DIMENSIONS = 4
# A statistics answer is a table for people; more groups than this is a mistake.
MAX_GROUPS = 20_000

# grouping dimension -> (alias, ledger field); the roll-up has its own (stats_rollup._COLUMNS)
_LEDGER_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "country": (("g_country", "country_id"),),
    "province": (("g_province", "province_id"),),
    "district": (("g_district", "district_id"),),
    "agency": (("g_agency", "agency_id"),),
    "modus": (("g_modus", "modus"),),
    "route": (("g_origin", "origin"), ("g_transit", "transit"), ("g_destination", "destination")),
    "case": (("g_case", "case_id"),),
}


@dataclass(frozen=True)
class StatsQuery:
    by: tuple[str, ...] = ("period", "drug")
    period: str = "year"
    flt: LedgerFilter = field(default_factory=LedgerFilter)

    @classmethod
    def from_params(cls, params: Mapping, *, default_by: tuple[str, ...] = ("period", "drug")):
        """`by` (comma-separated dimensions), `period` and the ledger filter parameters."""
        errors: dict[str, list[str]] = {}
        try:
            flt = LedgerFilter.from_params(params)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            flt = LedgerFilter()
        by: list[str] = []
        for dim in _list_param(params, "by") if params.get("by") is not None else default_by:
            if dim not in by:
                by.append(dim)
        unknown = [dim for dim in by if dim not in DIMENSIONS]
        if unknown:
            errors["by"] = [
                _("Unknown grouping: %(value)s. Choose from: %(choices)s.")
                % {"value": ", ".join(unknown), "choices": ", ".join(DIMENSIONS)}
            ]
        elif len(by) > MAX_DIMENSIONS:
            errors["by"] = [_("Group by at most %(count)d dimensions.") % {"count": MAX_DIMENSIONS}]
        period = (params.get("period") or "year").strip()
        if period not in PERIODS:
            errors["period"] = [
                _("Unknown period: %(value)s. Choose from: %(choices)s.")
                % {"value": period, "choices": ", ".join(PERIODS)}
            ]
        if errors:
            raise ValidationError(errors)
        return cls(by=tuple(by), period=period, flt=flt)

    def as_params(self) -> dict[str, str]:
        return {**self.flt.as_params(), "by": ",".join(self.by), "period": self.period}


@dataclass
class StatsRow:
    key: tuple
    labels: tuple[str, ...]
    totals: Totals
    previous: Totals | None

    @property
    def kg_change(self) -> Decimal | None:
        return change_percent(self.totals.kg, self.previous.kg if self.previous else None)


@dataclass
class StatsResult:
    query: StatsQuery
    rows: list[StatsRow]
    total: Totals
    previous_total: Totals | None
    previous_range: tuple[date, date] | None
    labels: dict[tuple[str, object], str]
    source: str  # "rollup" or "ledger"
    groups: dict[tuple, Totals] = field(default_factory=dict)


# --- which path ------------------------------------------------------------------------------


def rollup_eligible(flt: LedgerFilter, by: tuple[str, ...]) -> bool:
    if not set(by) <= ROLLUP_DIMENSIONS:
        return False
    if flt.include_cancelled or flt.modi or flt.origins or flt.destinations or flt.cases:
        return False
    if flt.districts:
        return False
    if flt.date_from and flt.date_from.day != 1:
        return False
    if flt.date_to and (flt.date_to + timedelta(days=1)).day != 1:
        return False
    # several drugs without grouping by drug: "each incident once" needs the ledger
    return not (len(flt.drugs) > 1 and "drug" not in by)


# --- the grouped totals ------------------------------------------------------------------------


def grouped_totals(
    *, user, flt: LedgerFilter, by: tuple[str, ...], period: str, path: str | None = None
) -> tuple[dict[tuple, Totals], str]:
    """Totals keyed by one value per dimension of `by`; `user=None` is the operator's view."""
    path = path or ("rollup" if rollup_eligible(flt, by) else "ledger")
    scope = get_scope(user) if user is not None else None
    everything = scope is None or scope.sees_everything
    if not everything and scope.agency_id is None:
        return {}, path
    if path == "ledger":
        incidents = Incident.objects.all() if everything else Incident.objects.visible_to(user)
        groups = _ledger_totals(flt.apply(incidents), flt, by, period)
    else:
        groups = rollup_totals(None if everything else scope, flt, by, period)
        if not everything:
            from liaison.cases.models import JointCase

            # seen through a joint case only: not in any partition the sharing rule opens
            through_case = flt.apply(
                Incident.objects.filter(case__in=JointCase.objects.ids_visible_to(user)).exclude(
                    sharing_q(scope, owner="agency", level="sharing")
                )
            )
            if through_case.exists():
                merge(groups, _ledger_totals(through_case, flt, by, period))
    if "case" in by and not everything:
        groups = _hide_invisible_cases(groups, by, user)
    return groups, path


def _hide_invisible_cases(groups: dict[tuple, Totals], by, user) -> dict[tuple, Totals]:
    """Incidents may be shared while their case is not: such cases stay unnamed."""
    from liaison.cases.models import JointCase

    index = by.index("case")
    ids = {key[index] for key in groups if key[index] is not None}
    visible = set(
        JointCase.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    out: dict[tuple, Totals] = {}
    for key, totals in groups.items():
        if key[index] is not None and key[index] not in visible:
            key = (*key[:index], None, *key[index + 1 :])
        out.setdefault(key, Totals()).add(totals)
    return out


class _DatePart(Func):
    """An integer year or month number computed natively (Django's Extract calls a
    Python function per row on SQLite, and PostgreSQL's EXTRACT returns numeric)."""

    output_field = IntegerField()
    part = "year"

    def as_sqlite(self, compiler, connection, **extra_context):
        # dates are stored as 'YYYY-MM-DD' text
        start, length = (1, 4) if self.part == "year" else (6, 2)
        template = f"CAST(substr(%(expressions)s, {start}, {length}) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = f"EXTRACT({self.part.upper()} FROM %(expressions)s)::integer"
        return self.as_sql(compiler, connection, template=template)


class _Year(_DatePart):
    part = "year"


class _Month(_DatePart):
    part = "month"


def _period_values(day_field: str, period: str) -> dict:
    """Year and period number computed by the database: it returns one row per period,
    not one per month (six times fewer rows to fold for half-years)."""
    months = MONTHS_IN[period]
    return {
        "g_year": _Year(day_field),
        "g_part": (_Month(day_field) - Value(1)) / Value(months),
    }


def _group_values(by, *, prefix: str, drug_field: str | None, period: str) -> dict:
    values: dict = {}
    for dim in by:
        if dim == "period":
            values.update(_period_values(f"{prefix}occurred_on", period))
        elif dim == "drug":
            values["g_drug"] = F(drug_field)
        else:
            for alias, name in _LEDGER_FIELDS[dim]:
                values[alias] = F(f"{prefix}{name}")
    return values


def _fold(groups: dict[tuple, Totals], rows, by, period: str, apply) -> None:
    for row in rows:
        apply(groups.setdefault(group_key(row, by, period), Totals()), row)


def _add_counts(totals: Totals, row) -> None:
    totals.incidents += row["n_incidents"] or 0
    totals.arrested += row["n_arrested"] or 0


def _add_quantity(totals: Totals, row) -> None:
    unit = row["g_unit"]
    totals.quantities[unit] = totals.quantities.get(unit, Decimal(0)) + (row["n_quantity"] or 0)
    totals.kg += row["n_kg"] or 0


def _add_nationality(totals: Totals, row) -> None:
    code = row["g_nationality"]
    totals.arrested_by_nationality[code] = totals.arrested_by_nationality.get(code, 0) + (
        row["n_arrested"] or 0
    )


def _ledger_totals(incidents: QuerySet, flt: LedgerFilter, by, period: str) -> dict:
    groups: dict[tuple, Totals] = {}
    items = SeizedItem.objects.filter(incident__in=incidents.values("pk")).order_by()
    if flt.drugs:
        items = items.filter(drug__in=flt.drugs)
    on_items = _group_values(by, prefix="incident__", drug_field="drug", period=period)
    if "drug" in by:
        firsts = items.filter(first_of_drug())
        counts = firsts.values(**on_items).annotate(
            n_incidents=Count("id"), n_arrested=Sum("incident__arrested_count")
        )
        nationalities = (
            firsts.filter(incident__arrests__isnull=False)
            .values(**on_items, g_nationality=F("incident__arrests__nationality"))
            .annotate(n_arrested=Sum("incident__arrests__count"))
        )
    else:
        counts = (
            incidents.order_by()
            .values(**_group_values(by, prefix="", drug_field=None, period=period))
            .annotate(n_incidents=Count("id"), n_arrested=Sum("arrested_count"))
        )
        nationalities = (
            Arrest.objects.filter(incident__in=incidents.values("pk"))
            .order_by()
            .values(**on_items, g_nationality=F("nationality"))
            .annotate(n_arrested=Sum("count"))
        )
    quantities = items.values(**on_items, g_unit=F("unit")).annotate(
        n_quantity=Sum("quantity"), n_kg=Sum("kg")
    )
    _fold(groups, counts, by, period, _add_counts)
    _fold(groups, quantities, by, period, _add_quantity)
    _fold(groups, nationalities, by, period, _add_nationality)
    return groups


# --- the statistics answer (current, previous, labels) ---------------------------------------


def statistics(*, user, query: StatsQuery, path: str | None = None) -> StatsResult:
    """The grouped totals with the previous period beside each group."""
    flt, by, period = query.flt, query.by, query.period
    current, source = grouped_totals(user=user, flt=flt, by=by, period=period, path=path)
    if len(current) > MAX_GROUPS:
        raise ValidationError(
            {"by": _("Too many groups (%(count)d): narrow the filter.") % {"count": len(current)}}
        )
    previous_groups: dict[tuple, Totals] = {}
    prev_range = None
    if "period" in by:
        # each period is compared with the one before it; the first one with the period
        # just before the range (queried on its own so partial months stay exact)
        index = by.index("period")
        if flt.date_from:
            edge_from = add_months(align_down(flt.date_from, period), -MONTHS_IN[period])
            edge = replace(flt, date_from=edge_from, date_to=flt.date_from - timedelta(days=1))
            previous_groups, _path = grouped_totals(
                user=user, flt=edge, by=by, period=period, path=path
            )
        lookup = {**previous_groups, **current}
        before = {k: shift_period(k, period, -1) for k in {key[index] for key in current}}

        def previous_of(key: tuple) -> Totals:
            shifted = (*key[:index], before[key[index]], *key[index + 1 :])
            return lookup.get(shifted) or Totals()

        rows_previous = {key: previous_of(key) for key in current}
        previous_total = None
    elif flt.date_from and flt.date_to:
        prev_range = previous_range(flt.date_from, flt.date_to)
        prev_flt = replace(flt, date_from=prev_range[0], date_to=prev_range[1])
        previous_groups, _path = grouped_totals(
            user=user, flt=prev_flt, by=by, period=period, path=path
        )
        rows_previous = {key: previous_groups.get(key) or Totals() for key in current}
        previous_total = grand_total(previous_groups.values())
    else:
        rows_previous = {}
        previous_total = None
    labels = group_labels(current, by)
    rows = [
        StatsRow(
            key=key,
            labels=tuple(labels.get((dim, value), "") for dim, value in zip(by, key, strict=True)),
            totals=current[key],
            previous=rows_previous.get(key),
        )
        for key in sorted(current, key=sort_key)
    ]
    return StatsResult(
        query=query,
        rows=rows,
        total=grand_total(current.values()),
        previous_total=previous_total,
        previous_range=prev_range,
        labels=labels,
        source=source,
        groups=current,
    )


def group_labels(groups: Mapping[tuple, Totals], by) -> dict[tuple[str, object], str]:
    """What to show for each value of each dimension (names as written)."""
    from liaison.agencies.models import Agency, Area, Country
    from liaison.cases.models import JointCase

    values: dict[str, set] = {dim: set() for dim in by}
    for key in groups:
        for dim, value in zip(by, key, strict=True):
            values[dim].add(value)
    labels: dict[tuple[str, object], str] = {}
    none_labels = {
        "district": _("No district"),
        "route": _("No route recorded"),
        "case": _("No joint case"),
    }
    area_ids = values.get("province", set()) | values.get("district", set())
    names: dict = {}
    if area_ids - {None}:
        areas = Area.objects.filter(pk__in=area_ids - {None})
        names["area"] = dict(areas.values_list("pk", "name"))
    for dim, found in values.items():
        known = found - {None}
        if dim == "country":
            mapping = dict(Country.objects.filter(code__in=known).values_list("code", "name"))
        elif dim in {"province", "district"}:
            mapping = names.get("area", {})
        elif dim == "agency":
            mapping = dict(Agency.objects.filter(pk__in=known).values_list("pk", "name"))
        elif dim == "case":
            mapping = dict(JointCase.objects.filter(pk__in=known).values_list("pk", "code"))
        elif dim == "drug":
            mapping = dict(DrugType.choices)
        elif dim == "modus":
            mapping = dict(Modus.choices)
        else:
            mapping = {}
        for value in found:
            if value is None:
                labels[(dim, value)] = none_labels.get(dim, "—")
            else:
                labels[(dim, value)] = str(mapping.get(value, value))
    labels[("", "other")] = _("Other")
    return labels


def dimension_choices() -> list[tuple[str, str]]:
    return [
        ("period", _("Period")),
        ("country", _("Country")),
        ("province", _("Province")),
        ("district", _("District")),
        ("agency", _("Recording agency")),
        ("drug", _("Drug type")),
        ("modus", _("Modus")),
        ("route", _("Route")),
        ("case", _("Joint case")),
    ]


def period_choices() -> list[tuple[str, str]]:
    return [
        ("month", _("Month")),
        ("quarter", _("Quarter")),
        ("half", _("Half-year")),
        ("year", _("Year")),
    ]
