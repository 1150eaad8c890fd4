"""Audit trail with 1,000,000 events: write overhead, first page of the list, verify.

Targets (issue #2): audit write overhead per request <= 2 ms (median); first page of the
audit list <= 200 ms (HTML /audit/ and API /api/v1/audit-events/, as an auditor and as a
platform admin); `liaison audit verify` over 1,000,000 events <= 60 s.

The events are generated directly (correctly hash-chained, inserted in batches with raw
executemany) because AuditEvent.save() only accepts audit_record(); the database is kept
between runs (--fresh rebuilds it, --events sets the size).

The code lives in bench/audit/ (generate.py: the trail; figures.py: the timed figures);
this script is the command line.

Run: .venv/bin/python bench/bench_audit.py [--fresh] [--events 1000000] [--skip-verify]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.audit.figures import run
from bench.common import base_arguments, ensure_world, report, results_suffix, setup_django

# the smoke test (liaison/core/tests/test_bench_smoke.py) drives the benchmark from here
__all__ = ["main", "run"]


def main(argv: list[str] | None = None) -> int:
    parser = base_arguments(__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the trail")
    parser.add_argument("--page-repeats", type=int, default=20, help="timed requests per page")
    parser.add_argument("--skip-verify", action="store_true", help="do not time verify")
    args = parser.parse_args(argv)
    setup_django(fresh=args.fresh)
    world = ensure_world(args.agencies)
    figures, appendix = run(
        world=world,
        events=args.events,
        repeats=args.repeats,
        page_repeats=args.page_repeats,
        verify=not args.skip_verify,
    )
    report(
        "Audit trail",
        figures,
        results_name=f"audit-{results_suffix()}",
        facts={
            "events": f"{args.events:,} (+ those the timed writes add)",
            "agencies": str(world.total_agencies),
            "repeats": str(args.repeats),
        },
        appendix=appendix,
    )
    return 1 if any(f.status == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
