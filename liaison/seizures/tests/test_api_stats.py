"""GET /api/v1/seizures/statistics/."""

from __future__ import annotations

import pytest

from liaison.core.testing.scope import assert_scoped
from liaison.seizures.models import Incident
from liaison.seizures.tests.stats_world import build_stats_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/seizures/statistics/"


def test_grouped_totals_with_previous(cast, django_assert_max_num_queries):
    build_stats_world(cast)
    client = cast.client_for(cast.vn_auditor)
    params = {"by": "drug,province", "period": "half", "from": "2024-01-01", "to": "2024-12-31"}
    client.get(URL, params)
    with django_assert_max_num_queries(20):
        response = client.get(URL, params)
    assert response.status_code == 200
    data = response.json()
    assert data["by"] == ["drug", "province"] and data["source"] == "rollup"
    assert data["previous_range"] == {"start": "2023-01-01", "end": "2023-12-31"}
    group = data["groups"][0]
    assert set(group) >= {
        "key",
        "labels",
        "incidents",
        "arrested",
        "arrested_by_nationality",
        "kg",
        "quantities",
        "previous",
    }
    assert set(group["key"]) == {"drug", "province"}
    visible = Incident.objects.visible_to(cast.vn_auditor).live().filter(occurred_on__year=2024)
    total = client.get(URL, {"by": "", "from": "2024-01-01", "to": "2024-12-31"}).json()
    assert total["total"]["incidents"] == visible.count()
    assert total["groups"][0]["incidents"] == visible.count()


def test_bad_parameters_answer_400_with_field_errors(cast):
    response = cast.client_for(cast.vn_officer).get(
        URL, {"by": "drug,colour", "period": "week", "to": "31/12/2024"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"by", "period", "to"}


def test_scope(cast):
    world = build_stats_world(cast)
    assert_scoped(cast, URL, allowed=[cast.outsider, cast.la_officer], denied=[])
    assert_scoped(
        cast,
        f"{URL}?case={world.case.pk}&by=drug",
        allowed=[cast.vn_officer, cast.la_officer, cast.platform_admin],
        denied=[cast.outsider],
    )


def test_anonymous_is_refused(client):
    assert client.get(URL).status_code in {401, 403}
