"""bench/bench_seizures.py runs end to end on a tiny ledger, so it cannot rot.

The figures are not asserted (sizes are far too small); what is asserted is that the
generated ledger is valid for the roll-up and the statistics, that the roll-up and the
ledger agree on it, and that every figure is measured and the table renders.
"""

from __future__ import annotations

import pytest

from bench import bench_seizures
from bench.common import ensure_world, render_table
from liaison.seizures.models import Incident, SeizedItem
from liaison.seizures.selectors_stats import statistics

pytestmark = pytest.mark.django_db(transaction=False)


def test_seizures_bench_runs_on_a_tiny_ledger():
    world = ensure_world(40)
    figures = bench_seizures.run(
        world=world,
        incidents=300,
        repeats=2,
        import_rows=40,
        map_incidents=100,
        progress=lambda message: None,
    )
    assert Incident.objects.count() == 300
    assert 300 <= SeizedItem.objects.count() <= 1500
    by_name = {f.name: f for f in figures}
    stats = [f for f in figures if f.name.startswith("statistics drug x province")]
    assert len(stats) == 3 and all(f.value is not None and f.value > 0 for f in stats)
    assert "from the rollup" in stats[0].note
    assert by_name["DuckDB floor: the same grouping over the 3M item rows, p95"].value > 0
    [imported] = [f for f in figures if f.name.startswith("import of 40 rows")]
    assert imported.value is not None and imported.value > 0
    assert Incident.objects.count() == 300  # the import was rolled back
    assert "Seizure" in render_table("Seizure ledger", figures, {"incidents": "300"})

    # the generated ledger gives the same totals through the roll-up and the ledger
    query = bench_seizures.stats_query()
    for _label, user in bench_seizures.stats_users(world):
        from_rollup = statistics(user=user, query=query, path="rollup")
        from_ledger = statistics(user=user, query=query, path="ledger")
        assert from_rollup.groups == from_ledger.groups
