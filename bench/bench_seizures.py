"""The seizure ledger with 1,000,000 incidents / 3,000,000 items: statistics, import, map.

Targets (issue #5, "Figures"): statistics grouped by drug x province x half-year over
five years p95 <= 500 ms on SQLite (PostgreSQL measured too, DuckDB over the same rows
named beside it as the physical floor); import of 100,000 rows <= 60 s with full
validation; map data for 100,000 incidents <= 300 ms.

The ledger is generated with raw executemany in batches (not the services: a million
incidents through them would take hours) across the border provinces of Viet Nam, Laos
and Cambodia and the agencies of the generated world, over 2020-01 .. 2025-06; then the
monthly roll-up (and its quarterly item table) is rebuilt once (`rollup.rebuild()`, the
`seizures_rollup_rebuild` command). An existing database is migrated first: a roll-up
schema change rebuilds the roll-up in its migration. The import runs in a transaction
that is rolled back, so every run measures the same database. SQLite lives in
var/bench/seizures/ and is kept between runs; --fresh rebuilds it. DuckDB (`pip install
duckdb`, the `bench` extra) is loaded from a CSV dump of the same incident and item rows.

Run: nice -n 10 .venv/bin/python bench/bench_seizures.py [--fresh] [--incidents 1000000]
     [--only stats,floor,import,map]
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REPO_ROOT,
    Figure,
    World,
    base_arguments,
    ensure_world,
    measure,
    report,
    results_suffix,
    setup_django,
)

TARGET_STATS_MS = 500.0
TARGET_IMPORT_S = 60.0
TARGET_MAP_MS = 300.0
BATCH = 20_000
FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2025, 6, 30)
STATS_FROM, STATS_TO = date(2020, 1, 1), date(2024, 12, 31)
PARTS = ("stats", "floor", "import", "map")
AREA_PREFIX = "B"  # generated areas: "BVN-03", "BVN-03-2"

# The border provinces (DESIGN.md), with a rough centre for the map.
PROVINCES = {
    "VN": [
        ("Điện Biên", 21.4, 103.0),
        ("Sơn La", 21.3, 103.9),
        ("Thanh Hóa", 20.1, 105.3),
        ("Nghệ An", 19.2, 104.9),
        ("Hà Tĩnh", 18.3, 105.9),
        ("Quảng Bình", 17.5, 106.3),
        ("Quảng Trị", 16.7, 106.9),
        ("Thừa Thiên Huế", 16.3, 107.6),
        ("Quảng Nam", 15.6, 107.9),
        ("Kon Tum", 14.6, 107.9),
        ("Gia Lai", 13.9, 108.0),
        ("Đắk Lắk", 12.7, 108.2),
        ("Đắk Nông", 12.2, 107.7),
        ("Bình Phước", 11.7, 106.8),
        ("Tây Ninh", 11.4, 106.1),
        ("Long An", 10.7, 106.2),
        ("Đồng Tháp", 10.6, 105.6),
        ("An Giang", 10.5, 105.1),
        ("Kiên Giang", 10.0, 105.1),
    ],
    "LA": [
        ("ຜົ້ງສາລີ", 21.7, 102.1),
        ("ຫົວພັນ", 20.4, 104.0),
        ("ຊຽງຂວາງ", 19.5, 103.2),
        ("ບໍລິຄຳໄຊ", 18.4, 104.5),
        ("ຄຳມ່ວນ", 17.4, 105.0),
        ("ສະຫວັນນະເຂດ", 16.6, 105.5),
        ("ສາລະວັນ", 15.7, 106.4),
        ("ເຊກອງ", 15.3, 106.7),
        ("ອັດຕະປື", 14.8, 106.8),
        ("ຈຳປາສັກ", 14.9, 105.9),
    ],
    "KH": [
        ("រតនគិរី", 13.7, 107.0),
        ("មណ្ឌលគិរី", 12.5, 107.2),
        ("ក្រចេះ", 12.5, 106.0),
        ("ត្បូងឃ្មុំ", 11.9, 105.7),
        ("ស្វាយរៀង", 11.1, 105.8),
        ("ព្រៃវែង", 11.5, 105.3),
        ("កណ្ដាល", 11.3, 105.0),
        ("តាកែវ", 10.9, 104.8),
        ("កំពត", 10.6, 104.2),
    ],
}
DISTRICTS_PER_PROVINCE = 4
# drug -> (weight, [(unit, low, high, kg per unit or None)])
DRUGS = {
    "meth_tablets": (30, [("tablets", 100, 200_000, 0.0001), ("g", 10, 5000, 0.001)]),
    "meth_crystal": (22, [("kg", 0.1, 120, 1.0), ("g", 1, 900, 0.001)]),
    "heroin": (15, [("kg", 0.05, 40, 1.0), ("g", 1, 900, 0.001)]),
    "cannabis_herb": (10, [("kg", 0.5, 300, 1.0)]),
    "cannabis_plants": (3, [("plants", 10, 5000, None)]),
    "ketamine": (6, [("kg", 0.1, 50, 1.0), ("g", 1, 900, 0.001)]),
    "mdma": (5, [("tablets", 10, 20_000, 0.0003)]),
    "opium": (4, [("kg", 0.1, 30, 1.0)]),
    "amphetamine": (2, [("tablets", 10, 5000, 0.00017)]),
    "precursors": (2, [("litres", 1, 2000, 1.0)]),
    "nps": (1, [("g", 1, 2000, 0.001)]),
}
SHARING = [("national", 60), ("partners", 25), ("agency", 10), ("network", 5)]
MODI = [("land", 70), ("river", 10), ("post", 10), ("air", 5), ("internet", 5)]
NATIONALITIES = [("VN", 50), ("LA", 25), ("KH", 15), ("CN", 5), ("TH", 5)]


# --- Generating the ledger ----------------------------------------------------------------


def ensure_areas() -> dict[str, list[tuple[int, float, float, list[tuple[int, str]]]]]:
    """Provinces (id, lat, lon, [(district id, name)]) per country, created once."""
    from liaison.agencies.models import Area

    if not Area.objects.filter(code__startswith=f"{AREA_PREFIX}VN-").exists():
        provinces = [
            Area(code=f"{AREA_PREFIX}{c}-{i:02d}", kind="province", name=name, country_id=c)
            for c, rows in PROVINCES.items()
            for i, (name, _lat, _lon) in enumerate(rows)
        ]
        Area.objects.bulk_create(provinces)
        saved = Area.objects.filter(code__startswith=AREA_PREFIX, kind="province")
        Area.objects.bulk_create(
            [
                Area(
                    code=f"{p.code}-{d}",
                    kind="district",
                    name=f"{p.name} {d}",
                    country_id=p.country_id,
                    parent=p,
                )
                for p in saved
                for d in range(1, DISTRICTS_PER_PROVINCE + 1)
            ]
        )
    districts: dict[int, list[tuple[int, str]]] = {}
    for pk, parent, name in Area.objects.filter(
        code__startswith=AREA_PREFIX, kind="district"
    ).values_list("pk", "parent_id", "name"):
        districts.setdefault(parent, []).append((pk, name))
    out: dict[str, list] = {}
    for pk, code, country in (
        Area.objects.filter(code__startswith=AREA_PREFIX, kind="province")
        .order_by("code")
        .values_list("pk", "code", "country_id")
    ):
        _name, lat, lon = PROVINCES[country][int(code.rsplit("-", 1)[1])]
        out.setdefault(country, []).append((pk, lat, lon, sorted(districts.get(pk, []))))
    return out


def _insert_sql(model, columns: list[str]) -> str:
    from django.db import connection

    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


def _recorders(world: World, country: str) -> list[tuple[int, list[int]]]:
    """(provincial agency, its district agencies) of a country, in creation order."""
    provinces = world.agencies["province"].get(country, [])
    districts = world.agencies["district"].get(country, [])
    per = max(1, len(districts) // max(1, len(provinces)))
    return [(p, districts[i * per : (i + 1) * per]) for i, p in enumerate(provinces)]


def generate_ledger(count: int, world: World, *, progress=print, seed: int = 5) -> float:
    """Append `count` incidents (1-5 items, 0-3 arrest rows each); seconds taken."""
    from django.db import connection, transaction

    from liaison.seizures.models import Arrest, Incident, SeizedItem

    start = time.perf_counter()
    rng = random.Random(seed)
    areas = ensure_areas()
    recorders = {c: _recorders(world, c) for c in areas}
    incident_columns = [f.column for f in Incident._meta.concrete_fields]
    item_columns = [f.column for f in SeizedItem._meta.concrete_fields if f.column != "id"]
    arrest_columns = [f.column for f in Arrest._meta.concrete_fields if f.column != "id"]
    incident_sql = _insert_sql(Incident, incident_columns)
    item_sql = _insert_sql(SeizedItem, item_columns)
    arrest_sql = _insert_sql(Arrest, arrest_columns)
    drugs, drug_weights = list(DRUGS), [w for w, _ in DRUGS.values()]
    sharing, sharing_w = zip(*SHARING, strict=True)
    modi, modi_w = zip(*MODI, strict=True)
    nats, nats_w = zip(*NATIONALITIES, strict=True)
    countries, country_w = ["VN", "LA", "KH"], [55, 30, 15]
    span = (LAST_DAY - FIRST_DAY).days
    first_id = (Incident.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = connection.ops.adapt_datetimefield_value(datetime.now(UTC))
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA cache_size = -262144")
    default_sharing: dict[int, str] = {}
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        incidents, items, arrests = [], [], []
        for n in range(first_id + done, first_id + done + size):
            country = rng.choices(countries, country_w)[0]
            p = rng.randrange(len(areas[country]))
            province, lat, lon, districts = areas[country][p]
            agency, district_agencies = recorders[country][p % len(recorders[country])]
            d = rng.randrange(len(districts))
            if district_agencies and rng.random() < 0.6:
                agency = district_agencies[d % len(district_agencies)]
            arrested = 0
            for _ in range(rng.choices((0, 1, 2, 3), (25, 45, 20, 10))[0]):
                how_many = rng.choice((1, 1, 1, 2, 3))
                arrested += how_many
                arrests.append((n, None, rng.choices(nats, nats_w)[0], how_many))
            seized_kg = 0.0
            # 1-5 items, three on average
            for _ in range(rng.choices((1, 2, 3, 4, 5), (20, 20, 20, 20, 20))[0]):
                drug = rng.choices(drugs, drug_weights)[0]
                unit, low, high, per_unit = rng.choice(DRUGS[drug][1])
                quantity = round(rng.uniform(low, high), 3)
                kg = None if per_unit is None else round(quantity * per_unit, 6)
                conversion = "" if unit == "kg" or per_unit is None else f"1 {unit} = {per_unit} kg"
                item = {
                    "incident_id": n,
                    "drug": drug,
                    "substance": "",
                    "quantity": quantity,
                    "unit": unit,
                    "kg": kg,
                    "conversion": conversion,
                }
                items.append(tuple(item[c] for c in item_columns))
                seized_kg += kg or 0
            row = {
                "id": n,
                "ref": f"G-{n}",
                "agency_id": agency,
                # an agency records at its default level, with a few exceptions
                "sharing": default_sharing.setdefault(
                    agency, random.Random(agency).choices(sharing, sharing_w)[0]
                )
                if rng.random() < 0.9
                else rng.choices(sharing, sharing_w)[0],
                "handling_code": "H0",
                "occurred_on": FIRST_DAY + timedelta(days=rng.randrange(span + 1)),
                "country_id": country,
                "province_id": province,
                "district_id": districts[d][0],
                "place": "",
                "border_gate_id": None,
                "latitude": round(lat + rng.uniform(-0.4, 0.4), 6),
                "longitude": round(lon + rng.uniform(-0.4, 0.4), 6),
                "modus": rng.choices(modi, modi_w)[0],
                "origin": rng.choice(("", "MM", "LA", "KH")),
                "transit": rng.choice(("", "", "LA", "TH;LA")),
                "destination": rng.choice(("", "VN", "CN", "KH")),
                "case_id": None,
                "notes": "",
                "arrested_count": arrested,
                "seized_kg": round(seized_kg, 6),
                "cancelled_at": None,
                "cancel_reason": "",
                "created_by_id": None,
                "created_at": now,
                "updated_at": now,
            }
            incidents.append(tuple(row[c] for c in incident_columns))
        arrest_rows = [
            tuple(
                {"incident_id": a[0], "person_id": a[1], "nationality": a[2], "count": a[3]}[c]
                for c in arrest_columns
            )
            for a in arrests
        ]
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(incident_sql, incidents)
            cur.executemany(item_sql, items)
            if arrest_rows:
                cur.executemany(arrest_sql, arrest_rows)
        done += size
        if done % 100_000 < BATCH or done == count:
            rate = done / (time.perf_counter() - start)
            progress(f"  {done:,} incidents ({rate:,.0f}/s)")
    _after_bulk_insert()
    return time.perf_counter() - start


def _after_bulk_insert() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from liaison.seizures.models import Arrest, Incident, SeizedItem

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Incident, SeizedItem, Arrest]
            ):
                cur.execute(sql)
            cur.execute("ANALYZE")
        else:
            cur.execute("ANALYZE")


def _fill_seized_kg() -> None:
    """What the ledger services keep on every write, done in one statement."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "UPDATE seizures_incident SET seized_kg = COALESCE((SELECT SUM(i.kg) FROM "
            "seizures_seizeditem i WHERE i.incident_id = seizures_incident.id), 0)"
        )


def ensure_ledger(total: int, world: World, *, progress=print) -> list[Figure]:
    """Generate the ledger (and the roll-up) unless it is there; figures of the work."""
    from liaison.seizures import rollup
    from liaison.seizures.models import Incident, SeizedItem
    from liaison.seizures.models_rollup import RollupIncident

    figures: list[Figure] = []
    existing = Incident.objects.count()
    if existing < total:
        progress(f"Generating {total - existing:,} incidents...")
        seconds = generate_ledger(total - existing, world, progress=progress)
        _fill_seized_kg()
        figures.append(Figure("generating the ledger", seconds, "s"))
    if Incident.objects.exists() and not Incident.objects.exclude(seized_kg=0).exists():
        # ledgers generated before incidents kept their seized kg
        progress("Computing each incident's seized kg...")
        start = time.perf_counter()
        _fill_seized_kg()
        figures.append(Figure("filling Incident.seized_kg", time.perf_counter() - start, "s"))
    if existing < total or not RollupIncident.objects.exists():
        progress("Rebuilding the roll-up...")
        start = time.perf_counter()
        counts = rollup.rebuild(progress=progress)
        _after_bulk_insert()
        figures.append(
            Figure(
                "roll-up rebuild (seizures_rollup_rebuild)",
                time.perf_counter() - start,
                "s",
                note=", ".join(f"{k}: {v:,} rows" for k, v in counts.items()),
            )
        )
    figures.insert(0, Figure("incidents in the ledger", float(Incident.objects.count()), ""))
    figures.insert(1, Figure("seized items in the ledger", float(SeizedItem.objects.count()), ""))
    figures.insert(2, _rollup_rows())
    return figures


def _rollup_rows() -> Figure:
    """What the statistics read: the size of each roll-up table."""
    from liaison.seizures.models_rollup import (
        RollupIncident,
        RollupItem,
        RollupItemQuarter,
        RollupNationality,
    )

    counts = {
        model._meta.model_name: model.objects.count()
        for model in (RollupIncident, RollupItem, RollupItemQuarter, RollupNationality)
    }
    return Figure(
        "roll-up rows",
        float(sum(counts.values())),
        "",
        note=", ".join(f"{name}: {rows:,}" for name, rows in counts.items()),
    )


# --- Measuring ------------------------------------------------------------------------------


def stats_query():
    from liaison.seizures.ledger_filter import LedgerFilter
    from liaison.seizures.selectors_stats import StatsQuery

    flt = LedgerFilter(date_from=STATS_FROM, date_to=STATS_TO)
    return StatsQuery(by=("drug", "province", "period"), period="half", flt=flt)


def stats_users(world: World) -> list[tuple[str, Any]]:
    return [
        ("VN ministry", world.officers["VN ministry"]),
        ("VN provincial police", world.officers["VN province"]),
        ("platform admin", world.platform_admin),
    ]


def _fresh(user):
    """The user as a new request sees it: no memoized scope."""
    from liaison.agencies.models import User

    return User.objects.select_related("agency").get(pk=user.pk)


def measure_statistics(world: World, *, repeats: int, ledger_scan: bool) -> list[Figure]:
    from liaison.seizures.selectors_stats import statistics

    query = stats_query()
    figures = []
    for label, user in stats_users(world):
        samples = measure(
            lambda u: statistics(user=u, query=query),
            repeats=repeats,
            prepare=lambda i, u=user: _fresh(u),
        )
        result = statistics(user=_fresh(user), query=query)
        figures.append(
            Figure(
                f"statistics drug x province x half-year, 5 years, {label} p95",
                samples.p95,
                "ms",
                TARGET_STATS_MS,
                note=f"median {samples.median:.1f} ms (CPU {samples.cpu_median:.1f} ms), "
                f"{len(result.rows):,} groups, {result.total.incidents:,} incidents, "
                f"from the {result.source}",
            )
        )
    if ledger_scan:
        # the same answer without the roll-up: why it exists
        admin = world.platform_admin
        start = time.perf_counter()
        statistics(user=_fresh(admin), query=query, path="ledger")
        figures.append(
            Figure(
                "same statistics from the ledger (no roll-up), platform admin",
                (time.perf_counter() - start) * 1000,
                "ms",
                note="one run",
            )
        )
    return figures


def measure_floor(*, repeats: int) -> list[Figure]:
    """DuckDB over the same incident and item rows: the physical floor of the query."""
    try:
        import duckdb
    except ImportError:
        return [Figure("DuckDB floor", None, "ms", note="pip install duckdb (the bench extra)")]
    from django.db import connection

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "items.csv"
        start = time.perf_counter()
        with connection.cursor() as cur, path.open("w", newline="") as out:
            cur.execute(
                "SELECT i.occurred_on, i.province_id, s.drug, s.unit, s.quantity, s.kg, "
                "i.id, i.arrested_count FROM seizures_seizeditem s "
                "JOIN seizures_incident i ON i.id = s.incident_id WHERE i.cancelled_at IS NULL"
            )
            writer = csv.writer(out)
            while rows := cur.fetchmany(50_000):
                writer.writerows(rows)
        db = duckdb.connect()
        db.execute(
            f"CREATE TABLE items AS SELECT * FROM read_csv('{path}', header=false, columns="
            "{'occurred_on': 'DATE', 'province_id': 'INTEGER', 'drug': 'VARCHAR', "
            "'unit': 'VARCHAR', 'quantity': 'DOUBLE', 'kg': 'DOUBLE', 'incident_id': "
            "'BIGINT', 'arrested': 'INTEGER'})"
        )
        load = time.perf_counter() - start
    sql = (
        "SELECT drug, province_id, year(occurred_on) AS y, (month(occurred_on) - 1) // 6 AS h, "
        "unit, count(DISTINCT incident_id), sum(quantity), sum(kg) FROM items "
        f"WHERE occurred_on BETWEEN DATE '{STATS_FROM}' AND DATE '{STATS_TO}' "
        "GROUP BY ALL"
    )
    samples = measure(lambda _: db.execute(sql).fetchall(), repeats=repeats)
    return [
        Figure(
            "DuckDB floor: the same grouping over the 3M item rows, p95",
            samples.p95,
            "ms",
            note=f"median {samples.median:.1f} ms; loading the rows took {load:.0f} s",
        )
    ]


def import_content(rows: int, areas: dict, *, seed: int = 11) -> bytes:
    """A CSV of `rows` item rows (2.5 per incident) for Vietnamese border provinces."""
    from liaison.agencies.models import Area

    rng = random.Random(seed)
    names = dict(Area.objects.filter(code__startswith=AREA_PREFIX).values_list("pk", "name"))
    lines = ["incident_ref,date,country,province,district,modus,drug,quantity,unit,arrested"]
    n = 0
    while len(lines) - 1 < rows:
        n += 1
        province, _lat, _lon, districts = rng.choice(areas["VN"])
        district = rng.choice(districts)[1]
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
        arrested = f"VN:{rng.randint(1, 3)};LA:1" if n % 3 else ""
        for _ in range(rng.choice((1, 2, 3, 4))):
            drug = rng.choices(list(DRUGS), [w for w, _ in DRUGS.values()])[0]
            unit, low, high, _per = rng.choice(DRUGS[drug][1])
            quantity = round(rng.uniform(low, high), 3)
            lines.append(
                f"IMP-{n},{day},VN,{names[province]},{district},land,{drug},{quantity},{unit},"
                f"{arrested}"
            )
    return ("\n".join(lines[: rows + 1]) + "\n").encode("utf-8")


def measure_import(world: World, *, rows: int) -> list[Figure]:
    try:
        from liaison.seizures.imports import import_seizures
    except ImportError:
        return [Figure(f"import of {rows:,} rows", None, "s", TARGET_IMPORT_S, note="N/A")]
    from django.db import transaction

    officer = _fresh(world.officers["VN province"])
    content = import_content(rows, ensure_areas())
    with transaction.atomic():
        start = time.perf_counter()
        result = import_seizures(
            actor=officer, agency=officer.agency, name="bench.csv", content=content
        )
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)  # every run measures the same database
    return [
        Figure(
            f"import of {rows:,} rows (full validation, roll-up refreshed)",
            seconds,
            "s",
            TARGET_IMPORT_S,
            note=f"{result.incidents:,} incidents, {rows / seconds:,.0f} rows/s",
        )
    ]


