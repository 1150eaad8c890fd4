"""The statistics page and its exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped
from liaison.seizures.tests.stats_world import build_stats_world

pytestmark = pytest.mark.django_db

URL = "/seizures/statistics/"


def test_page_shows_table_chart_and_previous_period(cast, django_assert_max_num_queries):
    build_stats_world(cast)
    client = cast.client_for(cast.vn_officer)
    params = {
        "by_0": "period",
        "by_1": "drug",
        "period": "half",
        "from": "2023-07-01",
        "to": "2024-12-31",
    }
    client.get(URL, params)  # warm the session and scope caches
    with django_assert_max_num_queries(25):
        response = client.get(URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2024-H1" in body and "Heroin" in body
    assert 'id="stats-chart-data"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert "<script>" not in body  # CSP: no inline script, only JSON data
    chart = json.loads(
        body.split('id="stats-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["labels"][0] == "2023-H2" and chart["stacked"]
    assert "Each period is compared with the period before it." in body


def test_bad_input_names_the_field(cast):
    response = cast.client_for(cast.vn_officer).get(
        URL, {"from": "someday", "by_0": "period", "period": "fortnight"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a date as YYYY-MM-DD." in body
    assert "Unknown period: fortnight." in body


def test_scope(cast):
    world = build_stats_world(cast)
    allowed = [cast.vn_officer, cast.la_officer, cast.outsider, cast.platform_admin]
    assert_scoped(cast, URL, allowed=allowed, denied=[])
    # a case filter names a case: only its participants (and those above) may use it
    assert_scoped(
        cast,
        f"{URL}?case={world.case.pk}&by_0=drug",
        allowed=[cast.vn_officer, cast.vn_auditor, cast.la_officer, cast.platform_admin],
        denied=[cast.outsider],
    )
    assert_scoped(
        cast,
        f"{URL}export.csv?case={world.case.pk}",
        allowed=[cast.vn_officer],
        denied=[cast.outsider],
    )


def test_outsider_totals_are_over_what_they_may_see(cast):
    build_stats_world(cast)
    from liaison.seizures.models import Incident

    visible = Incident.objects.visible_to(cast.outsider).live().count()
    everything = Incident.objects.live().count()
    assert 0 < visible < everything
    mine = cast.client_for(cast.outsider).get(URL, {"by": ""}).context["result"]
    admin = cast.client_for(cast.platform_admin).get(URL, {"by": ""}).context["result"]
    assert mine.total.incidents == visible
    assert admin.total.incidents == everything


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_the_table_and_is_audited(cast, fmt):
    build_stats_world(cast)
    client = cast.client_for(cast.vn_officer)
    params = {"by": "drug", "from": "2024-01-01", "to": "2024-12-31"}
    response = client.get(f"{URL}export.{fmt}", params)
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [
            [("" if c is None else c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    assert rows[0][:3] == ["Drug type", "Incidents", "Persons arrested"]
    page = client.get(URL, params).content.decode()
    for row in rows[1:]:
        assert row[0] in page
    event = AuditEvent.objects.filter(action="export", verb="statistics_export").get()
    assert event.changes["format"] == fmt
    assert event.changes["rows"] == len(rows) - 1
    assert event.changes["params"]["by"] == "drug"


def test_export_rejects_bad_input(cast):
    response = cast.client_for(cast.vn_officer).get(f"{URL}export.csv", {"by": "colour"})
    assert response.status_code == 400
    assert "Unknown grouping" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()
