"""The monthly roll-up: rebuild and partition refresh agree with the ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from liaison.seizures import rollup
from liaison.seizures.models import Incident
from liaison.seizures.models_rollup import (
    RollupIncident,
    RollupItem,
    RollupItemQuarter,
    RollupNationality,
)
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(cast):
    return AreaFactory(country=cast.quang_nam.country, code="VN-27", name="Quảng Nam")


def _sum(model, field, **filters):
    return model.objects.filter(**filters).aggregate(total=Sum(field))["total"] or 0


MEASURES = ("incidents", "arrested", "qty_kg", "qty_g", "qty_tablets", "kg", "arrested_vn")


def _quarters() -> dict:
    rows = RollupItemQuarter.objects.values_list("agency", "month", "sharing", "drug", *MEASURES)
    return {tuple(row[:4]): row[4:] for row in rows}


def _quarters_from_months() -> dict:
    """RollupItem summed by quarter in Python: what RollupItemQuarter must hold."""
    out: dict = {}
    for row in RollupItem.objects.values_list("agency", "month", "sharing", "drug", *MEASURES):
        agency, month, sharing, drug = row[:4]
        key = (agency, rollup.quarter_start(month), sharing, drug)
        out[key] = tuple(a + b for a, b in zip(out.get(key, (0,) * len(MEASURES)), row[4:]))
    return out


def test_rebuild_counts_each_incident_once_and_each_drug_once_per_incident(cast, province):
    # one incident, methamphetamine in two units and heroin: 1 incident, 2 drugs
    IncidentFactory(
        agency=cast.quang_nam,
        province=province,
        occurred_on=date(2024, 3, 2),
        items=[
            ("meth_tablets", 20000, "tablets"),
            ("meth_tablets", 500, "g"),
            ("heroin", "1.5", "kg"),
        ],
        arrests=[("VN", 2), ("LA", 1)],
    )
    IncidentFactory(
        agency=cast.quang_nam, province=province, occurred_on=date(2024, 3, 20), items=[]
    )
    counts = rollup.rebuild()
    assert counts["rollupincident"] == 1
    assert _sum(RollupIncident, "incidents") == 2
    assert _sum(RollupIncident, "arrested") == 3
    assert _sum(RollupItem, "incidents", drug="meth_tablets") == 1
    assert _sum(RollupItem, "arrested", drug="meth_tablets") == 3
    assert _sum(RollupItem, "incidents", drug="heroin") == 1
    # 20,000 tablets x 0.1 g + 500 g
    assert _sum(RollupItem, "kg", drug="meth_tablets") == Decimal("2.5")
    assert _sum(RollupItem, "qty_tablets", drug="meth_tablets") == 20000
    assert _sum(RollupItem, "qty_g", drug="meth_tablets") == 500
    assert _sum(RollupItem, "qty_kg", drug="heroin") == Decimal("1.5")
    # persons by nationality: each incident once, and once per drug it involves
    assert _sum(RollupIncident, "arrested_vn") == 2
    assert _sum(RollupIncident, "arrested_la") == 1
    assert _sum(RollupItem, "arrested_la", drug="heroin") == 1
    assert _sum(RollupItem, "arrested_vn", drug="meth_tablets") == 2
    assert not RollupNationality.objects.exists()  # only nationalities without a column
    assert RollupIncident.objects.get().month == date(2024, 3, 1)
    assert counts["rollupitemquarter"] == 2  # one row per drug
    assert _quarters() == _quarters_from_months()


def test_other_nationalities_are_rows_counted_once_per_drug(cast, province):
    IncidentFactory(
        agency=cast.quang_nam,
        province=province,
        occurred_on=date(2024, 3, 2),
        items=[("heroin", "1", "kg"), ("heroin", "2", "kg"), ("opium", "1", "kg")],
        arrests=[("KR", 2), ("VN", 1), ("US", 1)],
    )
    rollup.rebuild()
    assert _sum(RollupIncident, "arrested_vn") == 1
    assert _sum(RollupItem, "arrested_vn", drug="heroin") == 1
    assert _sum(RollupNationality, "arrested", drug="", nationality="KR") == 2
    assert _sum(RollupNationality, "arrested", drug="heroin", nationality="KR") == 2
    assert _sum(RollupNationality, "arrested", drug="opium", nationality="US") == 1
    assert not RollupNationality.objects.filter(nationality="VN").exists()
    assert _sum(RollupItem, "incidents", drug="heroin") == 1
    assert _sum(RollupItem, "qty_kg", drug="heroin") == 3


def test_refresh_recomputes_only_the_given_partitions(cast, province):
    march = IncidentFactory(agency=cast.quang_nam, province=province, occurred_on=date(2024, 3, 2))
    IncidentFactory(agency=cast.quang_nam, province=province, occurred_on=date(2024, 4, 2))
    rollup.rebuild()
    # a new incident without refresh is not counted; refresh of its partition adds it
    IncidentFactory(agency=cast.quang_nam, province=province, occurred_on=date(2024, 3, 9))
    assert _sum(RollupIncident, "incidents", month=date(2024, 3, 1)) == 1
    rollup.refresh(partitions=[(cast.quang_nam.pk, date(2024, 3, 9))])
    assert _sum(RollupIncident, "incidents", month=date(2024, 3, 1)) == 2
    assert _sum(RollupIncident, "incidents", month=date(2024, 4, 1)) == 1

    # a cancellation leaves the roll-up after a refresh
    Incident.objects.filter(pk=march.pk).update(cancelled_at=timezone.now())
    rollup.refresh(partitions={(cast.quang_nam.pk, date(2024, 3, 1))})
    assert _sum(RollupIncident, "incidents", month=date(2024, 3, 1)) == 1
    assert _sum(RollupItem, "kg", month=date(2024, 3, 1)) == Decimal(1)
    assert _sum(RollupIncident, "incidents") == 2
    # the quarters follow their months: Q1 (March) and Q2 (April) apart
    assert _quarters() == _quarters_from_months()
    assert set(RollupItemQuarter.objects.values_list("month", flat=True)) == {
        date(2024, 1, 1),
        date(2024, 4, 1),
    }


def test_refresh_with_nothing_is_a_no_op(django_assert_num_queries):
    with django_assert_num_queries(0):
        rollup.refresh(partitions=[])


def test_rebuild_command(cast, province, capsys):
    from django.core.management import call_command

    IncidentFactory(agency=cast.quang_nam, province=province)
    call_command("seizures_rollup_rebuild")
    assert "rollupincident" in capsys.readouterr().out
    assert _sum(RollupIncident, "incidents") == 1


def test_ledger_services_keep_the_rollup_current(cast, province):
    """create, update (moving the incident to another month) and cancel via services."""
    from liaison.seizures import services
    from liaison.seizures.ledger_filter import LedgerFilter
    from liaison.seizures.selectors_stats import grouped_totals
    from liaison.seizures.validation import ArrestInput, IncidentInput, ItemInput

    def by_month(path: str) -> dict:
        groups, _ = grouped_totals(
            user=cast.vn_officer, flt=LedgerFilter(), by=("period",), period="month", path=path
        )
        # the quarterly item roll-up (drug grouping by quarter) follows every write too
        by_quarter, _ = grouped_totals(
            user=cast.vn_officer,
            flt=LedgerFilter(),
            by=("period", "drug"),
            period="quarter",
            path=path,
        )
        assert _quarters() == _quarters_from_months()
        return {key[0]: (t.incidents, t.arrested, t.kg) for key, t in groups.items()} | {
            key: (t.incidents, t.arrested, t.kg) for key, t in by_quarter.items()
        }

    data = IncidentInput(
        ref="QN-1",
        agency_id=cast.quang_nam.pk,
        occurred_on=date(2024, 3, 2),
        country="VN",
        province_id=province.pk,
        items=[ItemInput(drug="heroin", quantity=Decimal("2"), unit="kg")],
        arrests=[ArrestInput(nationality="LA", count=2)],
    )
    incident = services.incident_create(actor=cast.vn_officer, data=data)
    assert (
        by_month("rollup")
        == by_month("ledger")
        == {
            "2024-03": (1, 2, Decimal(2)),
            ("2024-Q1", "heroin"): (1, 2, Decimal(2)),
        }
    )
    data.occurred_on = date(2024, 5, 9)
    services.incident_update(actor=cast.vn_officer, incident=incident, data=data)
    assert (
        by_month("rollup")
        == by_month("ledger")
        == {
            "2024-05": (1, 2, Decimal(2)),
            ("2024-Q2", "heroin"): (1, 2, Decimal(2)),
        }
    )
    services.incident_cancel(actor=cast.vn_officer, incident=incident, reason="Duplicate")
    assert by_month("rollup") == by_month("ledger") == {}
