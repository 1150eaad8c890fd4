"""The registry with up to 1,000,000 persons: import, screening one record, batch screening.

Targets (issue #4): import of 1,000,000 persons <= 10 min; screening one record p50 <= 10
ms and p99 <= 100 ms against 1,000,000 persons; batch screening of 100,000 records <= 5
min on two cores; peak memory <= 2 GB.

Persons are fictional (Vietnamese, Lao in Lao script with a romanization, Khmer in Khmer
script) drawn from the name lists of the matching tests, with partial birth dates, some
identity documents and status flags. They are written as JSONL files, one per owner
agency (a Vietnamese, a Lao and a Cambodian province), and imported through the real
service (`persons_import`: validation, bulk inserts, keys, audit), so the import figure
is what `liaison persons import` costs. Screening goes through `Screener` and
`screen_records` (the CLI's and the API's path), as the whole registry (actor None) and
as a Vietnamese provincial officer (scope filter applied).

The registry lives in its own database (var/bench/registry/ on SQLite), kept between
runs: an existing registry is reused and the import is then not timed; --fresh rebuilds.

Run: nice -n 10 .venv/bin/python bench/bench_registry.py [--fresh] [--persons 1000000]
"""

from __future__ import annotations

import json
import logging
import os
import random
import sys
import time
from datetime import date, timedelta
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
    peak_rss_mb,
    percentile,
    report,
    results_suffix,
    setup_django,
)
from liaison.registry.tests.matching.data.names import (
    KHMER_FAMILY,
    KHMER_GIVEN_FEMALE,
    KHMER_GIVEN_MALE,
    LAO_FAMILY,
    LAO_GIVEN_FEMALE,
    LAO_GIVEN_MALE,
    VIET_FAMILY,
    VIET_GIVEN_FEMALE,
    VIET_GIVEN_MALE,
    VIET_MIDDLE_FEMALE,
    VIET_MIDDLE_MALE,
)

TARGET_PERSONS = 1_000_000
TARGET_BATCH = 100_000
COUNTRY_SHARE = (("VN", 0.5), ("LA", 0.25), ("KH", 0.25))
SAMPLE_SIZE = 5000  # generated persons kept in memory to build queries from


# --- generated persons ----------------------------------------------------------------------


