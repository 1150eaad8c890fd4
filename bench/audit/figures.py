"""The timed figures of the audit trail: the write overhead, the first page of the list
(HTML and API) and verify."""

from __future__ import annotations

import logging
import time
from typing import Any

from bench.audit.generate import ensure_events
from bench.common import Figure, Samples, World, ensure_world, measure

TARGET_WRITE_MS = 2.0
TARGET_PAGE_MS = 200.0
TARGET_VERIFY_S = 60.0
HTML_LIST = ("audit_list", "/audit/")
API_LIST = ("api-audit-event-list", "/api/v1/audit-events/")


def measure_audit_write(world: World, *, repeats: int) -> list[Figure]:
    """audit_record() alone, and a real service with and without its audit write."""
    from unittest import mock

    from django.db import transaction

    from liaison.agencies import services
    from liaison.agencies.models import Agency, HotlineContact
    from liaison.core.audit.services import Action, audit_record

    officer = world.officers["VN province"]

    def audit_only(i) -> None:
        with transaction.atomic():
            audit_record(
                actor=officer,
                action=Action.UPDATE,
                object_type="exchange.message",
                object_id=i,
                object_repr=f"message {i}",
                verb="bench",
                changes={"status": ["sent", "acknowledged"]},
            )

    counter = iter(range(10**9))
    alone = measure(audit_only, repeats=repeats, prepare=lambda _i: next(counter))

    admin = world.agency_admin
    agency = Agency.objects.get(pk=admin.agency_id)

    def add_contact(i: int) -> None:
        services.contact_add(
            actor=admin,
            agency=agency,
            channel="phone",
            value=f"+84 235 38{i:05d}",
            label="Trực ban PCMT",
        )

    # interleave both variants so drift (other processes, page cache) hits both alike
    timings: dict[str, list[float]] = {"with": [], "without": [], "cpu with": [], "cpu without": []}
    no_audit = mock.patch.object(services, "audit_record", lambda **_kw: None)
    warmup = 2
    for i in range(repeats + warmup):
        wall, cpu = time.perf_counter_ns(), time.process_time_ns()
        add_contact(2 * i)
        wall_mid, cpu_mid = time.perf_counter_ns(), time.process_time_ns()
        with no_audit:
            add_contact(2 * i + 1)
        wall_end, cpu_end = time.perf_counter_ns(), time.process_time_ns()
        if i >= warmup:
            timings["with"].append((wall_mid - wall) / 1e6)
            timings["without"].append((wall_end - wall_mid) / 1e6)
            timings["cpu with"].append((cpu_mid - cpu) / 1e6)
            timings["cpu without"].append((cpu_end - cpu_mid) / 1e6)
    HotlineContact.objects.filter(agency=agency, label="Trực ban PCMT").delete()
    with_s = Samples(tuple(timings["with"]), tuple(timings["cpu with"]))
    without_s = Samples(tuple(timings["without"]), tuple(timings["cpu without"]))
    overhead = with_s.median - without_s.median
    cpu_overhead = (with_s.cpu_median or 0) - (without_s.cpu_median or 0)
    return [
        Figure(
            "audit_record() in its own transaction",
            alone.median,
            "ms",
            # information only: the figure includes the commit's fsync (SQLite
            # synchronous=FULL), which a request pays once for its own write anyway;
            # the target applies to the overhead below
            None,
            f"p95 {alone.p95:.3f} ms, CPU median {alone.cpu_median:.3f} ms, commit included",
        ),
        Figure(
            "audit overhead per request (contact_add)",
            overhead,
            "ms",
            TARGET_WRITE_MS,
            f"median with audit {with_s.median:.3f} ms (p95 {with_s.p95:.3f}) - "
            f"without {without_s.median:.3f} ms (p95 {without_s.p95:.3f}); "
            f"CPU overhead {cpu_overhead:.3f} ms",
        ),
    ]


