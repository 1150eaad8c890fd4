"""Shaping the map's data: zoom levels, grid cells, bounding boxes, colour classes.

Pure Python, no Django: `selectors_map.map_data` runs the SQL aggregates and hands the
rows to these functions. At a low zoom the map shows one bubble per province; from
`GRID_FROM_ZOOM` on, incidents are grouped in square cells of about `CELL_PIXELS`
screen pixels, and a cell that holds a single incident becomes a point with its id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

MIN_ZOOM = 3
MAX_ZOOM = 18
DEFAULT_ZOOM = 6
GRID_FROM_ZOOM = 8  # below: one aggregate per province
CELL_PIXELS = 64  # a cell is about this wide on screen (Web Mercator, 256 px tiles)
MAX_POINTS = 2000  # single incidents listed one by one; beyond, they stay in cells

# Viet Nam's provinces merged on 01/07/2025: the boundaries to draw depend on the period.
MERGER_DATE = date(2025, 7, 1)
EDITION_BEFORE = "before-2025-07-01"
EDITION_FROM = "from-2025-07-01"

# ColorBrewer YlOrRd, 5 classes: light = little seized, dark red = most.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#f2f2f2"

BBox = tuple[float, float, float, float]  # west, south, east, north (as Leaflet's toBBoxString)


def clamp_zoom(zoom: int | None) -> int:
    if zoom is None:
        return DEFAULT_ZOOM
    return max(MIN_ZOOM, min(MAX_ZOOM, int(zoom)))


def parse_zoom(raw: str | None) -> int:
    """A zoom level from a query string; ValueError on anything but an integer."""
    if raw is None or str(raw).strip() == "":
        return DEFAULT_ZOOM
    return clamp_zoom(int(str(raw).strip()))


def parse_bbox(raw: str | None) -> BBox | None:
    """'west,south,east,north' in degrees -> a tuple; ValueError when malformed."""
    if raw is None or str(raw).strip() == "":
        return None
    parts = [p.strip() for p in str(raw).split(",")]
    if len(parts) != 4:
        raise ValueError("four numbers expected")
    west, south, east, north = (float(p) for p in parts)
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("not a number")
    if not (-90 <= south <= north <= 90):
        raise ValueError("south and north must be latitudes with south <= north")
    # Leaflet may report longitudes beyond ±180 after panning round the world: clip.
    west, east = max(west, -180.0), min(east, 180.0)
    if west > east:
        raise ValueError("west must not be east of east")
    return (west, south, east, north)


def in_bbox(lat: float, lng: float, bbox: BBox | None) -> bool:
    if bbox is None:
        return True
    west, south, east, north = bbox
    return south <= lat <= north and west <= lng <= east


def is_grid_level(zoom: int) -> bool:
    return zoom >= GRID_FROM_ZOOM


def cell_size(zoom: int) -> float:
    """Side of a grid cell in degrees: CELL_PIXELS at this zoom (256 px = 360° at zoom 0)."""
    return 360.0 / (256 * 2 ** clamp_zoom(zoom)) * CELL_PIXELS


def cell_of(lat: float, lng: float, size: float) -> tuple[int, int]:
    """The cell (row, column) holding a point; the same as FLOOR(x / size) in SQL."""
    return (math.floor(lat / size), math.floor(lng / size))


def edition_for(date_to: date | None) -> str:
    """Which province boundaries to draw for a period ending on `date_to`."""
    if date_to is not None and date_to < MERGER_DATE:
        return EDITION_BEFORE
    return EDITION_FROM


@dataclass
class Cell:
    """Incidents grouped in one grid cell (or, at a low zoom, one province)."""

    count: int = 0
    kg: float = 0.0
    lat_sum: float = 0.0  # weighted by count, to place the bubble where the incidents are
    lng_sum: float = 0.0
    first_id: int | None = None
    key: str = ""
    extra: dict = field(default_factory=dict)

    def add(self, *, count: int, kg: float, lat: float, lng: float, first_id: int | None) -> None:
        self.count += count
        self.kg += kg
        self.lat_sum += lat * count
        self.lng_sum += lng * count
        if first_id is not None and (self.first_id is None or first_id < self.first_id):
            self.first_id = first_id

    @property
    def lat(self) -> float:
        return self.lat_sum / self.count if self.count else 0.0

    @property
    def lng(self) -> float:
        return self.lng_sum / self.count if self.count else 0.0


def merge_into_cells(
    groups: Iterable[tuple[float, float, int, float, int | None]], size: float
) -> dict[tuple[int, int], Cell]:
    """(lat, lng, count, kg, first id) groups -> cells of `size` degrees."""
    cells: dict[tuple[int, int], Cell] = {}
    for lat, lng, count, kg, first_id in groups:
        if not count:
            continue
        key = cell_of(lat, lng, size)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell(key=f"{key[0]}:{key[1]}")
        cell.add(count=count, kg=kg, lat=lat, lng=lng, first_id=first_id)
    return cells


def split_singles(cells: Iterable[Cell], limit: int = MAX_POINTS) -> tuple[list[Cell], list[Cell]]:
    """Cells holding one incident become points (at most `limit`), the rest stay clusters."""
    clusters: list[Cell] = []
    singles: list[Cell] = []
    for cell in cells:
        if cell.count == 1 and cell.first_id is not None and len(singles) < limit:
            singles.append(cell)
        else:
            clusters.append(cell)
    return clusters, singles


def _nice(value: float) -> float:
    """Round a class break to 2 significant digits so the legend reads well."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** (math.floor(math.log10(value)) - 1)
    return round(math.ceil(value / magnitude) * magnitude, 6)


def colour_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of up to `classes` quantile classes over the positive values.

    Quantiles rather than equal intervals: seizures are heavily skewed (one 500 kg
    haul beside many 0.1 kg ones), and equal intervals would paint everything pale.
    """
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    breaks: list[float] = []
    for i in range(1, classes + 1):
        index = min(len(positive) - 1, math.ceil(i * len(positive) / classes) - 1)
        bound = _nice(positive[index])
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    breaks[-1] = max(breaks[-1], _nice(positive[-1]))
    return breaks


def class_of(value: float, breaks: Sequence[float]) -> int | None:
    """Index of the class of `value` (None for no seizure: drawn as "no data")."""
    if value <= 0 or not breaks:
        return None
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def colour_of(index: int | None, classes: int) -> str:
    """Spread `classes` classes over the palette (3 classes: light, middle, dark)."""
    if index is None:
        return NO_DATA_COLOUR
    if classes <= 1:
        return PALETTE[-1]
    step = (len(PALETTE) - 1) / (classes - 1)
    return PALETTE[round(index * step)]


def legend(breaks: Sequence[float]) -> list[dict]:
    """[{min, max, colour}] from the class breaks, lowest first."""
    rows = []
    lower = 0.0
    for index, upper in enumerate(breaks):
        rows.append({"min": lower, "max": upper, "colour": colour_of(index, len(breaks))})
        lower = upper
    return rows