def generated_person(rng: random.Random, country: str, ref: str) -> dict[str, Any]:
    """One fictional person in the import format, named as people of `country` are."""
    male = rng.random() < 0.7  # most persons of interest in the seed cases are men
    if country == "VN":
        family = rng.choices([f for f, _ in VIET_FAMILY], [w for _, w in VIET_FAMILY])[0]
        middle = rng.choice([m for m, _ in (VIET_MIDDLE_MALE if male else VIET_MIDDLE_FEMALE)])
        given = rng.choice(VIET_GIVEN_MALE if male else VIET_GIVEN_FEMALE)
        names = [f"{family} {middle} {given}"]
    elif country == "LA":
        given = rng.choice(LAO_GIVEN_MALE if male else LAO_GIVEN_FEMALE)
        family = rng.choice(LAO_FAMILY)
        names = [f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"]
    else:
        given = rng.choice(KHMER_GIVEN_MALE if male else KHMER_GIVEN_FEMALE)
        family = rng.choice(KHMER_FAMILY)
        names = [f"{family[0]} {given[0]}"]
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    precision = rng.random()
    if precision < 0.7:
        birth_date = born.isoformat()
    elif precision < 0.85:
        birth_date = f"{born.year:04d}-{born.month:02d}"
    elif precision < 0.95:
        birth_date = f"{born.year:04d}"
    else:
        birth_date = None
    documents = []
    if rng.random() < 0.3:
        documents.append(
            {
                "type": rng.choice(["passport", "national_id"]),
                "number": f"{country}{rng.randrange(10**9):09d}",
                "country": country,
            }
        )
    return {
        "ref": ref,
        "names": names,
        "birth_date": birth_date,
        "nationality": country,
        "sex": "M" if male else "F",
        "id_numbers": documents,
        "status": rng.choice([[], [], ["subject"], ["wanted"], ["arrested"]]),
    }


def owner_agencies(world: World) -> dict[str, int]:
    """The province of each country that owns its generated persons."""
    return {country: world.agencies["province"][country][0] for country, _ in COUNTRY_SHARE}


import_cpu_seconds: list[float] = []  # CPU time of the last timed import (this process)


def import_registry(
    *, world: World, persons: int, seed: int, progress
) -> tuple[float | None, list[dict[str, Any]]]:
    """Import `persons` generated persons (skipped if the registry already holds them).

    Returns the import's wall time (None when reused) and a sample of the persons, from
    which the screening queries are built (regenerated identically on a reused run)."""
    from liaison.agencies.models import Agency
    from liaison.registry.models import Person
    from liaison.registry.services import persons_import

    rng = random.Random(seed)
    owners = owner_agencies(world)
    existing = Person.objects.filter(owner_agency_id__in=owners.values()).count()
    if existing and existing != persons:
        raise SystemExit(
            f"The benchmark registry holds {existing} persons, not {persons}: "
            "run again with --fresh."
        )
    sample: list[dict[str, Any]] = []
    files: list[tuple[int, bytes]] = []
    seen = 0
    for country, share in COUNTRY_SHARE:
        count = round(persons * share) if country != "KH" else persons - seen
        lines = []
        for n in range(count):
            person = generated_person(rng, country, f"{country}-{n:07d}")
            lines.append(json.dumps(person, ensure_ascii=False))
            seen += 1
            # reservoir sample: queries come from the whole registry, not its start
            if len(sample) < SAMPLE_SIZE:
                sample.append(person)
            elif (slot := rng.randrange(seen)) < SAMPLE_SIZE:
                sample[slot] = person
        files.append((owners[country], "\n".join(lines).encode()))
        del lines
    if existing:
        return None, sample
    started, started_cpu = time.perf_counter(), time.process_time()
    for agency_id, data in files:
        agency = Agency.objects.get(pk=agency_id)
        result = persons_import(
            actor=None, agency=agency, file=data, format="jsonl", filename="bench.jsonl"
        )
        progress(f"imported {result.created:,} persons for {agency.code}")
    # SQLite works inside this process: its CPU time is the wall time of an idle machine
    import_cpu_seconds.append(time.process_time() - started_cpu)
    return time.perf_counter() - started, sample


# --- queries ------------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    from liaison.registry.matching import fold

    return fold(text)


def screening_queries(rng: random.Random, sample: list[dict[str, Any]], count: int) -> list[dict]:
    """Queries as officers send them: a known person written another way (upper case,
    without diacritics, the romanization, words reordered), or someone not registered."""
    queries = []
    for n in range(count):
        if rng.random() < 0.2:
            person = generated_person(rng, rng.choice(["VN", "LA", "KH"]), f"new-{n}")
            person["birth_date"] = None if rng.random() < 0.5 else person["birth_date"]
        else:
            person = dict(rng.choice(sample))
        name = rng.choice(person["names"])
        variant = rng.random()
        if variant < 0.3:
            name = name.upper()
        elif variant < 0.6:
            name = _strip_marks(name)
        elif variant < 0.8:
            name = " ".join(reversed(name.split()))
        query = {"ref": f"q{n}", "names": [name], "birth_date": person["birth_date"]}
        if rng.random() < 0.5:
            query["nationality"] = person["nationality"]
        if person["id_numbers"] and rng.random() < 0.3:
            query["id_numbers"] = person["id_numbers"]
        queries.append(query)
    return queries


# --- measurements -------------------------------------------------------------------------


def measure_single(actor, queries: list[dict]) -> tuple[list[float], list[float], float]:
    """Wall and CPU milliseconds per screened record, and the mean number of candidates.

    SQLite runs inside this process, so on a busy machine the CPU time is what the wall
    time would be on an idle one (PostgreSQL's own work is not in it)."""
    from liaison.registry.screening import Screener

    screener = Screener(actor=actor)
    for query in queries[:5]:  # warm-up: connection, caches
        screener.screen(query)
    latencies, cpu, found = [], [], 0
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = screener.screen(query)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        found += len(result["candidates"])
    return latencies, cpu, found / max(1, len(queries))


def measure_batch(queries: list[dict], *, workers: int) -> tuple[float, float]:
    """Wall seconds to screen `queries` in one `screen_records` call with `workers`
    processes, and the CPU seconds of this process and its workers together."""
    import resource

    from liaison.registry.screening import screen_records

    def cpu() -> float:
        usage = [
            resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        ]
        return sum(u.ru_utime + u.ru_stime for u in usage)

    started, started_cpu = time.perf_counter(), cpu()
    results = screen_records(actor=None, records=queries, top=10, workers=workers)
    assert len(results) == len(queries)
    return time.perf_counter() - started, cpu() - started_cpu


def run(
    *,
    world: World,
    persons: int,
    queries: int,
    batch: int,
    workers: int = 2,
    seed: int = 7,
    progress=print,
) -> list[Figure]:
    from liaison.registry.models import NameKey, Person

    import_seconds, sample = import_registry(
        world=world, persons=persons, seed=seed, progress=progress
    )
    rss_after_import = peak_rss_mb()
    scale = TARGET_PERSONS / persons
    figures = [
        Figure("persons in the registry", float(Person.objects.count()), "persons"),
        Figure("matching keys in the registry", float(NameKey.objects.count()), "keys"),
    ]
    if import_seconds is None:
        figures.append(
            Figure("import", None, "s", note="registry reused: run with --fresh to time it")
        )
    else:
        figures.append(
            Figure(
                f"import of {persons:,} persons",
                import_seconds,
                "s",
                target=600 * persons / TARGET_PERSONS,
                note="target scaled to this size" if persons != TARGET_PERSONS else "",
            )
        )
        figures.append(Figure(f"import of {persons:,} persons, CPU", import_cpu_seconds[-1], "s"))
        figures.append(Figure("import throughput", persons / import_seconds, "persons/s"))
        if persons != TARGET_PERSONS:
            figures.append(
                Figure(
                    "import of 1,000,000 persons (EXTRAPOLATED)",
                    import_seconds * scale,
                    "s",
                    target=600,
                    note=f"linear extrapolation from {persons:,}, not measured",
                )
            )
        figures.append(Figure("peak memory after import", rss_after_import, "MB"))
    progress("screening one record at a time")
    rng = random.Random(seed + 1)
    single = screening_queries(rng, sample, queries)
    size_note = "" if persons == TARGET_PERSONS else f"against {persons:,} persons"
    for label, actor in (
        ("whole registry", None),
        ("VN provincial officer", world.officers["VN province"]),
    ):
        latencies, cpu, found = measure_single(actor, single)
        figures += [
            Figure(
                f"screen one record p50 ({label})",
                percentile(latencies, 0.5),
                "ms",
                target=10,
                note=size_note,
            ),
            Figure(
                f"screen one record p99 ({label})",
                percentile(latencies, 0.99),
                "ms",
                target=100,
                note=size_note,
            ),
            Figure(f"screen one record p50 CPU ({label})", percentile(cpu, 0.5), "ms"),
            Figure(f"screen one record p99 CPU ({label})", percentile(cpu, 0.99), "ms"),
            Figure(f"candidates per record ({label})", found, "candidates"),
        ]
    progress(f"batch screening of {batch:,} records, {workers} process(es)")
    seconds, cpu_seconds = measure_batch(screening_queries(rng, sample, batch), workers=workers)
    processes = f"{workers} processes" if workers > 1 else "one process"
    label = f"batch screening of {batch:,} records ({processes})"
    target = 300 if batch == TARGET_BATCH else None
    note = size_note if workers <= 2 else f"{workers} processes: the target allows two cores"
    figures.append(Figure(label, seconds, "s", target=target, note=note))
    figures.append(
        Figure(f"batch screening of {batch:,} records, CPU (all processes)", cpu_seconds, "s")
    )
    figures.append(Figure("batch screening throughput", batch / seconds, "records/s"))
    if batch != TARGET_BATCH:
        figures.append(
            Figure(
                f"batch screening of 100,000 records (EXTRAPOLATED, {processes})",
                seconds * TARGET_BATCH / batch,
                "s",
                target=300,
                note=f"linear from {batch:,} records" + (size_note and f"; {size_note}"),
            )
        )
    figures.append(Figure("peak memory (whole run)", peak_rss_mb(), "MB", target=2048))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = base_arguments(__doc__.splitlines()[0])
    parser.set_defaults(agencies=200)
    parser.add_argument("--persons", type=int, default=TARGET_PERSONS)
    parser.add_argument("--queries", type=int, default=1000, help="records screened one by one")
    parser.add_argument("--batch", type=int, default=10_000, help="records screened in a batch")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes of the batch screening (two cores)"
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL") and not os.environ.get("LIAISON_VAR_DIR"):
        os.environ["LIAISON_VAR_DIR"] = str(REPO_ROOT / "var" / "bench" / "registry")
    setup_django(fresh=args.fresh)
    logging.disable(logging.WARNING)  # the audit of a 1M-row import is one event anyway
    world = ensure_world(args.agencies)
    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    figures = run(
        world=world,
        persons=args.persons,
        queries=args.queries,
        batch=args.batch,
        workers=args.workers,
        progress=progress,
    )
    report(
        "Registry benchmark (issue #4)",
        figures,
        results_name=f"registry-{results_suffix()}",
        facts={
            "persons": f"{args.persons:,} (VN 50 %, LA 25 %, KH 25 %; 30 % with a document)",
            "records screened one by one": f"{args.queries:,} per actor",
            "cores": (
                f"one process; the batch screening {args.workers} process(es); "
                "niced (run under nice -n 10)"
            ),
        },
    )
    return 1 if any(f.status == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
