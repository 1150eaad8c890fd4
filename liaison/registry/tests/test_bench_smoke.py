"""bench/bench_registry.py runs end to end on a tiny registry, so it cannot rot.

The figures are not asserted (sizes are far too small); what is asserted is that the
generated persons import through the real service, that screening finds them and that
every figure is measured and the table renders.
"""

from __future__ import annotations

import random

import pytest

from bench import bench_registry
from bench.common import ensure_world, render_table
from liaison.registry.models import Person
from liaison.registry.screening import screen_records

pytestmark = pytest.mark.django_db


def test_generated_persons_are_valid_in_every_script():
    rng = random.Random(3)
    for country in ("VN", "LA", "KH"):
        person = bench_registry.generated_person(rng, country, f"{country}-1")
        assert person["names"] and person["nationality"] == country


def test_registry_bench_runs_on_a_tiny_registry():
    world = ensure_world(40)
    figures = bench_registry.run(
        world=world, persons=60, queries=6, batch=8, progress=lambda message: None
    )
    assert Person.objects.count() == 60
    by_name = {f.name: f for f in figures}
    assert by_name["persons in the registry"].value == 60
    assert by_name["import of 60 persons"].value > 0
    assert "import of 1,000,000 persons (EXTRAPOLATED)" in by_name
    assert by_name["screen one record p50 (whole registry)"].value > 0
    assert by_name["peak memory (whole run)"].status in {"PASS", "FAIL"}
    assert all(f.value is not None for f in figures)
    assert "Registry" in render_table("Registry", figures, {"persons": "60"})

    # a generated person written another way is found again
    person = Person.objects.prefetch_related("names").first()
    name = person.names.all()[0].text.upper()
    [result] = screen_records(actor=None, records=[{"ref": "q", "names": [name]}])
    assert person.pk in [c["id"] for c in result["candidates"]]
