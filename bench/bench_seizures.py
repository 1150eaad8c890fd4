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

The code lives in bench/seizures/ (generate.py: the ledger; figures.py: the timed
figures); this script is the command line.

Run: nice -n 10 .venv/bin/python bench/bench_seizures.py [--fresh] [--incidents 1000000]
     [--only stats,floor,import,map]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REPO_ROOT,
    base_arguments,
    ensure_world,
    report,
    results_suffix,
    setup_django,
)
from bench.seizures.figures import PARTS, STATS_FROM, STATS_TO, run, stats_query, stats_users
from bench.seizures.generate import FIRST_DAY, LAST_DAY

# the smoke test (liaison/seizures/tests/test_bench_smoke.py) drives the benchmark from here
__all__ = ["main", "run", "stats_query", "stats_users"]


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
