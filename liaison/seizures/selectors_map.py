"""The map's data: incidents the user may see, aggregated in SQL by zoom level.

`map_data()` never loads incident objects: province totals and grid cells are GROUP BY
queries (count, kg, mean position, smallest id); only the incidents that sit alone in a
cell are read, by id, to label their points. Incidents without coordinates are placed
at the inner point of their province (we ship no district boundaries, see
static/seizures/geo/SOURCES.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, Floor
from django.urls import NoReverseMatch, reverse

from liaison.agencies.models import Area
from liaison.seizures import map_geodata, map_shape
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models import Incident

MAX_HOTSPOTS = 1000

SHAPES_BY_EDITION = {
    map_shape.EDITION_BEFORE: map_geodata.SHAPE_BEFORE_2025_07_01,
    map_shape.EDITION_FROM: map_geodata.SHAPE_FROM_2025_07_01,
}


def map_data(
    *,
    user,
    flt: LedgerFilter,
    zoom: int,
    bbox: tuple[float, float, float, float] | None = None,
) -> dict:
    """Clusters, points, province colours and hotspots for one view of the map.

    Returns {zoom, level ("province" | "grid"), cell_size, edition, totals, provinces,
    legend, clusters, points, hotspots}; see the API schema for each field.
    """
    zoom = map_shape.clamp_zoom(zoom)
    incidents = flt.apply(Incident.objects.visible_to(user)).order_by()
    edition = map_shape.edition_for(flt.date_to)
    shape_of = SHAPES_BY_EDITION[edition]

    size = map_shape.cell_size(zoom) if map_shape.is_grid_level(zoom) else None
    if size:
        by_province, located_groups = _province_and_cell_totals(incidents, size=size, bbox=bbox)
    else:
        by_province, located_groups = _province_totals(incidents), []
    codes = dict(
        Area.objects.filter(pk__in=by_province.keys()).order_by().values_list("pk", "code")
    )
    provinces, clusters, points = _provinces(by_province, codes, shape_of), [], []
    if size:
        cells = _grid(located_groups, by_province=by_province, codes=codes, size=size, bbox=bbox)
        grouped, singles = map_shape.split_singles(cells.values())
        clusters = [_cluster(cell) for cell in grouped]
        points = _points(singles)
    else:
        clusters = _province_clusters(provinces, bbox)
    for row in provinces:
        row.pop("lat"), row.pop("lng")
    breaks = map_shape.colour_breaks([row["kg"] for row in provinces])
    for row in provinces:
        row["class"] = map_shape.class_of(row["kg"], breaks)
        row["colour"] = map_shape.colour_of(row["class"], len(breaks))
    return {
        "zoom": zoom,
        "level": "grid" if size else "province",
        "cell_size": size,
        "edition": edition,
        "totals": {
            "incidents": sum(row["count"] for row in provinces),
            "kg": round(sum(row["kg"] for row in provinces), 3),
        },
        "provinces": provinces,
        "legend": map_shape.legend(breaks),
        "clusters": clusters,
        "points": points,
        "hotspots": hotspots(user=user, bbox=bbox),
    }


def _kg(value) -> float:
    return float(value or Decimal(0))


def _kg_sum(**extra) -> Sum:
    """Sum of the incidents' kg as a float: the map draws floats, and a Decimal per row
    (Django's converter on SQLite) cost more than the GROUP BY itself."""
    return Sum("seized_kg", output_field=FloatField(), **extra)


def _province_totals(incidents: QuerySet) -> dict[int, dict]:
    """{province id: {count, kg}} in one GROUP BY over the incidents (their `seized_kg`
    is kept by the ledger services, so no join to the items)."""
    rows = incidents.values_list("province_id").annotate(n=Count("pk"), kg=_kg_sum())
    return {province_id: {"count": n, "kg": _kg(kg)} for province_id, n, kg in rows}


def _provinces(by_province: dict[int, dict], codes: dict[int, str], shape_of) -> list[dict]:
    """Totals per shape drawn (old provinces add up on their successor's shape)."""
    shapes: dict[str, dict] = {}
    for province_id, total in by_province.items():
        code = codes.get(province_id, "")
        shape = shape_of.get(code)
        if shape is None:  # a province without a shape in this edition (not expected)
            continue
        row = shapes.setdefault(shape, {"shape": shape, "count": 0, "kg": 0.0})
        row["count"] += total["count"]
        row["kg"] += total["kg"]
    for row in shapes.values():
        row["kg"] = round(row["kg"], 3)
        row["lat"], row["lng"] = map_geodata.INNER_POINTS[row["shape"]]
    return sorted(shapes.values(), key=lambda row: row["shape"])


def _province_clusters(provinces: list[dict], bbox) -> list[dict]:
    return [
        {
            "lat": row["lat"],
            "lng": row["lng"],
            "count": row["count"],
            "kg": row["kg"],
            "shape": row["shape"],
        }
        for row in provinces
        if map_shape.in_bbox(row["lat"], row["lng"], bbox)
    ]


def _province_and_cell_totals(
    incidents: QuerySet, *, size: float, bbox
) -> tuple[dict[int, dict], list[tuple]]:
    """Province totals and the grid's located groups in ONE scan of the incidents:
    GROUP BY (province, FLOOR(lat / size), FLOOR(lng / size)); the grid part counts only
    incidents inside the box (conditional aggregates), the province part counts all.
    Incidents without coordinates form their province's group with an empty cell."""
    lat = Cast(F("latitude"), FloatField())
    lng = Cast(F("longitude"), FloatField())
    in_view = Q(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        west, south, east, north = bbox
        in_view &= Q(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
    rows = (
        incidents.annotate(row=Floor(lat / size), col=Floor(lng / size))
        .values("province_id", "row", "col")
        .annotate(
            n=Count("pk"),
            kg=_kg_sum(),
            first=Min("pk"),
            n_in=Count("pk", filter=in_view),
            lat_in=Avg(lat, filter=in_view),
            lng_in=Avg(lng, filter=in_view),
            first_in=Min("pk", filter=in_view),
            kg_in=_kg_sum(filter=in_view),
        )
    )
    by_province: dict[int, dict] = {}
    located: list[tuple] = []
    for r in rows:
        total = by_province.setdefault(
            r["province_id"], {"count": 0, "kg": 0.0, "unlocated": (0, None, 0.0)}
        )
        total["count"] += r["n"]
        total["kg"] += _kg(r["kg"])
        if r["row"] is None:
            total["unlocated"] = (r["n"], r["first"], _kg(r["kg"]))
        elif r["n_in"]:
            located.append((r["lat_in"], r["lng_in"], r["n_in"], _kg(r["kg_in"]), r["first_in"]))
    return by_province, located


def _grid(located: list[tuple], *, by_province: dict, codes, size: float, bbox) -> dict:
    """Cells of `size` degrees: the located groups, and the incidents without
    coordinates at their province's inner point."""
    groups = list(located)
    for province_id, total in by_province.items():
        count, first, kg = total["unlocated"]
        point = map_geodata.INNER_POINTS.get(codes.get(province_id, ""))
        if not count or point is None or not map_shape.in_bbox(point[0], point[1], bbox):
            continue
        groups.append((point[0], point[1], count, kg, first))
    return map_shape.merge_into_cells(groups, size)


def _cluster(cell: map_shape.Cell) -> dict:
    return {
        "lat": round(cell.lat, 5),
        "lng": round(cell.lng, 5),
        "count": cell.count,
        "kg": round(cell.kg, 3),
        "cell": cell.key,
    }


def _points(singles: list[map_shape.Cell]) -> list[dict]:
    """The incidents alone in their cell, with what their popup shows (one query)."""
    if not singles:
        return []
    labels = {
        pk: (ref, occurred_on)
        for pk, ref, occurred_on in Incident.objects.filter(
            pk__in=[cell.first_id for cell in singles]
        )
        .order_by()
        .values_list("pk", "ref", "occurred_on")
    }
    url_for = incident_url_builder()
    points = []
    for cell in singles:
        ref, occurred_on = labels.get(cell.first_id, ("", None))
        points.append(
            {
                "id": cell.first_id,
                "ref": ref,
                "date": occurred_on.isoformat() if occurred_on else None,
                "lat": round(cell.lat, 6),
                "lng": round(cell.lng, 6),
                "kg": round(cell.kg, 3),
                "url": url_for(cell.first_id),
            }
        )
    points.sort(key=lambda point: point["id"])
    return points


def incident_url_builder() -> Callable[[int], str]:
    """The incident page's URL for an id (reversed once, not once per point)."""
    try:
        template = reverse("seizures_incident", args=[987654321])
    except NoReverseMatch:  # the ledger pages are not wired yet
        template = "/seizures/incidents/987654321/"
    return lambda pk: template.replace("987654321", str(pk))


def hotspots(*, user, bbox=None) -> list[dict]:
    """Drug hotspots of the registry (Location rows of kind hotspot) the user may see."""
    from liaison.registry.models import Location

    queryset = (
        Location.objects.visible_to(user)
        .live()
        .filter(kind=Location.Kind.HOTSPOT, latitude__isnull=False, longitude__isnull=False)
    )
    if bbox is not None:
        west, south, east, north = bbox
        queryset = queryset.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
    url_for = _location_url_builder()
    rows = queryset.order_by("pk").values_list("pk", "name", "latitude", "longitude")
    return [
        {"id": pk, "name": name, "lat": float(lat), "lng": float(lng), "url": url_for(pk)}
        for pk, name, lat, lng in rows[:MAX_HOTSPOTS]
    ]


def _location_url_builder() -> Callable[[int], str]:
    try:
        template = reverse("registry_location", args=[987654321])
    except NoReverseMatch:
        return lambda pk: ""
    return lambda pk: template.replace("987654321", str(pk))
