"""The registry demo: fictional persons written as each side writes them, found again
across scripts by the screening officers would run in the demo."""

from __future__ import annotations

import pytest

from liaison.agencies.demo import load_demo
from liaison.registry.models import Person
from liaison.registry.models_records import Location
from liaison.registry.screening import screen_records

pytestmark = pytest.mark.django_db


def test_demo_persons_are_found_across_scripts_and_linked_to_their_cases():
    load_demo()
    assert Person.objects.filter(ref__startswith="DEMO-").count() == 6
    assert set(
        Location.objects.filter(kind="border_gate").values_list("area__country_id", flat=True)
    ) == {"VN", "LA", "KH"}
    queries = [
        {"ref": "passport", "names": ["SOMPHONE KEOMANY"], "nationality": ["LA"]},
        {"ref": "request", "names": ["Le Van Thang"], "birth_date": "1979"},
        {"ref": "khmer", "names": ["Vanna Sok"]},
    ]
    results = {r["ref"]: r["candidates"] for r in screen_records(actor=None, records=queries)}
    expected = {"passport": "DEMO-LA-0031", "request": "DEMO-C04-001", "khmer": "DEMO-KH-0042"}
    for query, ref in expected.items():
        top = Person.objects.get(pk=results[query][0]["id"])
        assert top.ref == ref, (query, results[query][:2])
    supplier = Person.objects.get(ref="DEMO-LA-0031")
    assert supplier.names.first().text == "ສົມພອນ ແກ້ວມະນີ"  # kept as written
    assert supplier.case_links.get().case.code == "522H"
