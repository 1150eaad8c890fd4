"""The six-month review report over a large partnership: DOCX, PDF and XLSX.

Target (issue #6, "Figures"): a six-month review report over a partnership with 10,000
incidents, 20,000 messages and 500 activities renders as DOCX in <= 5 s, PDF <= 15 s and
XLSX <= 5 s.

The data is generated once (bulk_create, fixed seed) for the Viet Nam – Laos ministerial
partnership of the generated world (bench/common.py), so every province, district and
border post of both countries is inside a party's subtree: 10,000 incidents with their
items and arrests over 2023-07 .. 2025-06 in the border provinces of both sides, 20,000
messages (requests, verifications, alerts, notifications and the replies) with their
recipient parts and clocks between the agencies of both sides at every level, two
agreements with 30 commitments, 500 activities fulfilling them, four conferences and a
dozen joint cases with participants on both sides. Then `render_review_report()` is
timed for 2024-01-01 .. 2024-06-30 in each format, in Vietnamese and in Lao, median of
--repeats runs (compile and render together: what a user waits for). SQLite lives in
var/bench/review/ and is kept between runs; --fresh rebuilds it.

The code lives in bench/review/ (partnership.py, generate.py, cooperation.py: the data;
figures.py: the timed reports); this script is the command line.

Run: nice -n 10 .venv/bin/python bench/bench_review_report.py [--fresh]
     [--only docx,pdf,xlsx] [--languages vi,lo] [--repeats 3]
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
from bench.review.figures import FORMATS, run
from bench.review.partnership import FIRST_DAY, LAST_DAY, PERIOD, the_partnership

# the smoke test (liaison/cooperation/tests/test_bench_smoke.py) drives the benchmark
# from here
__all__ = ["PERIOD", "main", "run", "the_partnership"]


def main(argv: list[str] | None = None) -> int:
    parser = base_arguments(__doc__.splitlines()[0])
    parser.set_defaults(agencies=200, repeats=3)
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--languages", default="vi,lo")
    parser.add_argument(
        "--whole-range",
        action="store_true",
        help="also time a report over the whole generated range (all the data in one report)",
    )
    parser.add_argument("--only", default=",".join(FORMATS), help=f"subset of {FORMATS}")
    args = parser.parse_args(argv)
    formats = tuple(p.strip() for p in args.only.split(",") if p.strip())
    if unknown := set(formats) - set(FORMATS):
        parser.error(f"--only: unknown formats {sorted(unknown)}; choose from {FORMATS}")
    languages = tuple(p.strip() for p in args.languages.split(",") if p.strip())
    if not os.environ.get("DATABASE_URL") and not os.environ.get("LIAISON_VAR_DIR"):
        os.environ["LIAISON_VAR_DIR"] = str(REPO_ROOT / "var" / "bench" / "review")
    setup_django(fresh=args.fresh)
    world = ensure_world(args.agencies)
    figures = run(
        world=world,
        incidents=args.incidents,
        messages=args.messages,
        activities=args.activities,
        repeats=args.repeats,
        formats=formats,
        languages=languages,
        whole_range=args.whole_range,
    )
    report(
        "Review report benchmark (issue #6)",
        figures,
        results_name=f"review-{results_suffix()}"
        + ("" if set(formats) == set(FORMATS) else "-" + "-".join(formats)),
        facts={
            "agencies": str(args.agencies),
            "data period": f"{FIRST_DAY} .. {LAST_DAY}",
            "report period": f"{PERIOD[0]} .. {PERIOD[1]}",
            "languages": ", ".join(languages),
            "timed runs per figure": f"{args.repeats} (after one warm-up run)",
        },
    )
    return 1 if any(f.status == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