def measure_map(world: World, *, incidents: int, total: int, repeats: int) -> list[Figure]:
    try:
        from liaison.seizures.selectors_map import map_data
    except ImportError:
        return [Figure(f"map data, {incidents:,} incidents", None, "ms", TARGET_MAP_MS)]
    from liaison.seizures.ledger_filter import LedgerFilter
    from liaison.seizures.models import Incident

    days = max(1, round((LAST_DAY - FIRST_DAY).days * incidents / max(total, 1)))
    flt = LedgerFilter(date_from=LAST_DAY - timedelta(days=days - 1), date_to=LAST_DAY)
    matched = flt.apply(Incident.objects.all()).count()
    figures = []
    for (label, user), zoom in [(u, z) for u in stats_users(world) for z in (6, 10)]:
        samples = measure(
            lambda u, z=zoom: map_data(user=u, flt=flt, zoom=z),
            repeats=repeats,
            prepare=lambda i, user=user: _fresh(user),
        )
        figures.append(
            Figure(
                f"map data, {matched:,} incidents, zoom {zoom}, {label} p95",
                samples.p95,
                "ms",
                TARGET_MAP_MS,
                note=f"median {samples.median:.1f} ms",
            )
        )
    return figures


def run(
    *,
    world: World,
    incidents: int,
    repeats: int,
    import_rows: int,
    map_incidents: int,
    parts: tuple[str, ...] = PARTS,
    ledger_scan: bool = True,
    progress=print,
) -> list[Figure]:
    figures = ensure_ledger(incidents, world, progress=progress)
    total = int(figures[0].value or 0)
    if "stats" in parts:
        figures += measure_statistics(world, repeats=repeats, ledger_scan=ledger_scan)
    if "floor" in parts:
        figures += measure_floor(repeats=repeats)
    if "import" in parts:
        figures += measure_import(world, rows=import_rows)
    if "map" in parts:
        figures += measure_map(world, incidents=map_incidents, total=total, repeats=repeats)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = base_arguments(__doc__.splitlines()[0])
    parser.set_defaults(agencies=200, repeats=30)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--map-incidents", type=int, default=100_000)
    parser.add_argument("--no-ledger-scan", action="store_true", help="skip the no-roll-up run")
    parser.add_argument("--only", default=",".join(PARTS), help=f"subset of {PARTS}")
    args = parser.parse_args(argv)
    parts = tuple(p.strip() for p in args.only.split(",") if p.strip())
    if unknown := set(parts) - set(PARTS):
        parser.error(f"--only: unknown figures {sorted(unknown)}; choose from {PARTS}")
    if not os.environ.get("DATABASE_URL") and not os.environ.get("LIAISON_VAR_DIR"):
        os.environ["LIAISON_VAR_DIR"] = str(REPO_ROOT / "var" / "bench" / "seizures")
    setup_django(fresh=args.fresh)
    world = ensure_world(args.agencies)
    figures = run(
        world=world,
        incidents=args.incidents,
        repeats=args.repeats,
        import_rows=args.import_rows,
        map_incidents=args.map_incidents,
        parts=parts,
        ledger_scan=not args.no_ledger_scan,
    )
    report(
        "Seizure ledger benchmark (issue #5)",
        figures,
        results_name=f"seizures-{results_suffix()}"
        + ("" if set(parts) == set(PARTS) else "-" + "-".join(parts)),
        facts={
            "agencies": str(args.agencies),
            "period of the ledger": f"{FIRST_DAY} .. {LAST_DAY}",
            "statistics query": f"by drug, province, half-year; {STATS_FROM} .. {STATS_TO}",
            "timed calls per figure": str(args.repeats),
        },
    )
    return 1 if any(f.status == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
