"""Audit trail with 1,000,000 events: write overhead, first page of the list, verify.

Targets (issue #2): audit write overhead per request <= 2 ms (median); first page of the
audit list <= 200 ms (HTML /audit/ and API /api/v1/audit-events/, as an auditor and as a
platform admin); `liaison audit verify` over 1,000,000 events <= 60 s.

The events are generated directly (correctly hash-chained, inserted in batches with raw
executemany) because AuditEvent.save() only accepts audit_record(); the database is kept
between runs (--fresh rebuilds it, --events sets the size).

Run: .venv/bin/python bench/bench_audit.py [--fresh] [--events 1000000] [--skip-verify]
"""

from __future__ import annotations

import logging
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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

TARGET_WRITE_MS = 2.0
TARGET_PAGE_MS = 200.0
TARGET_VERIFY_S = 60.0
BATCH = 10_000
EVENT_INTERVAL = timedelta(seconds=60)  # 1,000,000 events span about two years
HTML_LIST = ("audit_list", "/audit/")
API_LIST = ("api-audit-event-list", "/api/v1/audit-events/")

# (action, verb, object type, weight): roughly what a working day leaves in the trail
EVENT_MIX = [
    ("read", "person_read", "registry.person", 30),
    ("read", "message_read", "exchange.message", 15),
    ("update", "message_update", "exchange.message", 10),
    ("create", "message_send", "exchange.message", 8),
    ("update", "case_update", "cases.jointcase", 6),
    ("create", "incident_create", "seizures.incident", 5),
    ("export", "statistics_export", "seizures.incident", 3),
    ("login", "login", "agencies.user", 15),
    ("login_failed", "login", "", 3),
    ("update", "user_update", "agencies.user", 3),
    ("other", "totp_enable", "agencies.user", 2),
]
CHANGE_TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "create": [
        {
            "name": [None, "Nguyễn Văn Bình"],
            "status": [None, "subject"],
            "sharing": [None, "partners"],
        },
        {"subject": [None, "ຂໍ້ມູນກ່ຽວກັບຜູ້ຕ້ອງສົງໄສ"], "priority": [None, "high"]},
        {"drug_type": [None, "methamphetamine_tablets"], "quantity": [None, "12000"]},
    ],
    "update": [
        {"status": ["sent", "acknowledged"]},
        {"name": ["Trần Văn Hùng", "Trần Văn Hưng"], "aliases": [[], ["Hưng đen"]]},
        {"status": ["open", "expanded"], "participants": [[3, 7], [3, 7, 12]]},
        {"language": ["vi", "lo"]},
    ],
    "export": [{"format": "xlsx", "rows": 1250, "filters": {"year": 2025, "country": "VN"}}],
    "other": [{"totp": [False, True]}],
}


# --- Generating the trail ----------------------------------------------------------------


def _actor_pool(world: World) -> list[tuple[int, str, int, str]]:
    users = [*world.officers.values(), *world.auditors.values(), world.agency_admin]
    return [(u.pk, u.get_username(), u.agency_id, u.agency.country_id) for u in users]


_MIX_WEIGHTS = [m[3] for m in EVENT_MIX]


def _event_fields(rng: random.Random, actors, agencies_by_country, created_at: datetime):
    action, verb, object_type, _ = rng.choices(EVENT_MIX, weights=_MIX_WEIGHTS)[0]
    ip = f"10.{rng.randrange(3)}.{rng.randrange(8)}.{rng.randrange(1, 200)}"
    if action == "login_failed":  # no actor: a mistyped or unknown username
        return {
            "created_at": created_at,
            "actor_id": None,
            "actor_username": f"unknown{rng.randrange(50)}",
            "agency_id": None,
            "country": "",
            "action": action,
            "verb": verb,
            "object_type": "",
            "object_id": "",
            "object_repr": "",
            "changes": {},
            "ip": ip,
        }
    actor_id, username, agency_id, country = rng.choice(actors)
    # most events are written by officers across the tree, not only the sample users
    if rng.random() < 0.7:
        country = rng.choice(list(agencies_by_country))
        agency_id = rng.choice(agencies_by_country[country])
    object_id = str(rng.randrange(1, 200_000))
    templates = CHANGE_TEMPLATES.get(action)
    return {
        "created_at": created_at,
        "actor_id": actor_id,
        "actor_username": username,
        "agency_id": agency_id,
        "country": country,
        "action": action,
        "verb": verb,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": f"{object_type} #{object_id}" if object_type else "",
        "changes": rng.choice(templates) if templates else {},
        "ip": ip,
    }


