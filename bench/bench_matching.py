"""Pure-Python timing of the matching core on a generated in-memory registry.

    .venv/bin/python bench/bench_matching.py --persons 100000 --queries 2000

Measures building the index (keys + postings, what the Django import will store),
candidate generation and scoring per screened record (p50/p99), and peak memory.
This is the in-memory reference; the issue's 1,000,000-person figures are for the
database-backed registry, which mirrors `record_keys` / `query_plan` with a table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, percentile
from liaison.registry.matching.index import MatchIndex
from liaison.registry.matching.keys import person_record
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


def random_person(rng: random.Random, n: int) -> dict:
    country = rng.choice(["VN", "VN", "LA", "KH"])
    dob = date(1955, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    if country == "VN":
        family = rng.choices([f for f, _ in VIET_FAMILY], [w for _, w in VIET_FAMILY])[0]
        male = rng.random() < 0.5
        middle = rng.choice([m for m, _ in (VIET_MIDDLE_MALE if male else VIET_MIDDLE_FEMALE)])
        given = rng.choice(VIET_GIVEN_MALE if male else VIET_GIVEN_FEMALE)
        names = [f"{family} {middle} {given}"]
    elif country == "LA":
        given = rng.choice(LAO_GIVEN_MALE + LAO_GIVEN_FEMALE)
        family = rng.choice(LAO_FAMILY)
        names = [f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"]
    else:
        given = rng.choice(KHMER_GIVEN_MALE + KHMER_GIVEN_FEMALE)
        family = rng.choice(KHMER_FAMILY)
        names = [f"{family[0]} {given[0]}"]
    return {"id": n, "names": names, "birth_date": dob.isoformat(), "nationalities": [country]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    rows = [random_person(rng, n) for n in range(args.persons)]
    started = time.perf_counter()
    index = MatchIndex()
    for row in rows:
        index.add(person_record(**row))
    build = time.perf_counter() - started

    latencies: list[float] = []
    candidates: list[int] = []
    for _ in range(args.queries):
        row = dict(rng.choice(rows))
        row["id"] = "q"
        row["names"] = [rng.choice(row["names"]).upper()]
        query = person_record(**row)
        t0 = time.perf_counter()
        candidates.append(len(index.candidates(query)))
        index.screen(query, top=10)
        latencies.append((time.perf_counter() - t0) * 1000)

    peak_mb = peak_rss_mb()
    print(f"persons                 {args.persons:>10,}")
    print(f"index build             {build:>10.1f} s  ({args.persons / build:,.0f} persons/s)")
    print(f"postings keys           {len(index.postings):>10,}")
    print(f"candidates per query    {statistics.mean(candidates):>10.1f}")
    print(f"screen one record p50   {percentile(latencies, 0.50):>10.2f} ms")
    print(f"screen one record p99   {percentile(latencies, 0.99):>10.2f} ms")
    print(f"peak memory (RSS)       {peak_mb:>10.0f} MB")


if __name__ == "__main__":
    main()
