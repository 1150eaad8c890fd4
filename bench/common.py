"""Shared pieces of the foundation benchmarks: Django set-up on a separate database,
timing, the generated world (2,000 agencies, partnerships, users) and the result table.

The benchmarks never touch the developer database: unless DATABASE_URL or
LIAISON_VAR_DIR is set, they use var/bench/liaison.sqlite3.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "bench" / "results"
CODE_PREFIX = "bench-"
USER_PREFIX = "bench_"


# --- Django set-up ------------------------------------------------------------------------


def base_arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--fresh", action="store_true", help="rebuild the benchmark database from scratch"
    )
    parser.add_argument("--agencies", type=int, default=2000, help="agencies in the generated tree")
    parser.add_argument("--repeats", type=int, default=200, help="timed calls per figure")
    return parser


def setup_django(*, fresh: bool) -> None:
    """Point Django at the benchmark database, optionally wipe it, then migrate."""
    if not os.environ.get("DATABASE_URL") and not os.environ.get("LIAISON_VAR_DIR"):
        os.environ["LIAISON_VAR_DIR"] = str(REPO_ROOT / "var" / "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if fresh and connection.vendor == "sqlite":
        # Not connected yet: removing the files is the fastest way to start over.
        name = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    if fresh and connection.vendor != "sqlite":
        call_command("flush", verbosity=0, interactive=False)


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
    return f"PostgreSQL {version} ({connection.settings_dict['NAME']})"


# --- Timing -------------------------------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..1) every benchmark reports."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Samples:
    """Durations in milliseconds: wall clock, and CPU time of this process.

    The benchmarks are single-threaded, so on a busy machine the CPU median shows what
    the wall median would be on an idle one.
    """

    values: tuple[float, ...]
    cpu_values: tuple[float, ...] = ()

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_values) if self.cpu_values else None

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        return percentile(self.values, 0.95)


def measure(
    fn: Callable[[Any], Any],
    *,
    repeats: int,
    warmup: int = 2,
    prepare: Callable[[int], Any] | None = None,
) -> Samples:
    """Time `fn(prepared)` `repeats` times; `prepare(i)` runs outside the timed part."""
    for i in range(warmup):
        fn(prepare(i) if prepare else None)
    values, cpu_values = [], []
    for i in range(repeats):
        arg = prepare(i) if prepare else None
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
        fn(arg)
        values.append((time.perf_counter_ns() - start) / 1e6)
        cpu_values.append((time.process_time_ns() - start_cpu) / 1e6)
    return Samples(tuple(values), tuple(cpu_values))


# --- The result table ---------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    value: float | None  # None: could not be measured (see note)
    unit: str
    target: float | None = None  # None: informational, no target
    note: str = ""
    # throughputs: the target is a minimum, not a maximum
    higher_is_better: bool = False

    @property
    def status(self) -> str:
        if self.value is None:
            return "N/A"
        if self.target is None:
            return "info"
        if self.higher_is_better:
            return "PASS" if self.value >= self.target else "FAIL"
        return "PASS" if self.value <= self.target else "FAIL"

    def measured_text(self) -> str:
        return "not available" if self.value is None else f"{self.value:,.3f} {self.unit}"

    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{'>=' if self.higher_is_better else '<='} {self.target:g} {self.unit}"


def render_table(title: str, figures: Iterable[Figure], facts: dict[str, str]) -> str:
    figures = list(figures)
    rows = [("figure", "measured", "target", "result", "note")]
    rows += [(f.name, f.measured_text(), f.target_text(), f.status, f.note) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [title, "=" * len(title)]
    lines += [f"{k}: {v}" for k, v in facts.items()]
    lines.append("")
    for n, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        lines.append("  ".join(cells) + (f"  {row[4]}" if row[4] else ""))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def report(
    title: str,
    figures: list[Figure],
    *,
    results_name: str | None,
    facts: dict[str, str],
    appendix: str = "",
) -> str:
    """Print the table and keep it under bench/results/<results_name>.txt."""
    facts = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "database": database_label(),
        "python": f"{platform.python_version()} on {platform.machine()}",
        # other work on the machine inflates wall times: note how busy it was
        "load average (1, 5, 15 min)": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
        **facts,
    }
    text = render_table(title, figures, facts)
    if appendix:
        text += "\n" + appendix.rstrip() + "\n"
    print(text, flush=True)
    if results_name:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        (RESULTS_DIR / f"{results_name}.txt").write_text(text, encoding="utf-8")
    return text


def results_suffix() -> str:
    from django.db import connection

    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


# --- The generated world --------------------------------------------------------------------

COUNTRIES = [
    ("VN", "VNM", "Viet Nam", "Việt Nam"),
    ("LA", "LAO", "Lao PDR", "ສປປ ລາວ"),
    ("KH", "KHM", "Cambodia", "កម្ពុជា"),
]
# Names as the agencies write them; {n} is a running number.
NAMES = {
    "VN": {
        "ministry": "Bộ Công an",
        "department": "Cục nghiệp vụ {n}",
        "province": "Công an tỉnh số {n}",
        "district": "Công an huyện số {n}",
        "border_post": "Đồn Biên phòng số {n}",
    },
    "LA": {
        "ministry": "ກະຊວງປ້ອງກັນຄວາມສະຫງົບ",
        "department": "ກົມ {n}",
        "province": "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງ {n}",
        "district": "ປ້ອງກັນຄວາມສະຫງົບເມືອງ {n}",
        "border_post": "ດ່ານຊາຍແດນ {n}",
    },
    "KH": {
        "ministry": "ក្រសួងមហាផ្ទៃ",
        "department": "នាយកដ្ឋាន {n}",
        "province": "ស្នងការដ្ឋាននគរបាលខេត្ត {n}",
        "district": "អធិការដ្ឋាននគរបាលស្រុក {n}",
        "border_post": "ប៉ុស្តិ៍ព្រំដែន {n}",
    },
}
LEVELS = ("ministry", "department", "province", "district", "border_post")
DEPARTMENTS_PER_COUNTRY = 4


@dataclass
class World:
    """What the benchmarks need to know about the generated data."""

    total_agencies: int
    # level -> country -> agency ids, in creation order
    agencies: dict[str, dict[str, list[int]]]
    # "VN province" -> an officer there (the province is a border province in a partnership)
    officers: dict[str, Any] = field(default_factory=dict)
    auditors: dict[str, Any] = field(default_factory=dict)  # country -> auditor
    agency_admin: Any = None  # agency admin of a VN border province
    platform_admin: Any = None


def plan_tree(total: int) -> tuple[int, int, int]:
    """(provinces per country, districts per province, border posts) for `total` agencies.

    With 2,000: 3 ministries, 12 departments, 3 x 60 provinces, 8 districts each and
    365 border posts under the districts of the border provinces.
    """
    if total < 30:
        raise ValueError("the generated tree needs at least 30 agencies")
    fixed = len(COUNTRIES) * (1 + DEPARTMENTS_PER_COUNTRY)
    provinces = max(2, round(total * 0.03))
    remaining = total - fixed - len(COUNTRIES) * provinces
    districts = max(1, (remaining * 4 // 5) // (len(COUNTRIES) * provinces))
    posts = remaining - len(COUNTRIES) * provinces * districts
    return provinces, districts, posts


def ensure_world(total_agencies: int = 2000) -> World:
    """Load the generated world, or generate it (a few seconds) if it is not there."""
    from liaison.agencies.models import Agency

    existing = Agency.objects.filter(code__startswith=CODE_PREFIX).count()
    if existing == 0:
        _generate_world(total_agencies)
    elif existing != total_agencies:
        raise SystemExit(
            f"The benchmark database holds {existing} generated agencies, not "
            f"{total_agencies}: run again with --fresh."
        )
    return _load_world(total_agencies)


def _generate_world(total: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from liaison.agencies.models import Agency, Country, Partnership, Role, User, UserRole
    from liaison.core.access import bump_scope_version

    provinces, districts, posts = plan_tree(total)
    kinds = {
        "ministry": (Agency.Kind.MINISTRY, Agency.Level.CENTRAL),
        "department": (Agency.Kind.DEPARTMENT, Agency.Level.CENTRAL),
        "province": (Agency.Kind.PROVINCIAL_POLICE, Agency.Level.PROVINCIAL),
        "district": (Agency.Kind.DISTRICT_POLICE, Agency.Level.DISTRICT),
        "border_post": (Agency.Kind.BORDER_POST, Agency.Level.BORDER),
    }
    counter = {"n": 0}

    def make(level: str, country: str, parent: Agency | None) -> Agency:
        counter["n"] += 1
        kind, hotline_level = kinds[level]
        return Agency(
            code=f"{CODE_PREFIX}{country.lower()}-{level}-{counter['n']}",
            name=NAMES[country][level].format(n=counter["n"]),
            kind=kind,
            level=hotline_level,
            country_id=country,
            parent=parent,
        )

    # Bulk inserts skip the post_save signal: the scope version is bumped once at the end.
    with transaction.atomic():
        for code, iso3, name, name_local in COUNTRIES:
            Country.objects.get_or_create(
                code=code, defaults={"iso3": iso3, "name": name, "name_local": name_local}
            )
        codes = [c[0] for c in COUNTRIES]
        ministries = Agency.objects.bulk_create([make("ministry", c, None) for c in codes])
        departments = {
            m.country_id: Agency.objects.bulk_create(
                [make("department", m.country_id, m) for _ in range(DEPARTMENTS_PER_COUNTRY)]
            )
            for m in ministries
        }
        # provinces sit under each country's drug-control department (the first one)
        province_rows = {
            c: Agency.objects.bulk_create(
                [make("province", c, departments[c][0]) for _ in range(provinces)]
            )
            for c in codes
        }
        district_rows = {
            c: Agency.objects.bulk_create(
                [make("district", c, p) for p in province_rows[c] for _ in range(districts)]
            )
            for c in codes
        }
        # border posts: round robin over the districts of the first third of provinces
        border_districts = {
            c: district_rows[c][: max(1, (provinces // 3) * districts)] for c in codes
        }
        new_posts = []
        for i in range(posts):
            country = codes[i % len(codes)]
            pool = border_districts[country]
            new_posts.append(make("border_post", country, pool[(i // len(codes)) % len(pool)]))
        post_rows = Agency.objects.bulk_create(new_posts)
        posts_by_country = {c: [p for p in post_rows if p.country_id == c] for c in codes}

        partnerships: list[tuple[str, str, list[Agency]]] = []
        by_code = {m.country_id: m for m in ministries}
        for a, b in (("VN", "LA"), ("VN", "KH"), ("LA", "KH")):
            partnerships.append(("ministerial", f"ministries {a}-{b}", [by_code[a], by_code[b]]))
        partnerships.append(
            (
                "trilateral",
                "VN-KH trilateral",
                [departments["VN"][0], departments["VN"][1], departments["KH"][0]],
            )
        )
        partnerships.append(
            ("bilateral", "VN-LA departments", [departments["VN"][0], departments["LA"][0]])
        )
        border_count = max(1, provinces // 3)
        vn_border = province_rows["VN"][:border_count]
        for i, vn_province in enumerate(vn_border):
            other = "LA" if i % 2 == 0 else "KH"
            partner = province_rows[other][(i // 2) % border_count]
            partnerships.append(("bilateral", f"provinces {i}", [vn_province, partner]))
        for i in range(border_count // 2):
            partnerships.append(
                (
                    "bilateral",
                    f"provinces LA-KH {i}",
                    [province_rows["LA"][-1 - i], province_rows["KH"][-1 - i]],
                )
            )
        for i, (vn_post, la_post) in enumerate(
            zip(posts_by_country["VN"], posts_by_country["LA"], strict=False)
        ):
            if i % 4 == 0:
                partnerships.append(("bilateral", f"border posts {i}", [vn_post, la_post]))
        created = Partnership.objects.bulk_create(
            [
                Partnership(code=f"{CODE_PREFIX}p{i}", name=name, kind=kind)
                for i, (kind, name, _) in enumerate(partnerships)
            ]
        )
        through = Partnership.parties.through
        through.objects.bulk_create(
            [
                through(partnership_id=p.pk, agency_id=a.pk)
                for p, (_, _, parties) in zip(created, partnerships, strict=True)
                for a in parties
            ]
        )

        password = make_password(None)  # unusable: the benchmarks log in with force_login
        users: list[tuple[User, list[str]]] = []
        first_district = {c: district_rows[c][0] for c in codes}  # under border province 0
        for c in codes:
            where = {
                "ministry": by_code[c],
                "department": departments[c][0],
                "province": province_rows[c][0],
                "district": first_district[c],
                "border_post": next(
                    (p for p in posts_by_country[c] if p.parent_id == first_district[c].pk),
                    posts_by_country[c][0] if posts_by_country[c] else first_district[c],
                ),
            }
            for level, agency in where.items():
                users.append(
                    (
                        User(
                            username=f"{USER_PREFIX}{c.lower()}_{level}",
                            agency=agency,
                            password=password,
                        ),
                        [Role.OFFICER],
                    )
                )
            users.append(
                (
                    User(
                        username=f"{USER_PREFIX}{c.lower()}_auditor",
                        agency=by_code[c],
                        password=password,
                    ),
                    [Role.AUDITOR],
                )
            )
        users.append(
            (
                User(
                    username=f"{USER_PREFIX}vn_agency_admin",
                    agency=province_rows["VN"][0],
                    password=password,
                ),
                [Role.AGENCY_ADMIN],
            )
        )
        users.append(
            (
                User(
                    username=f"{USER_PREFIX}platform_admin",
                    agency=by_code["VN"],
                    password=password,
                    is_superuser=True,
                    is_staff=True,
                ),
                [],
            )
        )
        User.objects.bulk_create([u for u, _ in users])
        saved = {u.username: u for u in User.objects.filter(username__startswith=USER_PREFIX)}
        UserRole.objects.bulk_create(
            [UserRole(user=saved[u.username], role=r) for u, roles in users for r in roles]
        )
        bump_scope_version()


def _load_world(total: int) -> World:
    from liaison.agencies.models import Agency, User

    agencies: dict[str, dict[str, list[int]]] = {level: {} for level in LEVELS}
    rows = Agency.objects.filter(code__startswith=CODE_PREFIX).order_by("pk")
    for pk, code, country in rows.values_list("pk", "code", "country_id"):
        level = code[len(CODE_PREFIX) :].split("-")[1]
        agencies[level].setdefault(country, []).append(pk)
    users = {
        u.username: u
        for u in User.objects.filter(username__startswith=USER_PREFIX).select_related("agency")
    }
    world = World(total_agencies=total, agencies=agencies)
    for code, *_ in COUNTRIES:
        for level in LEVELS:
            world.officers[f"{code} {level}"] = users[f"{USER_PREFIX}{code.lower()}_{level}"]
        world.auditors[code] = users[f"{USER_PREFIX}{code.lower()}_auditor"]
    world.agency_admin = users[f"{USER_PREFIX}vn_agency_admin"]
    world.platform_admin = users[f"{USER_PREFIX}platform_admin"]
    return world
