"""The exchange with 1,000,000 messages: inbox first page, search, sending throughput.

Targets (issue #3): inbox first page through the API p95 <= 150 ms on SQLite (PostgreSQL
measured too); search over subject and body p95 <= 300 ms; sending >= 100 messages/s in
one process, with audit.

The messages and their recipient parts are generated directly (raw executemany in
batches, each batch one transaction) with the real folding function for the search
column; the FTS5 triggers (SQLite) and the pg_trgm index (PostgreSQL) keep the search
index up to date as they would for the services (on PostgreSQL each message is inserted
with its `inbox_agencies`, which the recipient triggers would otherwise fill). The world
has 200 agencies and lives in its own database (var/bench/exchange/ on SQLite), kept
between runs; --fresh rebuilds.

Run: .venv/bin/python bench/bench_exchange.py [--fresh] [--messages 1000000]
     [--only api,html,search,send]  (a subset of the figures; sending adds messages)
"""

from __future__ import annotations

import logging
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REPO_ROOT,
    Figure,
    World,
    base_arguments,
    ensure_world,
    measure,
    report,
    results_suffix,
    setup_django,
)

TARGET_INBOX_MS = 150.0
TARGET_SEARCH_MS = 300.0
TARGET_SEND_PER_S = 100.0
BATCH = 10_000
INBOX_API = "/api/v1/messages/"
SPAN = timedelta(days=730)  # the messages span two years

# --- Text: fictional names and the phrasing of real requests, in each language -------------

VI_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
VI_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang"]
VI_GIVEN = ["Hùng", "Bình", "Dũng", "Long", "Hải", "Tuấn", "Sơn", "Thắng", "Phương", "Đạt"]
VI_PLACES = ["Nam Giang", "Đắk Glei", "Ngọc Hồi", "Mường Lát", "Kỳ Sơn", "Tây Giang"]
VI_DRUGS = ["ma túy đá", "heroin", "thuốc lắc", "ma túy tổng hợp", "cần sa"]
LO_GIVEN = ["ສົມພອນ", "ບຸນມີ", "ຄຳຫຼ້າ", "ວັນນະ", "ສີສະຫວາດ", "ທອງດີ", "ພູວົງ", "ແສງຈັນ"]
LO_FAMILY = ["ແກ້ວມະນີ", "ພົມມະວົງ", "ສີຫາລາດ", "ຈັນທະວົງ", "ວົງສາ", "ໄຊຍະວົງ"]
LO_PLACES = ["ລະມາມ", "ດາກຈຶງ", "ກະເລີມ", "ທ່າແຕງ", "ສະໜາມໄຊ"]
LO_DRUGS = ["ຢາບ້າ", "ເຮໂຣອີນ", "ຢາໄອສ໌", "ກັນຊາ"]
KM_FAMILY = ["សុខ", "ចាន់", "ហេង", "គឹម", "ស៊ុន", "ម៉ៅ", "លី"]
KM_GIVEN = ["ដារា", "សុភាព", "សំណាង", "វណ្ណា", "ពិសី", "រតនា", "បូរ៉ា"]
KM_PLACES = ["ស្នួល", "មេមត់", "ឧត្ដរមានជ័យ", "សៀមប៉ាង", "អូរយ៉ាដាវ"]
KM_DRUGS = ["មេតំហ្វេតាមីន", "ហេរ៉ូអ៊ីន", "កញ្ឆា", "ថ្នាំអ៊ិចស្តាស៊ី"]
EN_DRUGS = ["methamphetamine tablets", "heroin", "crystal methamphetamine", "cannabis"]
# A name that occurs in only a handful of messages: the "rare term" of the search figure.
RARE_NAME = "Khuất Duy Tiến"
RARE_EVERY = 25_000

