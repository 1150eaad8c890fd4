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

Run: nice -n 10 .venv/bin/python bench/bench_review_report.py [--fresh]
     [--only docx,pdf,xlsx] [--languages vi,lo] [--repeats 3]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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

TARGETS_S = {"docx": 5.0, "pdf": 15.0, "xlsx": 5.0}
FORMATS = tuple(TARGETS_S)
PERIOD = (date(2024, 1, 1), date(2024, 6, 30))
FIRST_DAY, LAST_DAY = date(2023, 7, 1), date(2025, 6, 30)
REF_PREFIX = "RR-"
KEY_PREFIX = "rr-"
SEED = 6
BATCH = 2_000
MESSAGE_KINDS = (("request", 35), ("verification", 20), ("alert", 15), ("notification", 30))
PRIORITIES = (("urgent", 15), ("high", 30), ("normal", 55))
HOURS = {"urgent": 24, "high": 72, "normal": 168}
ACTIVITY_KINDS = (
    "awareness",
    "patrol",
    "delegation",
    "training",
    "survey",
    "campaign",
    "experience",
    "handover",
)


# --- The partnership and its data ---------------------------------------------------------


def the_partnership(world: World):
    """The Viet Nam – Laos ministerial partnership of the generated world."""
    from liaison.agencies.models import Partnership

    vn, la = world.agencies["ministry"]["VN"][0], world.agencies["ministry"]["LA"][0]
    return Partnership.objects.filter(parties=vn).filter(parties=la).order_by("pk").first()


def _span_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _side_agencies(world: World, country: str) -> list[int]:
    """Every agency of a country below its ministry (all inside the party's subtree)."""
    return [
        pk
        for level in ("department", "province", "district", "border_post")
        for pk in world.agencies[level].get(country, [])
    ]


def generate_incidents(count: int, world: World, *, seed: int = SEED) -> None:
    """`count` incidents (1-4 items, 0-3 arrest rows) recorded on both sides."""
    from django.db import transaction

    from bench.bench_seizures import DRUGS, NATIONALITIES, _recorders, ensure_areas
    from liaison.seizures.models import Arrest, Incident, SeizedItem

    rng = random.Random(seed)
    areas = ensure_areas()
    recorders = {c: _recorders(world, c) for c in ("VN", "LA")}
    drugs, drug_weights = list(DRUGS), [w for w, _ in DRUGS.values()]
    nats, nats_w = zip(*NATIONALITIES, strict=True)
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        incidents, items, arrests = [], [], []
        for n in range(done, done + size):
            country = rng.choices(("VN", "LA"), (60, 40))[0]
            p = rng.randrange(len(areas[country]))
            province, lat, lon, districts = areas[country][p]
            agency, district_agencies = recorders[country][p % len(recorders[country])]
            d = rng.randrange(len(districts))
            if district_agencies and rng.random() < 0.6:
                agency = district_agencies[d % len(district_agencies)]
            incident = Incident(
                ref=f"{REF_PREFIX}{n + 1}",
                agency_id=agency,
                sharing="partners",
                occurred_on=_span_day(rng),
                country_id=country,
                province_id=province,
                district_id=districts[d][0],
                latitude=round(lat + rng.uniform(-0.3, 0.3), 6),
                longitude=round(lon + rng.uniform(-0.3, 0.3), 6),
                modus=rng.choice(("land", "land", "land", "river", "post")),
                origin=rng.choice(("", "MM", "LA", "KH")),
                destination=rng.choice(("", "VN", "CN")),
            )
            kg_total, arrested = 0.0, 0
            own_items = []
            for _ in range(rng.choice((1, 1, 2, 3, 4))):
                drug = rng.choices(drugs, drug_weights)[0]
                unit, low, high, per_unit = rng.choice(DRUGS[drug][1])
                quantity = round(rng.uniform(low, high), 3)
                kg = None if per_unit is None else round(quantity * per_unit, 6)
                kg_total += kg or 0
                conversion = "" if unit == "kg" or per_unit is None else f"1 {unit} = {per_unit} kg"
                own_items.append(
                    SeizedItem(
                        drug=drug, quantity=quantity, unit=unit, kg=kg, conversion=conversion
                    )
                )
            own_arrests = []
            for _ in range(rng.choices((0, 1, 2, 3), (20, 50, 20, 10))[0]):
                how_many = rng.choice((1, 1, 1, 2, 3))
                arrested += how_many
                own_arrests.append(Arrest(nationality=rng.choices(nats, nats_w)[0], count=how_many))
            incident.arrested_count = arrested
            incident.seized_kg = round(kg_total, 6)
            incidents.append((incident, own_items, own_arrests))
        with transaction.atomic():
            Incident.objects.bulk_create([i for i, _, _ in incidents])
            for incident, own_items, own_arrests in incidents:
                for item in own_items:
                    item.incident = incident
                    items.append(item)
                for arrest in own_arrests:
                    arrest.incident = incident
                    arrests.append(arrest)
            SeizedItem.objects.bulk_create(items)
            Arrest.objects.bulk_create(arrests)
        done += size


