"""The timed figures of the seizure ledger: statistics, the DuckDB floor, import, map."""

from __future__ import annotations

import csv
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import Figure, World, measure
from bench.seizures.generate import (
    AREA_PREFIX,
    DRUGS,
    FIRST_DAY,
    LAST_DAY,
    ensure_areas,
    ensure_ledger,
)

TARGET_STATS_MS = 500.0
TARGET_IMPORT_S = 60.0
TARGET_MAP_MS = 300.0
STATS_FROM, STATS_TO = date(2020, 1, 1), date(2024, 12, 31)
PARTS = ("stats", "floor", "import", "map")


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
