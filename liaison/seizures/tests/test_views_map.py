"""The map page: filter form, config for the script, scope of a case filter."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from liaison.core.testing.scope import assert_scoped

pytestmark = pytest.mark.django_db


def test_map_page_renders_the_filter_and_the_script_config(cast):
    response = cast.client_for(cast.vn_officer).get(reverse("seizures_map"), {"drug": "heroin"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="seizure-map"' in body and "seizures/map.js" in body
    assert "vendor/leaflet/leaflet.js" in body and "<script>" not in body  # CSP: no inline JS
    config = json.loads(
        body.split('id="map-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["data_url"] == reverse("seizures_api_map")
    assert config["params"] == {"drug": "heroin"}
    assert config["boundaries"]["from-2025-07-01"].endswith(
        "seizures/geo/provinces-from-2025-07-01.geojson"
    )


def test_bad_filter_answers_400_with_the_error(cast):
    response = cast.client_for(cast.vn_officer).get(reverse("seizures_map"), {"from": "yesterday"})
    assert response.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("seizures_map"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_case_filter_is_scoped(cast):
    from liaison.cases.tests.helpers import make_case

    case = make_case(cast)
    url = reverse("seizures_map") + f"?case={case.pk}"
    assert_scoped(cast, url, allowed=[cast.vn_officer, cast.la_officer], denied=[cast.outsider])
    assert_scoped(cast, reverse("seizures_map"), allowed=[cast.outsider], denied=[])
