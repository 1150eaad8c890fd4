"""Visible-agency computation with 2,000 agencies (target: <= 1 ms median per user).

Measured per user level (ministry, department, province, district, border post, for each
country, plus a platform admin):

- warm: `get_scope(user)` on a fresh user object (no per-request memo), the process tree
  cache warm: the steady state of every request (includes the scope-version query);
- cold: the pure `compute_scope()` on the cached tree, without the per-agency cache;
- tree load: `_load_tree()` + `compute_scope()`, what the first request after an
  agency or partnership change pays in each process;
- first page of `Agency.objects.visible_to(user)` (50 rows, default ordering).

Run: .venv/bin/python bench/bench_scope.py [--fresh] [--agencies 2000] [--repeats 200]
"""

from __future__ import annotations

import copy
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Figure,
    Samples,
    World,
    base_arguments,
    ensure_world,
    measure,
    report,
    results_suffix,
    setup_django,
)

TARGET_SCOPE_MS = 1.0
PAGE_SIZE = 50


def _fresh(user):
    """A copy of the user without the per-request scope memo, like a new request's user."""
    clone = copy.copy(user)
    clone.__dict__.pop("_liaison_scope", None)
    return clone


def run(
    *, world: World | None = None, total_agencies: int = 2000, repeats: int = 200
) -> list[Figure]:
    from liaison.agencies.models import Agency
    from liaison.core import access
    from liaison.core.scope import compute_scope

    world = world or ensure_world(total_agencies)
    users = {
        label.replace("_", " "): user
        for label, user in {**world.officers, "platform admin": world.platform_admin}.items()
    }
    figures: list[Figure] = []

    tree = access.get_tree()
    warm_medians: list[float] = []
    for label, user in users.items():
        access.get_scope(_fresh(user))  # warm this agency's entry in the process cache
        warm = measure(access.get_scope, repeats=repeats, prepare=lambda _i, u=user: _fresh(u))
        warm_medians.append(warm.median)
        scope = access.get_scope(_fresh(user))
        size = len(scope.own_subtree | scope.partner_subtree)
        figures.append(
            Figure(
                f"get_scope warm, {label}",
                warm.median,
                "ms",
                TARGET_SCOPE_MS,
                f"p95 {warm.p95:.3f} ms; CPU median {warm.cpu_median:.3f} ms; "
                f"own+partner subtrees {size} agencies",
            )
        )
    figures.append(
        Figure(
            "get_scope warm, median over all users",
            statistics.median(warm_medians),
            "ms",
            TARGET_SCOPE_MS,
        )
    )

    cold_all: list[float] = []
    for label, user in users.items():
        cold = measure(
            lambda _arg, u=user: compute_scope(tree, u.agency_id, is_platform_admin=u.is_superuser),
            repeats=max(5, repeats // 4),
        )
        cold_all.extend(cold.values)
        if label.endswith(("ministry", "province", "border post")):
            figures.append(
                Figure(
                    f"compute_scope cold (no cache), {label}",
                    cold.median,
                    "ms",
                    note=f"p95 {cold.p95:.3f} ms",
                )
            )
    cold_samples = Samples(tuple(cold_all))
    figures.append(
        Figure(
            "compute_scope cold, all users",
            cold_samples.median,
            "ms",
            note=f"p95 {cold_samples.p95:.3f} ms",
        )
    )

    sample_user = world.officers["VN province"]

    def reload_and_compute(_arg) -> None:
        fresh_tree = access._load_tree()
        compute_scope(fresh_tree, sample_user.agency_id)

    reload = measure(reload_and_compute, repeats=max(3, repeats // 20), warmup=1)
    figures.append(
        Figure(
            "tree load + compute after an agency change",
            reload.median,
            "ms",
            note=f"once per process per change; {len(tree.nodes)} agencies in tree",
        )
    )

    for label in ("VN ministry", "VN province", "LA border post", "platform admin"):
        user = users[label]

        def first_page(u) -> None:
            rows = list(Agency.objects.visible_to(u)[:PAGE_SIZE])
            assert rows, "a user always sees at least their own agency"

        page = measure(
            first_page, repeats=max(5, repeats // 4), prepare=lambda _i, u=user: _fresh(u)
        )
        figures.append(
            Figure(
                f"Agency.visible_to first page ({PAGE_SIZE}), {label}",
                page.median,
                "ms",
                note=f"p95 {page.p95:.3f} ms",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    # unknown options belong to the other benchmarks (run_all.sh passes the same to all)
    args, _others = base_arguments(__doc__.splitlines()[0]).parse_known_args(argv)
    setup_django(fresh=args.fresh)
    world = ensure_world(args.agencies)
    figures = run(world=world, repeats=args.repeats)
    report(
        "Visible-agency computation",
        figures,
        results_name=f"scope-{results_suffix()}",
        facts={"agencies": str(world.total_agencies), "repeats": str(args.repeats)},
    )
    return 1 if any(f.status == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