def generate_messages(count: int, world: World, *, seed: int = SEED) -> None:
    """`count` messages between the two sides, replies included (a reply answers a request
    or verification, in its thread), each with its recipient part and clock."""
    from django.db import transaction

    from liaison.exchange.models import Message, Recipient

    rng = random.Random(seed + 1)
    desks = {
        c: [
            world.officers[f"{c} {level}"]
            for level in ("department", "province", "district", "border_post")
        ]
        for c in ("VN", "LA")
    }
    kinds, kind_w = zip(*MESSAGE_KINDS, strict=True)
    priorities, priority_w = zip(*PRIORITIES, strict=True)
    made = 0
    n = 0
    while made < count:
        roots: list[tuple] = []
        # about half the roots get a reply: two roots for three messages still to make
        for _ in range(min(BATCH, max(1, (count - made) * 2 // 3))):
            n += 1
            side = rng.choice(("VN", "LA"))
            author = rng.choice(desks[side])
            to = rng.choice(desks["LA" if side == "VN" else "VN"])
            kind = rng.choices(kinds, kind_w)[0]
            priority = rng.choices(priorities, priority_w)[0]
            sent = datetime.combine(_span_day(rng), datetime.min.time(), tzinfo=UTC) + timedelta(
                hours=rng.randint(1, 10), minutes=rng.randrange(60)
            )
            message = Message(
                sender_agency_id=author.agency_id,
                author=author,
                kind=kind,
                priority=priority,
                subject=f"Trao đổi thông tin số {n}" if side == "VN" else f"ແລກປ່ຽນຂໍ້ມູນ {n}",
                body="Nội dung (benchmark)" if side == "VN" else "ເນື້ອໃນ (benchmark)",
                language="vi" if side == "VN" else "lo",
                status="sent",
                sent_at=sent,
                submitted_at=sent,
                created_at=sent,
                idempotency_key=f"{KEY_PREFIX}{n}",
            )
            hours = HOURS[priority]
            expects = kind in ("request", "verification")
            read = sent + timedelta(minutes=rng.randint(5, 240))
            part = Recipient(
                agency_id=to.agency_id,
                status="read",
                expects_reply=expects,
                due_at=sent + timedelta(hours=hours),
                sent_at=sent,
                read_at=read,
                read_by=to,
            )
            roll = rng.random()
            if roll < 0.9:
                part.acknowledged_at, part.acknowledged_by = read + timedelta(minutes=30), to
                part.status = "acknowledged"
            if expects and roll < 0.85:
                share = rng.uniform(0.1, 0.95) if rng.random() < 0.8 else rng.uniform(1.05, 3)
                part.answered_at = max(
                    read + timedelta(hours=1), sent + timedelta(hours=hours * share)
                )
                part.answered_by, part.status = to, "answered"
            roots.append((message, part, author, to))
        with transaction.atomic():
            Message.objects.bulk_create([m for m, _, _, _ in roots])
            for message, part, _, _ in roots:
                part.message = message
            Recipient.objects.bulk_create([p for _, p, _, _ in roots])
            replies, reply_parts = [], []
            for message, part, author, to in roots:
                if part.answered_at is None or made + len(roots) + len(replies) >= count:
                    continue
                reply = Message(
                    sender_agency_id=to.agency_id,
                    author=to,
                    kind="reply",
                    priority=message.priority,
                    subject=f"Re: {message.subject}",
                    body=message.body,
                    language="lo" if message.language == "vi" else "vi",
                    status="sent",
                    sent_at=part.answered_at,
                    submitted_at=part.answered_at,
                    created_at=part.answered_at,
                    thread=message,
                    in_reply_to=message,
                    answers_part=part,
                    idempotency_key=f"{message.idempotency_key}-re",
                )
                replies.append(reply)
                reply_parts.append(
                    Recipient(
                        agency_id=author.agency_id,
                        status="read",
                        sent_at=part.answered_at,
                        read_at=part.answered_at + timedelta(hours=1),
                        read_by=author,
                    )
                )
            Message.objects.bulk_create(replies)
            for reply, reply_part in zip(replies, reply_parts, strict=True):
                reply_part.message = reply
            Recipient.objects.bulk_create(reply_parts)
        made += len(roots) + len(replies)


def generate_cooperation(partnership, world: World, *, activities: int, seed: int = SEED) -> None:
    """Two agreements (20 + 10 commitments), `activities` activities fulfilling them, four
    conferences and a dozen joint cases with participants on both sides."""
    from django.db import transaction

    from liaison.cases.models import CaseEvent, CaseParticipant, JointCase
    from liaison.cooperation.models import Activity, Agreement, Commitment, Conference

    rng = random.Random(seed + 2)
    vn, la = world.agencies["ministry"]["VN"][0], world.agencies["ministry"]["LA"][0]
    sides = {"VN": _side_agencies(world, "VN"), "LA": _side_agencies(world, "LA")}
    with transaction.atomic():
        conferences = Conference.objects.bulk_create(
            [
                Conference(
                    partnership=partnership,
                    kind=kind,
                    title=title,
                    starts_on=day,
                    place=place,
                    host_id=host,
                    reviews_from=rf,
                    reviews_to=rt,
                )
                for kind, title, day, place, host, rf, rt in (
                    (
                        "annual",
                        "Annual review 2023",
                        date(2023, 12, 20),
                        "Hà Nội",
                        vn,
                        date(2023, 1, 1),
                        date(2023, 12, 31),
                    ),
                    (
                        "six_month",
                        "Six-month review 2024",
                        date(2024, 8, 14),
                        "Vientiane",
                        la,
                        PERIOD[0],
                        PERIOD[1],
                    ),
                    (
                        "annual",
                        "Annual review 2024",
                        date(2024, 12, 18),
                        "Hà Nội",
                        vn,
                        date(2024, 1, 1),
                        date(2024, 12, 31),
                    ),
                    (
                        "ministerial",
                        "Ministerial conference 2024",
                        date(2024, 10, 10),
                        "Hà Nội",
                        vn,
                        None,
                        None,
                    ),
                )
            ]
        )
        agreements = []
        for number, year, count, conference in (
            ("A-2023", 2023, 10, None),
            ("B-2024", 2024, 20, conferences[0]),
        ):
            agreement = Agreement.objects.create(
                partnership=partnership,
                kind="minutes",
                number=number,
                title=f"Cooperation minutes {year}",
                signed_on=date(year - 1, 12, 20),
                valid_from=date(year, 1, 1),
                valid_to=date(year + 1, 6, 30),
                conference=conference,
                follows=agreements[-1][0] if agreements else None,
            )
            agreement.parties.set([vn, la])
            commitments = Commitment.objects.bulk_create(
                [
                    Commitment(
                        agreement=agreement,
                        number=str(i + 1),
                        position=i,
                        content=f"Commitment {i + 1} of {number}",
                        target=rng.choice((None, 2, 5, 10, 30)),
                        activity_kind=ACTIVITY_KINDS[i % len(ACTIVITY_KINDS)],
                        due_on=date(year, 6, 30) if i % 3 == 0 else date(year, 12, 31),
                    )
                    for i in range(count)
                ]
            )
            Commitment.responsible.through.objects.bulk_create(
                [
                    Commitment.responsible.through(commitment_id=c.pk, agency_id=a)
                    for c in commitments
                    for a in (vn, la)
                ]
            )
            agreements.append((agreement, commitments))
        all_commitments = [c for _, cs in agreements for c in cs]
        made = Activity.objects.bulk_create(
            [
                Activity(
                    partnership=partnership,
                    kind=rng.choice(ACTIVITY_KINDS),
                    title=f"Activity {i + 1}",
                    starts_on=(day := _span_day(rng)),
                    ends_on=day + timedelta(days=rng.choice((0, 0, 1, 2, 4))),
                    place=f"Place {i % 40}",
                    organiser_id=rng.choice(sides[rng.choice(("VN", "LA"))]),
                    participant_count=rng.randint(8, 250),
                    audience="Border residents" if i % 3 == 0 else "",
                )
                for i in range(activities)
            ]
        )
        Activity.participating.through.objects.bulk_create(
            [
                Activity.participating.through(activity_id=a.pk, agency_id=agency)
                for a in made
                for agency in {rng.choice(sides["VN"]), rng.choice(sides["LA"])}
            ]
        )
        Activity.commitments.through.objects.bulk_create(
            [
                Activity.commitments.through(activity_id=a.pk, commitment_id=c.pk)
                for a in made
                for c in {rng.choice(all_commitments) for _ in range(rng.choice((0, 1, 1, 2)))}
            ]
        )
        for i in range(12):
            lead_side = "VN" if i % 3 else "LA"
            other = "LA" if lead_side == "VN" else "VN"
            established = PERIOD[0] + timedelta(days=rng.randrange(150))
            status = ("active", "expanded", "closed", "established")[i % 4]
            case = JointCase.objects.create(
                code=f"RR-{i + 1:02d}",
                title=f"Joint case {i + 1}",
                lead_agency_id=rng.choice(sides[lead_side]),
                status=status,
                proposed_on=established - timedelta(days=14),
                established_on=established,
                closed_on=established + timedelta(days=60) if status == "closed" else None,
            )
            CaseParticipant.objects.bulk_create(
                [
                    CaseParticipant(
                        case=case, agency_id=case.lead_agency_id, joined_on=established
                    ),
                    CaseParticipant(
                        case=case, agency_id=rng.choice(sides[other]), joined_on=established
                    ),
                ]
            )
            CaseEvent.objects.create(
                case=case,
                kind="status",
                occurred_on=established,
                agency_id=case.lead_agency_id,
                new_status="established",
            )


def ensure_data(world: World, *, incidents: int, messages: int, activities: int, progress=print):
    """Generate what is missing; figures of the work and of what is there."""
    from liaison.cooperation.models import Activity
    from liaison.exchange.models import Message
    from liaison.seizures.models import Incident

    partnership = the_partnership(world)
    figures: list[Figure] = []
    start = time.perf_counter()
    if not Incident.objects.filter(ref__startswith=REF_PREFIX).exists():
        progress(f"Generating {incidents:,} incidents...")
        generate_incidents(incidents, world)
        _refresh_rollup(progress)
    if not Message.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        progress(f"Generating {messages:,} messages...")
        generate_messages(messages, world)
    if not Activity.objects.filter(partnership=partnership).exists():
        progress(f"Generating {activities:,} activities, agreements, conferences, cases...")
        generate_cooperation(partnership, world, activities=activities)
    seconds = time.perf_counter() - start
    if seconds > 1:
        figures.append(Figure("generating the data", seconds, "s"))
        _analyze()
    figures += [
        Figure("incidents", float(Incident.objects.filter(ref__startswith=REF_PREFIX).count()), ""),
        Figure(
            "messages",
            float(Message.objects.filter(idempotency_key__startswith=KEY_PREFIX).count()),
            "",
        ),
        Figure("activities", float(Activity.objects.filter(partnership=partnership).count()), ""),
    ]
    return partnership, figures


def _refresh_rollup(progress) -> None:
    from liaison.seizures import rollup

    progress("Rebuilding the seizure roll-up...")
    rollup.rebuild(progress=lambda *a: None)


def _analyze() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from liaison.cases.models import CaseEvent, CaseParticipant, JointCase
    from liaison.cooperation.models import Activity, Agreement, Commitment, Conference
    from liaison.exchange.models import Message, Recipient
    from liaison.seizures.models import Arrest, Incident, SeizedItem

    models = [
        Incident,
        SeizedItem,
        Arrest,
        Message,
        Recipient,
        Activity,
        Agreement,
        Commitment,
        Conference,
        JointCase,
        CaseParticipant,
        CaseEvent,
    ]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cur.execute(sql)
        cur.execute("ANALYZE")


# --- Measuring ------------------------------------------------------------------------------


def measure_reports(
    partnership, *, formats, languages, repeats: int, period=PERIOD, label="six-month"
) -> list[Figure]:
    from liaison.cooperation.report import render_review_report

    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            for language in languages:
                out = Path(tmp) / f"review-{language}.{fmt}"

                def run(_, fmt=fmt, language=language, out=out):
                    render_review_report(
                        partnership=partnership,
                        date_from=period[0],
                        date_to=period[1],
                        language=language,
                        fmt=fmt,
                        out=out,
                    )

                samples = measure(run, repeats=repeats, warmup=1)
                cpu = samples.cpu_median / 1000 if samples.cpu_median is not None else 0
                figures.append(
                    Figure(
                        f"{label} review report, {fmt.upper()}, {language}, median",
                        samples.median / 1000,
                        "s",
                        TARGETS_S[fmt],
                        note=f"CPU {cpu:.2f} s, {out.stat().st_size / 1024:,.0f} KiB, "
                        f"runs {', '.join(f'{v / 1000:.2f}' for v in samples.values)} s",
                    )
                )
    return figures


def run(
    *,
    world: World,
    incidents: int,
    messages: int,
    activities: int,
    repeats: int,
    formats: tuple[str, ...] = FORMATS,
    languages: tuple[str, ...] = ("vi", "lo"),
    whole_range: bool = False,
    progress=print,
) -> list[Figure]:
    partnership, figures = ensure_data(
        world, incidents=incidents, messages=messages, activities=activities, progress=progress
    )
    if formats:
        figures += measure_reports(
            partnership, formats=formats, languages=languages, repeats=repeats
        )
        if whole_range:
            # the strict reading: one report over ALL the generated data (every incident,
            # message and activity of the partnership falls in the period)
            figures += measure_reports(
                partnership,
                formats=formats,
                languages=languages,
                repeats=repeats,
                period=(FIRST_DAY, LAST_DAY),
                label="whole-data (two-year)",
            )
    return figures


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
