"""The map in headless Chromium: boundaries without tiles, coloured provinces, a legend,
server clusters, a single incident's popup linking to its page, the hotspot layer."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from liaison.core.testing.browser import login, screenshot
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory


@pytest.mark.browser
def test_map_shows_provinces_clusters_and_an_incident_popup(cast, browser_page):
    from liaison.registry.models import Location

    area = AreaFactory(
        country=cast.quang_nam.country, code="VN-27", name="Quảng Nam", valid_to=date(2025, 6, 30)
    )
    for n in range(3):
        IncidentFactory(
            agency=cast.quang_nam, province=area, latitude=f"{15.5 + n * 0.0001:.6f}",
            longitude="107.500000", items=[("heroin", "12", "kg")],
        )  # fmt: skip
    alone = IncidentFactory(
        agency=cast.quang_nam, province=area, ref="QN-2024-77",
        latitude="15.900000", longitude="108.100000", items=[("ketamine", "4", "kg")],
    )  # fmt: skip
    Location.objects.create(
        owner_agency=cast.quang_nam, sharing="national", kind="hotspot", name="Bến xe A Xan",
        latitude="15.700000", longitude="107.400000",
    )  # fmt: skip

    page = browser_page
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, cast.vn_officer.username, cast.password)
    page.goto(reverse("seizures_map"))
    page.wait_for_selector("#seizure-map[data-loaded]")
    # boundaries drawn as SVG paths, Quảng Nam's successor coloured, a legend
    # (wait_for_function evaluates strings: the page's CSP rightly forbids that)
    page.locator("#seizure-map path.leaflet-interactive").nth(50).wait_for()
    assert page.locator("[data-testid=map-legend] i").count() >= 2
    assert "4" in page.locator("#map-totals").inner_text()
    assert page.locator(".map-cluster").count() >= 1  # province level: one bubble
    assert page.locator(".map-hotspot").count() == 1
    screenshot(page, "seizures-map-provinces")

    # zoom in on Quảng Nam: a cluster of three and the lone incident as a point
    loaded = page.locator("#seizure-map").get_attribute("data-loaded")
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_selector(f"#seizure-map:not([data-loaded='{loaded}'])")
    # a province clipped out of view keeps an empty path ("M0 0"): wait for a drawn one
    page.locator(
        ".leaflet-marker-icon.map-cluster, path.leaflet-interactive:not([d='M0 0'])"
    ).first.wait_for()
    screenshot(page, "seizures-map-zoomed")
    assert not errors, errors
    assert alone.pk > 0
    # the API the page reads answers the lone incident with its page's link
    response = page.request.get(reverse("seizures_api_map") + "?zoom=12&bbox=107.9,15.8,108.3,16.0")
    points = response.json()["points"]
    assert [(p["ref"], p["url"]) for p in points] == [
        ("QN-2024-77", f"/seizures/incidents/{alone.pk}/")
    ]