def _list_path(name: str, fallback: str) -> str | None:
    """The URL of a list view if it is wired up, else None."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        pass
    try:
        resolve(fallback)
    except Resolver404:
        return None
    return fallback


def _explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cur:
        cur.execute(prefix + sql)
        rows = cur.fetchall()
    return "\n".join("    " + " | ".join(str(c) for c in row) for row in rows)


def _slowest_query(queries: list[dict]) -> tuple[float, str] | None:
    """Re-run each SELECT with fetchall: the captured time stops before the rows are
    fetched, and SQLite does most of a scan while fetching."""
    from django.db import connection

    timed = []
    for query in queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cur:
            start = time.perf_counter()
            cur.execute(sql)
            cur.fetchall()
            timed.append(((time.perf_counter() - start) * 1000, sql))
    return max(timed, default=None)


def _page_cases(world: World, *, filtered: bool) -> list[tuple[str, Any, dict[str, str]]]:
    """(who, user, filter parameters): the first pages an auditor really opens."""
    from liaison.agencies.models import Agency

    auditor = world.auditors["VN"]
    district = world.officers["VN district"].agency_id
    other_country = Agency.objects.filter(country_id="KH").values_list("pk", flat=True).first()
    cases = [
        ("VN auditor", auditor, {}),
        ("platform admin", world.platform_admin, {}),
    ]
    if not filtered:
        return cases
    return [
        *cases,
        ("VN auditor, agency filter", auditor, {"agency": str(district)}),
        ("VN auditor, action=export", auditor, {"action": "export"}),
        # an agency with no event in the auditor's country: the worst case of a filter
        ("VN auditor, agency filter without match", auditor, {"agency": str(other_country)}),
    ]


def measure_list_pages(
    world: World, *, repeats: int, filtered: bool = True
) -> tuple[list[Figure], str]:
    """First page of the audit list, HTML and API, as an auditor and a platform admin,
    unfiltered (the figure of the issue) and with the common filters."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    figures: list[Figure] = []
    appendix: list[str] = []
    for kind, (name, fallback), headers in (
        ("HTML", HTML_LIST, {}),
        ("API", API_LIST, {"HTTP_ACCEPT": "application/json"}),
    ):
        path = _list_path(name, fallback)
        for who, user, params in _page_cases(world, filtered=filtered):
            if kind == "HTML" and who.endswith("without match"):
                continue  # the HTML form only offers the auditor's own country's agencies
            label = f"audit list first page, {kind} {fallback}, {who}"
            if path is None:
                figures.append(
                    Figure(
                        label,
                        None,
                        "ms",
                        TARGET_PAGE_MS,
                        "not available: the URL does not resolve yet",
                    )
                )
                continue
            client = Client(raise_request_exception=False, HTTP_HOST="localhost")
            client.force_login(user)
            # a view still being built may fail: report it instead of logging tracebacks
            request_logger = logging.getLogger("django.request")
            level, request_logger.level = request_logger.level, logging.CRITICAL
            try:
                response = client.get(path, params, **headers)
            finally:
                request_logger.setLevel(level)
            if response.status_code != 200:
                error = getattr(response, "exc_info", None)
                detail = f" ({error[0].__name__}: {error[1]})" if error else ""
                figures.append(
                    Figure(
                        label,
                        None,
                        "ms",
                        TARGET_PAGE_MS,
                        f"not available: HTTP {response.status_code}{detail}",
                    )
                )
                continue
            samples = measure(
                lambda _a, c=client, p=path, q=params, h=headers: c.get(p, q, **h),
                repeats=repeats,
                warmup=min(2, repeats),
            )
            with CaptureQueriesContext(connection) as captured:
                client.get(path, params, **headers)
            slowest = _slowest_query(captured.captured_queries)
            note = (
                f"p95 {samples.p95:.1f} ms; CPU median {samples.cpu_median:.1f} ms; "
                f"{len(captured)} queries"
            )
            if slowest is not None:
                note += f", slowest {slowest[0]:.1f} ms"
            figure = Figure(label, samples.median, "ms", TARGET_PAGE_MS, note)
            figures.append(figure)
            if slowest is not None and (figure.status == "FAIL" or slowest[0] > 20):
                appendix.append(
                    f"{label}: slowest query ({slowest[0]:.1f} ms)\n"
                    f"    {slowest[1][:700]}\n  plan:\n{_explain(slowest[1])}"
                )
    return figures, "\n\n".join(appendix)


def measure_verify() -> list[Figure]:
    from liaison.core.audit.verify import verify_trail

    start, start_cpu = time.perf_counter(), time.process_time()
    checked, problems = verify_trail()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - start_cpu
    if problems:
        return [
            Figure(
                "audit verify",
                None,
                "s",
                TARGET_VERIFY_S,
                f"chain reported problems: {problems[:3]}",
            )
        ]
    return [
        Figure(
            f"audit verify over {checked:,} events",
            seconds,
            "s",
            TARGET_VERIFY_S,
            # single-threaded: the CPU time is what the wall time is on an idle machine
            f"{checked / seconds:,.0f} events/s; CPU {cpu_seconds:.1f} s; no problems",
        )
    ]


def run(
    *,
    world: World | None = None,
    events: int = 1_000_000,
    repeats: int = 200,
    page_repeats: int = 20,
    verify: bool = True,
    progress: bool = True,
    filtered_pages: bool = True,
) -> tuple[list[Figure], str]:
    world = world or ensure_world()
    _total, generation_seconds = ensure_events(events, world, progress=progress)
    figures: list[Figure] = []
    if generation_seconds:
        figures.append(
            Figure("generating the trail", generation_seconds, "s", note=f"{events:,} events")
        )
    figures += measure_audit_write(world, repeats=repeats)
    page_figures, appendix = measure_list_pages(
        world, repeats=page_repeats, filtered=filtered_pages
    )
    figures += page_figures
    if verify:
        figures += measure_verify()
    return figures, appendix
