"""map_data(): scope, aggregation by zoom level, the 2025 merger, points and hotspots."""

from __future__ import annotations

from datetime import date

import pytest

from liaison.seizures import map_geodata
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.selectors_map import map_data
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

pytestmark = pytest.mark.django_db

EVERYTHING = LedgerFilter()


@pytest.fixture
def quang_nam_area(cast):
    return AreaFactory(
        country=cast.quang_nam.country, code="VN-27", name="Quảng Nam", valid_to=date(2025, 6, 30)
    )


@pytest.fixture
def da_nang_2025(cast):
    return AreaFactory(country=cast.quang_nam.country, code="VN-2025-DN", name="Đà Nẵng")


def incident(cast, province, **values):
    values.setdefault("agency", cast.quang_nam)
    values.setdefault("items", [("heroin", "2.5", "kg")])
    return IncidentFactory(province=province, **values)


def test_province_level_counts_and_kg_in_the_users_scope(cast, quang_nam_area):
    incident(cast, quang_nam_area, items=[("heroin", "2.5", "kg"), ("heroin", "500", "g")])
    incident(cast, quang_nam_area, items=[("meth_crystal", "1", "kg")])
    incident(cast, quang_nam_area, sharing="agency", items=[("heroin", "7", "kg")])

    data = map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=5)
    assert data["level"] == "province"
    # no end date: the boundaries since the merger, Quảng Nam drawn on Đà Nẵng
    assert data["edition"] == "from-2025-07-01"
    assert data["totals"] == {"incidents": 3, "kg": 11.0}
    [row] = data["provinces"]
    assert (row["shape"], row["count"], row["kg"]) == ("VN-2025-DN", 3, 11.0)
    assert row["class"] == 0 and row["colour"].startswith("#")
    [cluster] = data["clusters"]
    assert (cluster["lat"], cluster["lng"]) == map_geodata.INNER_POINTS["VN-2025-DN"]
    assert data["points"] == []

    # the Cambodian outsider sees nothing of it; the Lao partner only what is shared
    assert map_data(user=cast.outsider, flt=EVERYTHING, zoom=5)["totals"]["incidents"] == 0
    assert map_data(user=cast.la_officer, flt=EVERYTHING, zoom=5)["totals"]["incidents"] == 0
    incident(cast, quang_nam_area, sharing="partners", items=[("heroin", "1", "kg")])
    partner = map_data(user=cast.la_officer, flt=EVERYTHING, zoom=5)
    assert partner["totals"] == {"incidents": 1, "kg": 1.0}
    assert map_data(user=cast.outsider, flt=EVERYTHING, zoom=5)["provinces"] == []


def test_a_period_before_the_merger_is_drawn_on_the_old_provinces(
    cast, quang_nam_area, da_nang_2025
):
    incident(cast, quang_nam_area, occurred_on=date(2024, 5, 1))
    incident(cast, da_nang_2025, occurred_on=date(2025, 8, 1))
    before = LedgerFilter.from_params({"to": "2025-06-30"})
    data = map_data(user=cast.vn_officer, flt=before, zoom=5)
    assert data["edition"] == "before-2025-07-01"
    assert [(r["shape"], r["count"]) for r in data["provinces"]] == [("VN-27", 1)]
    after = map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=5)
    assert [(r["shape"], r["count"]) for r in after["provinces"]] == [("VN-2025-DN", 2)]


def test_grid_level_clusters_close_incidents_and_lists_single_ones(cast, quang_nam_area):
    near_a = incident(cast, quang_nam_area, latitude="15.500000", longitude="107.500000")
    incident(cast, quang_nam_area, latitude="15.500100", longitude="107.500100")
    alone = incident(
        cast, quang_nam_area, ref="QN-77", latitude="15.900000", longitude="108.200000",
        items=[("ketamine", "4", "kg")],
    )  # fmt: skip
    unlocated = incident(cast, quang_nam_area, items=[("heroin", "1", "kg")])

    data = map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=12)
    assert data["level"] == "grid" and data["cell_size"] > 0
    counts = sorted(c["count"] for c in data["clusters"])
    assert counts == [2]
    by_id = {p["id"]: p for p in data["points"]}
    assert set(by_id) == {alone.pk, unlocated.pk}
    point = by_id[alone.pk]
    assert point["ref"] == "QN-77" and point["date"] == "2024-03-15" and point["kg"] == 4.0
    assert point["url"].endswith(f"/seizures/incidents/{alone.pk}/")
    # without coordinates: at the inner point of its province
    lat, lng = map_geodata.INNER_POINTS["VN-27"]
    assert by_id[unlocated.pk]["lat"] == pytest.approx(lat, abs=1e-4)
    assert by_id[unlocated.pk]["lng"] == pytest.approx(lng, abs=1e-4)
    assert near_a.pk not in by_id
    cluster = data["clusters"][0]
    assert cluster["kg"] == 5.0

    # a bounding box keeps what is inside it
    boxed = map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=12, bbox=(108.0, 15.8, 108.4, 16.0))
    assert [p["id"] for p in boxed["points"]] == [alone.pk] and boxed["clusters"] == []
    # the province colours stay those of the whole filter
    assert boxed["totals"]["incidents"] == 4


def test_filters_apply(cast, quang_nam_area):
    incident(cast, quang_nam_area, items=[("heroin", "1", "kg")])
    incident(cast, quang_nam_area, items=[("cannabis_herb", "3", "kg")])
    flt = LedgerFilter.from_params({"drug": "cannabis_herb"})
    assert map_data(user=cast.vn_officer, flt=flt, zoom=5)["totals"] == {"incidents": 1, "kg": 3.0}


def test_hotspots_are_the_visible_registry_locations(cast):
    from liaison.registry.models import Location

    spot = Location.objects.create(
        owner_agency=cast.quang_nam, sharing="national", kind="hotspot", name="Bến xe A Xan",
        latitude="15.700000", longitude="107.400000",
    )  # fmt: skip
    Location.objects.create(
        owner_agency=cast.quang_nam, sharing="national", kind="border_gate", name="Nam Giang",
        latitude="15.600000", longitude="107.300000",
    )  # fmt: skip
    data = map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=6)
    assert [(h["id"], h["name"]) for h in data["hotspots"]] == [(spot.pk, "Bến xe A Xan")]
    assert data["hotspots"][0]["lat"] == 15.7
    assert map_data(user=cast.outsider, flt=EVERYTHING, zoom=6)["hotspots"] == []
    assert (
        map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=6, bbox=(100, 20, 101, 21))["hotspots"]
        == []
    )


def test_query_count_does_not_grow_with_incidents(
    cast, quang_nam_area, django_assert_max_num_queries
):
    for n in range(30):
        incident(
            cast, quang_nam_area, latitude=f"{15 + n * 0.05:.6f}", longitude="107.500000",
        )  # fmt: skip
    for n in range(5):
        incident(cast, quang_nam_area)
    map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=12)  # warm the scope cache
    with django_assert_max_num_queries(9):
        data = map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=12)
    assert data["totals"]["incidents"] == 35
    with django_assert_max_num_queries(4):
        map_data(user=cast.vn_officer, flt=EVERYTHING, zoom=5)