def append_events(count: int, world: World, *, progress: bool = False, seed: int = 2) -> float:
    """Append `count` correctly chained events after the current chain head; seconds taken.

    Each batch and the matching chain-head update commit together, so an interrupted run
    leaves a valid (shorter) trail.
    """
    from django.db import connection, transaction

    from liaison.agencies.models import Agency
    from liaison.core.audit.chain import GENESIS_HASH, event_hash, normalize_json
    from liaison.core.models import AuditChainHead, AuditEvent

    start_clock = time.perf_counter()
    rng = random.Random(seed)
    actors = _actor_pool(world)
    agencies_by_country: dict[str, list[int]] = {}
    for pk, country in Agency.objects.values_list("pk", "country_id"):
        agencies_by_country.setdefault(country, []).append(pk)
    # JSON values: normalized once for hashing, adapted once for the database
    changes_field = AuditEvent._meta.get_field("changes")
    adapted: dict[int, Any] = {}

    def db_changes(value: dict) -> Any:
        key = id(value)
        if key not in adapted:
            adapted[key] = changes_field.get_db_prep_save(value, connection)
        return adapted[key]

    for templates in CHANGE_TEMPLATES.values():
        templates[:] = [normalize_json(t) for t in templates]
    empty: dict = {}

    head = AuditChainHead.objects.filter(id=1).first()
    last_seq, last_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    last_event = AuditEvent.objects.order_by("-seq").values_list("created_at", flat=True).first()
    when = datetime.now(UTC) - EVENT_INTERVAL * count
    if last_event is not None and last_event > when:
        when = last_event

    columns = [
        "seq",
        "created_at",
        "actor_id",
        "actor_username",
        "agency_id",
        "country",
        "action",
        "verb",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "ip",
        "prev_hash",
        "hash",
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AuditEvent._meta.db_table),
        ", ".join(quote(c) for c in columns),  # the column names, FKs included
        ", ".join(["%s"] * len(columns)),
    )
    adapt_datetime = connection.ops.adapt_datetimefield_value
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:  # a bigger page cache makes index upkeep cheaper
            cur.execute("PRAGMA cache_size = -262144")

    done = 0
    while done < count:
        rows = []
        for _ in range(min(BATCH, count - done)):
            last_seq += 1
            when += EVENT_INTERVAL + timedelta(microseconds=rng.randrange(1, 999_999))
            fields = _event_fields(rng, actors, agencies_by_country, when)
            fields["seq"] = last_seq
            if not fields["changes"]:
                fields["changes"] = empty
            digest = event_hash(last_hash, fields)
            rows.append(
                (
                    last_seq,
                    adapt_datetime(when),
                    fields["actor_id"],
                    fields["actor_username"],
                    fields["agency_id"],
                    fields["country"],
                    fields["action"],
                    fields["verb"],
                    fields["object_type"],
                    fields["object_id"],
                    fields["object_repr"],
                    db_changes(fields["changes"]),
                    fields["ip"],
                    last_hash,
                    digest,
                )
            )
            last_hash = digest
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(sql, rows)
            AuditChainHead.objects.update_or_create(
                id=1, defaults={"last_seq": last_seq, "last_hash": last_hash}
            )
        done += len(rows)
        if progress and (done % 100_000 == 0 or done == count):
            elapsed = time.perf_counter() - start_clock
            print(f"  generated {done:,}/{count:,} events in {elapsed:.0f} s", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    elif count:
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {quote(AuditEvent._meta.db_table)}")
    return time.perf_counter() - start_clock


def ensure_events(total: int, world: World, *, progress: bool = True) -> tuple[int, float]:
    """Top the trail up to `total` events; (events now, seconds spent generating)."""
    from liaison.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(id=1).first()
    have = head.last_seq if head else 0
    if have >= total:
        return have, 0.0
    if progress:
        print(f"Generating {total - have:,} audit events (have {have:,}) ...", flush=True)
    seconds = append_events(total - have, world, progress=progress)
    return total, seconds


# --- Measuring -----------------------------------------------------------------------------


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
