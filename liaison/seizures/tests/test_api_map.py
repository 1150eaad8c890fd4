"""GET /api/v1/seizures/map/: the same data as the page's script, parameters checked."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from liaison.core.testing.scope import assert_scoped
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(cast):
    return AreaFactory(
        country=cast.quang_nam.country, code="VN-27", name="Quảng Nam", valid_to=date(2025, 6, 30)
    )


def test_api_map_returns_the_aggregates(cast, area, django_assert_max_num_queries):
    unlocated = IncidentFactory(agency=cast.quang_nam, province=area, items=[("heroin", "2", "kg")])
    alone = IncidentFactory(
        agency=cast.quang_nam, province=area, latitude="15.5", longitude="107.5",
        items=[("heroin", "1", "kg")],
    )  # fmt: skip
    client = cast.client_for(cast.vn_officer)
    url = reverse("seizures_api_map")
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url, {"zoom": "12", "bbox": "107,15,108,16", "to": "2025-01-01"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["edition"] == "before-2025-07-01"
    assert data["totals"] == {"incidents": 2, "kg": 3.0}
    # the one without coordinates sits at Quảng Nam's inner point, inside the box too
    assert [p["id"] for p in data["points"]] == [unlocated.pk, alone.pk]
    assert data["provinces"][0]["shape"] == "VN-27" and data["provinces"][0]["class"] == 0

    outsider = cast.client_for(cast.outsider).get(url).json()
    assert outsider["totals"]["incidents"] == 0 and outsider["points"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"zoom": "far"}, "zoom"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"from": "2024-13-01"}, "from"),
        ({"drug": "sugar"}, "drug"),
    ],
)
def test_bad_parameters_answer_400_naming_the_field(cast, params, field):
    response = cast.client_for(cast.vn_officer).get(reverse("seizures_api_map"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_api_map_needs_authentication(client):
    assert client.get(reverse("seizures_api_map")).status_code in (401, 403)


def test_a_case_filter_is_scoped(cast):
    from liaison.cases.tests.helpers import make_case

    case = make_case(cast)
    url = reverse("seizures_api_map") + f"?case={case.pk}"
    assert_scoped(cast, url, allowed=[cast.vn_officer, cast.la_officer], denied=[cast.outsider])