SUBJECTS = {
    "vi": [
        "Đề nghị xác minh đối tượng {name}",
        "Cảnh báo vận chuyển {drug} qua khu vực {place}",
        "Thông báo bắt giữ đối tượng {name} cùng {qty} bánh {drug}",
        "Yêu cầu cung cấp thông tin về {name}",
    ],
    "lo": [
        "ຂໍກວດສອບຂໍ້ມູນ {name}",
        "ແຈ້ງເຕືອນການລັກລອບຂົນສົ່ງ{drug} ຢູ່ເມືອງ{place}",
        "ແຈ້ງການຈັບກຸມ {name} ພ້ອມ{drug} {qty} ເມັດ",
    ],
    "km": [
        "សំណើផ្ទៀងផ្ទាត់ព័ត៌មាន {name}",
        "ការព្រមានអំពីការដឹកជញ្ជូន{drug}នៅស្រុក{place}",
        "ការជូនដំណឹងអំពីការចាប់ខ្លួន {name} ជាមួយ{drug} {qty} គ្រាប់",
    ],
    "en": [
        "Verification request: {name}",
        "Alert: {drug} moving through {place}",
        "Arrest of {name} with {qty} packs of {drug}",
    ],
}
BODIES = {
    "vi": (
        "Đối tượng {name}, sinh năm {year}, trú tại huyện {place}, bị nghi vận chuyển "
        "{drug} qua biên giới. Đề nghị đơn vị bạn xác minh nhân thân, các mối quan hệ "
        "và trao đổi kết quả trước ngày {day}/{month}/{next_year}. Số hiệu vụ việc {ref}."
    ),
    "lo": (
        "ຜູ້ຕ້ອງສົງໄສ {name} ເກີດປີ {year} ອາໄສຢູ່ເມືອງ{place} ສົງໄສວ່າລັກລອບຂົນສົ່ງ"
        "{drug}ຂ້າມຊາຍແດນ. ຂໍໃຫ້ທ່ານກວດສອບ ແລະ ແຈ້ງຜົນກັບຄືນກ່ອນວັນທີ {day}/{month}/"
        "{next_year}. ເລກທີ {ref}."
    ),
    "km": (
        "ជនសង្ស័យ {name} កើតឆ្នាំ {year} រស់នៅស្រុក{place} ត្រូវបានសង្ស័យថាដឹកជញ្ជូន{drug}"
        "ឆ្លងព្រំដែន។ សូមផ្ទៀងផ្ទាត់ និងជូនដំណឹងលទ្ធផលមុនថ្ងៃទី {day}/{month}/{next_year}។ "
        "លេខ {ref}។"
    ),
    "en": (
        "The suspect {name}, born {year}, living in {place}, is believed to carry {drug} "
        "across the border. Please verify and report back before {day}/{month}/{next_year}. "
        "Reference {ref}."
    ),
}
NAMES_BY_LANGUAGE = {"VN": "vi", "LA": "lo", "KH": "km"}


def _name(rng: random.Random, country: str) -> str:
    if country == "VN":
        return f"{rng.choice(VI_FAMILY)} {rng.choice(VI_MIDDLE)} {rng.choice(VI_GIVEN)}"
    if country == "LA":
        return f"{rng.choice(LO_GIVEN)} {rng.choice(LO_FAMILY)}"
    return f"{rng.choice(KM_FAMILY)} {rng.choice(KM_GIVEN)}"


def message_text(rng: random.Random, *, language: str, n: int) -> tuple[str, str]:
    """A subject and body in `language` about a suspect of any of the three countries."""
    country = rng.choice(["VN", "VN", "LA", "KH"])
    name = RARE_NAME if n % RARE_EVERY == 7 else _name(rng, country)
    places, drugs = {
        "vi": (VI_PLACES, VI_DRUGS),
        "lo": (LO_PLACES, LO_DRUGS),
        "km": (KM_PLACES, KM_DRUGS),
        "en": (VI_PLACES + LO_PLACES, EN_DRUGS),
    }[language]
    values = {
        "name": name,
        "drug": rng.choice(drugs),
        "place": rng.choice(places),
        "qty": rng.randrange(2, 400),
        "year": rng.randrange(1965, 2005),
        "day": rng.randrange(1, 29),
        "month": rng.randrange(1, 13),
        "next_year": 2026,
        "ref": f"{rng.randrange(1, 9999):04d}/{n % 97}",
    }
    return rng.choice(SUBJECTS[language]).format(**values), BODIES[language].format(**values)


# --- Generating the messages ----------------------------------------------------------------


def _partners_by_agency() -> dict[int, list[int]]:
    from liaison.agencies.models import Partnership

    parties: dict[int, list[int]] = {}
    for pk, agency in Partnership.parties.through.objects.values_list(
        "partnership_id", "agency_id"
    ):
        parties.setdefault(pk, []).append(agency)
    partners: dict[int, list[int]] = {}
    for members in parties.values():
        for agency in members:
            partners.setdefault(agency, []).extend(a for a in members if a != agency)
    return partners


