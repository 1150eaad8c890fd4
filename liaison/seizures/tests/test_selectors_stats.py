"""Grouped totals: the roll-up and the ledger agree; counting rules; scope; previous period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.selectors_stats import (
    StatsQuery,
    grouped_totals,
    rollup_eligible,
    statistics,
)
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory
from liaison.seizures.tests.stats_world import build_stats_world

pytestmark = pytest.mark.django_db

USERS = [
    "platform_admin",
    "vn_auditor",
    "vn_officer",
    "vn_district_officer",
    "la_officer",
    "outsider",
]


def _query(**params) -> StatsQuery:
    return StatsQuery.from_params(QueryDict(mutable=True) | params)


@pytest.mark.parametrize(
    "by",
    [
        "",
        "period",
        "drug",
        "period,drug",
        "drug,province",
        "country",
        "agency,country",
        "period,province,drug",
    ],
)
@pytest.mark.parametrize(
    "params",
    [
        {"period": "month"},
        {"period": "half", "from": "2023-07-01", "to": "2024-06-30"},
        {"period": "quarter", "drug": "meth_tablets"},
        {"period": "year", "country": "VN,LA", "from": "2024-01-01", "to": "2024-12-31"},
        # whole months but not whole quarters: the monthly item roll-up
        {"period": "year", "from": "2023-02-01", "to": "2024-10-31"},
    ],
)
def test_rollup_and_ledger_give_the_same_totals(cast, by, params):
    build_stats_world(cast)
    query = _query(by=by, **params)
    assert rollup_eligible(query.flt, query.by)
    for username in USERS:
        user = getattr(cast, username)
        from_rollup = statistics(user=user, query=query, path="rollup")
        from_ledger = statistics(user=user, query=query, path="ledger")
        assert from_rollup.groups == from_ledger.groups, username
        # counts stay integers (PostgreSQL sums a sum of integers as numeric)
        for totals in from_rollup.groups.values():
            counts = [totals.incidents, totals.arrested, *totals.arrested_by_nationality.values()]
            assert all(type(count) is int for count in counts)
        assert [r.previous for r in from_rollup.rows] == [r.previous for r in from_ledger.rows]
        assert from_rollup.previous_total == from_ledger.previous_total
    admin = statistics(user=cast.platform_admin, query=query, path="rollup")
    assert admin.total.incidents > 0


@pytest.mark.parametrize(
    ("params", "quarterly"),
    [
        ({"period": "half", "from": "2023-07-01", "to": "2024-06-30"}, True),
        ({"period": "year", "by": "drug,province"}, True),
        ({"period": "quarter", "from": "2023-04-01", "to": "2023-12-31"}, True),
        ({"period": "month", "from": "2023-04-01", "to": "2023-12-31"}, False),
        ({"period": "half", "from": "2023-08-01", "to": "2024-06-30"}, False),
        ({"period": "year", "from": "2023-01-01", "to": "2024-05-31"}, False),
    ],
)
def test_whole_quarters_read_the_quarterly_item_rollup(cast, params, quarterly):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_stats_world(cast)
    query = _query(**{"by": "period,drug", **params})
    with CaptureQueriesContext(connection) as queries:
        grouped_totals(
            user=cast.vn_officer, flt=query.flt, by=query.by, period=query.period, path="rollup"
        )
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert ("seizures_rollupitemquarter" in sql) is quarterly
    assert ('"seizures_rollupitem"' in sql) is not quarterly


def test_ledger_only_groupings_choose_the_ledger(cast):
    assert not rollup_eligible(LedgerFilter(), ("route",))
    assert not rollup_eligible(LedgerFilter(), ("district",))
    assert not rollup_eligible(LedgerFilter(districts=(1,)), ())
    assert not rollup_eligible(LedgerFilter(cases=(1,)), ("drug",))
    assert not rollup_eligible(LedgerFilter(date_from=date(2024, 1, 2)), ("drug",))
    assert not rollup_eligible(LedgerFilter(drugs=("heroin", "opium")), ())
    assert rollup_eligible(LedgerFilter(drugs=("heroin", "opium")), ("drug",))


def test_counting_rules_drug_grouping_counts_incidents_per_drug(cast):
    area = AreaFactory(country=cast.quang_nam.country, code="VN-27", name="Quảng Nam")
    IncidentFactory(
        agency=cast.quang_nam,
        province=area,
        items=[("heroin", "1", "kg"), ("meth_tablets", 10000, "tablets"), ("heroin", 500, "g")],
        arrests=[("VN", 2), ("LA", 1)],
    )
    IncidentFactory(agency=cast.quang_nam, province=area, items=[("heroin", "2", "kg")])
    from liaison.seizures import rollup

    rollup.rebuild()
    for path in ("rollup", "ledger"):
        by_drug, _ = grouped_totals(
            user=cast.vn_officer, flt=LedgerFilter(), by=("drug",), period="year", path=path
        )
        assert by_drug[("heroin",)].incidents == 2
        assert by_drug[("heroin",)].kg == Decimal("3.5")
        assert by_drug[("heroin",)].quantities == {"kg": Decimal(3), "g": Decimal(500)}
        assert by_drug[("heroin",)].arrested == 3
        assert by_drug[("meth_tablets",)].incidents == 1
        assert by_drug[("meth_tablets",)].arrested_by_nationality == {"VN": 2, "LA": 1}
        whole, _ = grouped_totals(
            user=cast.vn_officer, flt=LedgerFilter(), by=(), period="year", path=path
        )
        assert whole[()].incidents == 2  # each incident once without drug grouping
        assert whole[()].kg == Decimal("4.5")
        both, _ = grouped_totals(
            user=cast.vn_officer,
            flt=LedgerFilter(drugs=("heroin", "meth_tablets")),
            by=(),
            period="year",
            path="ledger",
        )
        assert both[()].incidents == 2


def test_scope_partner_and_case_incidents(cast):
    world = build_stats_world(cast)
    query = _query(by="country", period="year")
    vn = statistics(user=cast.vn_officer, query=query)
    assert vn.source == "rollup"
    la_for_vn = vn.groups[("LA",)]
    # the Lao agency-level incident of the joint case is counted for the VN participant
    from liaison.seizures.models import Incident

    visible_la = Incident.objects.visible_to(cast.vn_officer).live().filter(country="LA")
    assert world.case_incident in visible_la
    assert la_for_vn.incidents == visible_la.count()
    # the outsider sees only Cambodian national+ and what the network shares
    outsider = statistics(user=cast.outsider, query=query)
    visible = Incident.objects.visible_to(cast.outsider).live()
    assert outsider.total.incidents == visible.count()
    assert (
        outsider.total.incidents < statistics(user=cast.platform_admin, query=query).total.incidents
    )


def test_case_grouping_never_names_a_case_the_user_cannot_see(cast):
    world = build_stats_world(cast)
    from liaison.seizures.models import Incident

    Incident.objects.filter(pk=world.case_incident.pk).update(sharing="network")
    result = statistics(user=cast.outsider, query=_query(by="case"))
    assert result.source == "ledger"
    assert world.case.pk not in {row.key[0] for row in result.rows}
    assert "522H" not in [label for row in result.rows for label in row.labels]
    mine = statistics(user=cast.vn_officer, query=_query(by="case"))
    assert "522H" in [row.labels[0] for row in mine.rows]


def test_previous_period_of_the_same_length(cast):
    area = AreaFactory(country=cast.quang_nam.country, code="VN-27", name="Quảng Nam")
    for day, kg in ((date(2023, 2, 1), "4"), (date(2024, 2, 1), "6"), (date(2024, 8, 1), "9")):
        IncidentFactory(
            agency=cast.quang_nam, province=area, occurred_on=day, items=[("heroin", kg, "kg")]
        )
    from liaison.seizures import rollup

    rollup.rebuild()
    year = statistics(
        user=cast.vn_officer, query=_query(by="drug", **{"from": "2024-01-01", "to": "2024-12-31"})
    )
    [row] = year.rows
    assert row.totals.kg == Decimal(15) and row.previous.kg == Decimal(4)
    assert row.kg_change == Decimal("275.0")
    assert year.previous_range == (date(2023, 1, 1), date(2023, 12, 31))
    halves = statistics(
        user=cast.vn_officer,
        query=_query(by="period", period="half", **{"from": "2024-01-01", "to": "2024-12-31"}),
    )
    assert [(r.key, r.totals.kg, r.previous.kg) for r in halves.rows] == [
        (("2024-H1",), Decimal(6), Decimal(0)),
        (("2024-H2",), Decimal(9), Decimal(6)),
    ]


def test_bad_parameters_name_the_field():
    with pytest.raises(ValidationError) as exc:
        _query(by="drug,colour", period="week", **{"from": "yesterday"})
    assert set(exc.value.message_dict) == {"by", "period", "from"}


def test_statistics_query_count_does_not_grow_with_the_ledger(cast, django_assert_max_num_queries):
    build_stats_world(cast)
    query = _query(by="period,drug,province", period="month")
    with django_assert_max_num_queries(12):
        statistics(user=cast.vn_officer, query=query)


def test_cli_prints_grouped_totals(cast, capsys):
    import csv
    import io
    import json

    from django.core.management import call_command

    from liaison.cli import management_argv
    from liaison.core.models import AuditEvent

    build_stats_world(cast)
    argv = management_argv(
        [
            "seizures",
            "stats",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--by",
            "drug,province",
            "--country",
            "VN",
            "--format",
            "csv",
        ]
    )
    assert argv[0] == "seizures_stats" and "--country" in argv
    call_command(*argv)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and set(rows[0]) == {"drug", "province", "incidents", "arrested", "kg"}
    expected = statistics(
        user=None,
        query=_query(
            by="drug,province", country="VN", **{"from": "2024-01-01", "to": "2024-12-31"}
        ),
    )
    assert sum(int(r["incidents"]) for r in rows) == sum(r.totals.incidents for r in expected.rows)
    # as a user: only what they may see
    call_command("seizures_stats", "--by", "", "--user", "outsider", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    from liaison.seizures.models import Incident

    assert data["total"]["incidents"] == Incident.objects.visible_to(cast.outsider).live().count()
    assert AuditEvent.objects.filter(verb="seizures_stats").count() == 2
