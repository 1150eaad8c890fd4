"""The benchmarks in bench/ run end to end on a tiny world, so they cannot rot.

The figures themselves are not asserted (sizes are far too small); what is asserted is
that each benchmark measures something, that the generated trail chains correctly onto
the real one and that the result table renders.
"""

from __future__ import annotations

import pytest

from bench import bench_audit, bench_exchange, bench_scope
from bench.common import Figure, ensure_world, plan_tree, render_table
from liaison.core.audit.services import Action, audit_record
from liaison.core.audit.verify import verify_trail
from liaison.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_tree_plan_adds_up_to_the_requested_size():
    provinces, districts, posts = plan_tree(2000)
    assert (provinces, districts) == (60, 8)
    assert 3 * (1 + 4) + 3 * provinces * (1 + districts) + posts == 2000


def test_scope_bench_runs_on_a_small_tree():
    world = ensure_world(40)
    figures = bench_scope.run(world=world, repeats=3)
    warm = [f for f in figures if f.name.startswith("get_scope warm")]
    assert len(warm) == 3 * 5 + 1 + 1  # each level of each country, the admin, the median
    assert all(f.value is not None and f.value > 0 for f in figures)


def test_audit_bench_generates_a_valid_chain_and_measures():
    world = ensure_world(40)
    # an event written the normal way first: the generated rows must chain onto it
    audit_record(
        actor=world.officers["VN province"], action=Action.UPDATE, object_type="x", object_id=1
    )
    figures, _appendix = bench_audit.run(
        world=world,
        events=300,
        repeats=3,
        page_repeats=1,
        progress=False,
        filtered_pages=False,
    )
    assert AuditEvent.objects.count() >= 300
    checked, problems = verify_trail()
    assert problems == [] and checked == AuditEvent.objects.count()
    by_name = {f.name: f for f in figures}
    assert by_name["audit_record() in its own transaction"].value > 0
    assert "audit overhead per request (contact_add)" in by_name
    verify = next(f for f in figures if f.name.startswith("audit verify"))
    assert verify.value is not None, verify.note
    pages = [f for f in figures if f.name.startswith("audit list")]
    assert pages and all(f.value is not None or f.note.startswith("not available") for f in pages)


def test_result_table_marks_pass_fail_and_missing():
    text = render_table(
        "t",
        [
            Figure("fast", 1.0, "ms", 2.0),
            Figure("slow", 3.0, "ms", 2.0),
            Figure("absent", None, "ms", 2.0, "not available"),
            Figure("info", 5.0, "s"),
        ],
        {"database": "x"},
    )
    lines = {line.split()[0]: line for line in text.splitlines() if line[:1].isalpha()}
    assert "PASS" in lines["fast"] and "FAIL" in lines["slow"]
    assert "N/A" in lines["absent"] and "info" in lines["info"]


def test_exchange_bench_generates_searchable_messages_and_measures():
    from liaison.exchange import selectors
    from liaison.exchange.models import Message, Recipient

    world = ensure_world(40)
    figures = bench_exchange.run(world=world, messages=300, repeats=1, send_count=3, progress=False)
    assert Message.objects.count() == 303  # the generated ones and the ones sent
    assert Recipient.objects.filter(message__sender_agency__code__startswith="bench-").exists()
    # the generated search column is the real folding: found without diacritics, in scope
    officer = world.officers["LA province"]
    everything = selectors.inbox(user=officer)
    expected = {p.message_id for p in everything if "ຢາບ້າ" in p.message.search_text}
    assert expected and {p.message_id for p in selectors.inbox(user=officer, q="ຢາບ້າ")} == expected
    assert Message.objects.filter(selectors.search_q("nguyen van")).exists()
    by_name = {f.name: f for f in figures}
    inbox = by_name["inbox first page, API, VN province (p95)"]
    assert inbox.value is not None and inbox.value > 0, inbox.note
    searches = [f for f in figures if f.name.startswith("search,")]
    assert len(searches) == 2 * len(bench_exchange.SEARCHES)
    assert all(f.value is not None for f in searches), [f.note for f in searches]
    sending = by_name["sending through message_compose, with audit"]
    assert sending.value > 0 and sending.status in {"PASS", "FAIL"}


def test_throughput_figures_pass_above_their_target():
    assert Figure("rate", 120.0, "/s", 100.0, higher_is_better=True).status == "PASS"
    assert Figure("rate", 80.0, "/s", 100.0, higher_is_better=True).status == "FAIL"