def _insert_sql(table: str, columns: list[str]) -> str:
    from django.db import connection

    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )


MESSAGE_COLUMNS = [
    "id",
    "sender_agency_id",
    "author_id",
    "kind",
    "priority",
    "due_at",
    "subject",
    "body",
    "language",
    "handling_code",
    "handling_condition",
    "source_grade",
    "info_grade",
    "status",
    "submitted_at",
    "sent_at",
    "approval_comment",
    "search_text",
    "idempotency_key",
    "created_at",
    "updated_at",
]
RECIPIENT_COLUMNS = [
    "message_id",
    "agency_id",
    "status",
    "expects_reply",
    "due_at",
    "sent_at",
    "read_at",
    "acknowledged_at",
    "answered_at",
    "closed_at",
    "forward_note",
]
KINDS = [("request", 30), ("verification", 30), ("alert", 20), ("notification", 20)]
PRIORITIES = [("urgent", 15), ("high", 30), ("normal", 55)]
DUE = {"urgent": timedelta(hours=24), "high": timedelta(hours=72), "normal": timedelta(days=7)}
PART_STATUSES = [("sent", 10), ("read", 10), ("acknowledged", 20), ("answered", 30), ("closed", 30)]


def append_messages(count: int, world: World, *, progress: bool = False, seed: int = 3) -> float:
    """Append `count` sent messages (1-3 recipient parts each); seconds taken."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from liaison.agencies.models import Agency
    from liaison.exchange.models import Message
    from liaison.exchange.textsearch import search_document

    start_clock = time.perf_counter()
    rng = random.Random(seed)
    agencies = list(Agency.objects.values_list("pk", "country_id", "parent_id"))
    by_country: dict[str, list[int]] = {}
    for pk, country, _parent in agencies:
        by_country.setdefault(country, []).append(pk)
    parent_of = {pk: parent for pk, _c, parent in agencies}
    country_of = {pk: country for pk, country, _p in agencies}
    partners = _partners_by_agency()
    authors = {u.agency.country_id: u.pk for u in world.officers.values()}
    # a province or district with a partner sends most; the benchmark users' agencies
    # get their share so their inbox looks like a busy one
    senders = [pk for pk, *_ in agencies] + [pk for pk in partners for _ in range(20)]
    first_id = (Message.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    kinds, kind_weights = zip(*KINDS, strict=True)
    priorities, priority_weights = zip(*PRIORITIES, strict=True)
    part_statuses, part_weights = zip(*PART_STATUSES, strict=True)
    adapt = connection.ops.adapt_datetimefield_value
    # PostgreSQL: each message goes in with its inbox_agencies (migration 0005), so the
    # triggers on exchange_recipient find it already right and write nothing
    with_inbox = connection.vendor == "postgresql"
    message_columns = MESSAGE_COLUMNS + (["inbox_agencies"] if with_inbox else [])
    message_sql = _insert_sql("exchange_message", message_columns)
    recipient_sql = _insert_sql("exchange_recipient", RECIPIENT_COLUMNS)
    # a top-up continues after the newest message: sent_at keeps growing with the id
    now = datetime.now(UTC)
    when = now - SPAN
    last = Message.objects.order_by("-sent_at").values_list("sent_at", flat=True).first()
    if last is not None and last > when:
        when = last
    step = (now - when) / max(count, 1)
    rng.seed(seed * 1_000_003 + first_id)  # a top-up writes new texts, not the same again
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:  # a bigger page cache makes index upkeep cheaper
            cur.execute("PRAGMA cache_size = -262144")
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        messages, parts = [], []
        for i in range(size):
            n = first_id + done + i
            when += step
            sender = rng.choice(senders)
            country = country_of[sender]
            if sender in partners and rng.random() < 0.7:
                recipients = set(rng.sample(partners[sender], min(len(partners[sender]), 2)))
            else:  # inside the country: up the chain or to a random agency
                recipients = {parent_of[sender] or rng.choice(by_country[country])}
                if rng.random() < 0.3:
                    recipients.add(rng.choice(by_country[country]))
            recipients.discard(sender)
            if not recipients:
                recipients = {rng.choice([a for a in by_country[country] if a != sender])}
            language = NAMES_BY_LANGUAGE[country] if rng.random() < 0.85 else "en"
            subject, body = message_text(rng, language=language, n=n)
            kind = rng.choices(kinds, kind_weights)[0]
            priority = rng.choices(priorities, priority_weights)[0]
            sent_at = adapt(when)
            due_at = adapt(when + DUE[priority])
            messages.append(
                (
                    n,
                    sender,
                    authors[country],
                    kind,
                    priority,
                    None,
                    subject,
                    body,
                    language,
                    "H0",
                    "",
                    "B",
                    "2",
                    "sent",
                    sent_at,
                    sent_at,
                    "",
                    search_document(subject, body),
                    "",
                    sent_at,
                    sent_at,
                )
                + ((sorted(recipients),) if with_inbox else ())
            )
            expects_reply = kind in {"request", "verification"}
            for agency in sorted(recipients):
                status = rng.choices(part_statuses, part_weights)[0]
                later = adapt(when + timedelta(hours=rng.randrange(1, 48)))
                reached = part_statuses.index(status)
                parts.append(
                    (
                        n,
                        agency,
                        status,
                        expects_reply,
                        due_at,
                        sent_at,
                        later if reached >= 1 else None,
                        later if reached >= 2 else None,
                        later if reached >= 3 else None,
                        later if reached >= 4 else None,
                        "",
                    )
                )
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(message_sql, messages)
            cur.executemany(recipient_sql, parts)
        done += size
        if progress and done % 100_000 < BATCH:
            rate = done / (time.perf_counter() - start_clock)
            print(f"  {done:,} messages ({rate:,.0f}/s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(
                no_style(),
                [Message],
            ):
                cur.execute(sql)
            cur.execute("ANALYZE exchange_message")
            cur.execute("ANALYZE exchange_recipient")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return time.perf_counter() - start_clock


def ensure_messages(total: int, world: World, *, progress: bool = True) -> tuple[int, float]:
    """Top the generated messages up to `total`; (messages now, seconds spent generating)."""
    from liaison.exchange.models import Message

    existing = Message.objects.count()
    if existing >= total:
        return existing, 0.0
    if progress:
        print(f"Generating {total - existing:,} messages...", flush=True)
    seconds = append_messages(total - existing, world, progress=progress)
    return Message.objects.count(), seconds


# --- Measuring ------------------------------------------------------------------------------


def _client(user):
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _page_figure(label: str, client, path: str, params: dict, *, repeats: int, target: float):
    """p95 of a GET (the figure), with its median, CPU time and query count in the note."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request_logger = logging.getLogger("django.request")
    level, request_logger.level = request_logger.level, logging.CRITICAL
    try:
        response = client.get(path, params)
    finally:
        request_logger.setLevel(level)
    if response.status_code != 200:
        return Figure(label, None, "ms", target, f"not available: HTTP {response.status_code}")
    samples = measure(lambda _a: client.get(path, params), repeats=repeats, warmup=1)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    rows = ""
    if path.startswith("/api/"):
        body = response.json()
        capped = "+" if body.get("count_capped") else ""  # the count stops at the cap
        rows = f", {body.get('count', '?')}{capped} matches"
    note = (
        f"median {samples.median:.1f} ms; CPU median {samples.cpu_median:.1f} ms; "
        f"{len(captured)} queries{rows}"
    )
    return Figure(label, samples.p95, "ms", target, note)


