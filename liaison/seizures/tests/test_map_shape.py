"""The map's pure shaping: zoom, bbox, cells, edition and colour classes (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from liaison.seizures import map_geodata, map_shape


def test_zoom_is_parsed_and_clamped():
    assert map_shape.parse_zoom(None) == map_shape.DEFAULT_ZOOM
    assert map_shape.parse_zoom("") == map_shape.DEFAULT_ZOOM
    assert map_shape.parse_zoom("25") == map_shape.MAX_ZOOM
    assert map_shape.parse_zoom("0") == map_shape.MIN_ZOOM
    with pytest.raises(ValueError):
        map_shape.parse_zoom("six")


def test_bbox_parsing_and_errors():
    assert map_shape.parse_bbox("102.1,8.5,109.5,23.4") == (102.1, 8.5, 109.5, 23.4)
    assert map_shape.parse_bbox(None) is None
    # Leaflet reports longitudes past ±180 after panning round the world: clipped
    assert map_shape.parse_bbox("-200,0,200,10") == (-180.0, 0.0, 180.0, 10.0)
    for bad in ("1,2,3", "a,b,c,d", "0,10,1,5", "0,-95,1,5", "5,0,1,1", "nan,0,1,1"):
        with pytest.raises(ValueError):
            map_shape.parse_bbox(bad)


def test_in_bbox():
    box = (105.0, 15.0, 108.0, 17.0)
    assert map_shape.in_bbox(16.0, 106.0, box)
    assert not map_shape.in_bbox(18.0, 106.0, box)
    assert not map_shape.in_bbox(16.0, 104.0, box)
    assert map_shape.in_bbox(89.0, 179.0, None)


def test_cell_size_halves_with_each_zoom_level():
    assert map_shape.cell_size(8) == pytest.approx(2 * map_shape.cell_size(9))
    assert map_shape.cell_size(8) == pytest.approx(360 / (256 * 2**8) * map_shape.CELL_PIXELS)
    assert map_shape.is_grid_level(map_shape.GRID_FROM_ZOOM)
    assert not map_shape.is_grid_level(map_shape.GRID_FROM_ZOOM - 1)


def test_cells_group_close_points_and_keep_the_smallest_id():
    size = 0.5
    cells = map_shape.merge_into_cells(
        [
            (16.1, 106.1, 1, 2.0, 7),
            (16.2, 106.3, 2, 3.0, 4),  # same cell
            (16.1, 107.1, 1, 1.5, 9),  # next cell east
            (-0.1, -0.1, 1, 1.0, 11),  # floor, not truncation: cell (-1, -1)
            (10.0, 10.0, 0, 0.0, None),  # empty groups are dropped
        ],
        size,
    )
    assert set(cells) == {(32, 212), (32, 214), (-1, -1)}
    cell = cells[(32, 212)]
    assert (cell.count, cell.kg, cell.first_id) == (3, 5.0, 4)
    assert cell.lat == pytest.approx((16.1 + 2 * 16.2) / 3)  # weighted by count
    clusters, singles = map_shape.split_singles(cells.values())
    assert [c.count for c in clusters] == [3]
    assert sorted(c.first_id for c in singles) == [9, 11]
    clusters, singles = map_shape.split_singles(cells.values(), limit=1)
    assert len(singles) == 1 and len(clusters) == 2


def test_edition_follows_the_end_of_the_period():
    assert map_shape.edition_for(None) == map_shape.EDITION_FROM
    assert map_shape.edition_for(date(2025, 6, 30)) == map_shape.EDITION_BEFORE
    assert map_shape.edition_for(date(2025, 7, 1)) == map_shape.EDITION_FROM


def test_colour_classes_are_quantiles_with_readable_bounds():
    values = [0.1, 0.2, 0.5, 1, 2, 5, 10, 50, 120, 480, 0, 0]
    breaks = map_shape.colour_breaks(values)
    assert len(breaks) == 5
    assert breaks == sorted(breaks) and breaks[-1] >= 480
    assert map_shape.class_of(0, breaks) is None
    assert map_shape.class_of(0.1, breaks) == 0
    assert map_shape.class_of(480, breaks) == 4
    assert map_shape.colour_of(None, 5) == map_shape.NO_DATA_COLOUR
    assert map_shape.colour_of(4, 5) == map_shape.PALETTE[-1]
    rows = map_shape.legend(breaks)
    assert rows[0]["min"] == 0 and rows[-1]["max"] == breaks[-1]
    assert [r["colour"] for r in rows] == list(map_shape.PALETTE)


def test_few_values_give_few_classes_spread_over_the_palette():
    breaks = map_shape.colour_breaks([3.0, 3.0, 40.0])
    assert len(breaks) == 2
    assert map_shape.colour_of(0, 2) == map_shape.PALETTE[0]
    assert map_shape.colour_of(1, 2) == map_shape.PALETTE[-1]
    assert map_shape.colour_breaks([]) == []
    assert map_shape.colour_breaks([0, 0]) == []


def test_every_province_code_has_a_point_and_a_shape():
    from liaison.agencies.reference import DISTRICT, all_areas

    provinces = [a for a in all_areas() if a.kind != DISTRICT]
    for area in provinces:
        assert area.code in map_geodata.INNER_POINTS, area.code
        assert area.code in map_geodata.SHAPE_FROM_2025_07_01, area.code
    # old Vietnamese provinces are drawn on their successor after the merger
    assert map_geodata.SHAPE_FROM_2025_07_01["VN-27"] == "VN-2025-DN"
    assert map_geodata.SHAPE_BEFORE_2025_07_01["VN-27"] == "VN-27"
    # provinces newer than Natural Earth: drawn on the shape they were carved from
    assert map_geodata.SHAPE_BEFORE_2025_07_01["KH-25"] == "KH-3"
    lat, lng = map_geodata.INNER_POINTS["LA-XE"]  # Sekong
    assert 14.5 < lat < 16.5 and 106 < lng < 108


def test_shipped_boundaries_carry_the_shape_ids():
    import json
    from pathlib import Path

    geo = Path(map_shape.__file__).parent / "static" / "seizures" / "geo"
    for edition, shapes in (
        (map_shape.EDITION_BEFORE, map_geodata.SHAPE_BEFORE_2025_07_01),
        (map_shape.EDITION_FROM, map_geodata.SHAPE_FROM_2025_07_01),
    ):
        data = json.loads((geo / f"provinces-{edition}.geojson").read_text())
        ids = {feature["properties"]["id"] for feature in data["features"]}
        assert set(shapes.values()) == ids
    total = sum(path.stat().st_size for path in geo.glob("*.geojson"))
    assert total < 3 * 1024 * 1024