def inbox_users(world: World) -> list[tuple[str, Any]]:
    return [
        (who, world.officers[who])
        for who in (
            "VN ministry",
            "VN province",
            "VN district",
            "VN border_post",
            "LA province",
            "KH province",
        )
    ]


# (label, query): what officers type into the search box
SEARCHES = [
    ("Vietnamese name without diacritics", "nguyen van hung"),
    ("Lao word", "ຢາບ້າ"),
    ("Khmer word", "ហេរ៉ូអ៊ីន"),
    ("rare term", "khuat duy"),
    ("common term", "ma tuy"),
    ("two letters (LIKE fallback)", "đạ"),
]


PARTS = ("api", "html", "search", "send")


def measure_pages(world: World, *, repeats: int, parts: tuple[str, ...] = PARTS) -> list[Figure]:
    from django.urls import reverse

    figures = []
    for who, user in inbox_users(world) if "api" in parts else []:
        figures.append(
            _page_figure(
                f"inbox first page, API, {who} (p95)",
                _client(user),
                INBOX_API,
                {"box": "inbox"},
                repeats=repeats,
                target=TARGET_INBOX_MS,
            )
        )
    html = reverse("exchange_inbox")
    for who in ("VN ministry", "VN province", "LA province") if "html" in parts else []:
        figures.append(
            _page_figure(
                f"inbox first page, HTML, {who} (p95)",
                _client(world.officers[who]),
                html,
                {},
                repeats=repeats,
                target=TARGET_INBOX_MS,
            )
        )
    for who in ("VN province", "VN ministry") if "search" in parts else []:
        client = _client(world.officers[who])
        for label, query in SEARCHES:
            figures.append(
                _page_figure(
                    f"search, API inbox, {who}, {label} (p95)",
                    client,
                    INBOX_API,
                    {"box": "inbox", "q": query},
                    repeats=max(3, repeats // 2),
                    target=TARGET_SEARCH_MS,
                )
            )
    return figures


def measure_sending(world: World, *, count: int) -> list[Figure]:
    """`count` messages through message_compose (message, part, audit, notifications),
    each in its own transaction, one after the other in this process."""
    from liaison.exchange.services.compose import message_compose

    sender = world.officers["VN province"]
    partner = _partners_by_agency()[sender.agency_id][0]
    rng = random.Random(11)
    texts = [message_text(rng, language="vi", n=i) for i in range(count)]
    start = time.perf_counter()
    for subject, body in texts:
        message_compose(
            actor=sender,
            recipients=[partner],
            kind="verification",
            priority="high",
            subject=subject,
            body=body,
            language="vi",
            send=True,
        )
    seconds = time.perf_counter() - start
    rate = count / seconds
    return [
        Figure(
            "sending through message_compose, with audit",
            rate,
            "messages/s",
            TARGET_SEND_PER_S,
            f"{count} messages in {seconds:.2f} s ({seconds / count * 1000:.1f} ms each)",
            higher_is_better=True,
        )
    ]


def run(
    *,
    world: World,
    messages: int,
    repeats: int,
    send_count: int,
    progress: bool = True,
    parts: tuple[str, ...] = PARTS,
) -> list[Figure]:
    total, seconds = ensure_messages(messages, world, progress=progress)
    figures = [
        Figure("messages in the database", float(total), "messages"),
    ]
    if seconds:
        figures.append(Figure("generating the messages", seconds, "s"))
    figures += measure_pages(world, repeats=repeats, parts=parts)
    if "send" in parts:
        figures += measure_sending(world, count=send_count)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = base_arguments(__doc__.splitlines()[0])
    parser.set_defaults(agencies=200, repeats=30)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--send-count", type=int, default=300)
    parser.add_argument(
        "--generate-only", action="store_true", help="generate the messages, measure nothing"
    )
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help="comma-separated figures to measure: api (inbox), html (inbox), search, send",
    )
    args = parser.parse_args(argv)
    parts = tuple(part.strip() for part in args.only.split(",") if part.strip())
    if unknown := set(parts) - set(PARTS):
        parser.error(f"--only: unknown figures {sorted(unknown)}; choose from {PARTS}")
    if not os.environ.get("DATABASE_URL") and not os.environ.get("LIAISON_VAR_DIR"):
        # its own database: the foundation benchmarks' world has 2,000 agencies
        os.environ["LIAISON_VAR_DIR"] = str(REPO_ROOT / "var" / "bench" / "exchange")
    setup_django(fresh=args.fresh)
    world = ensure_world(args.agencies)
    if args.generate_only:
        ensure_messages(args.messages, world)
        return 0
    figures = run(
        world=world,
        messages=args.messages,
        repeats=args.repeats,
        send_count=args.send_count,
        parts=parts,
    )
    report(
        "Exchange benchmark (issue #3)",
        figures,
        # a subset keeps its own file, next to the full run's
        results_name=f"exchange-{results_suffix()}"
        + ("" if set(parts) == set(PARTS) else "-" + "-".join(parts)),
        facts={
            "agencies": str(args.agencies),
            "timed requests per figure": f"{args.repeats} (search: {max(3, args.repeats // 2)})",
        },
    )
    return 1 if any(f.status == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
