"""The partnership's generated data: incidents on both sides, messages between them, the
cooperation record (bench/review/cooperation.py); generated once, found again later."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from bench.common import Figure, World
from bench.review.cooperation import generate_cooperation
from bench.review.partnership import (
    BATCH,
    HOURS,
    KEY_PREFIX,
    MESSAGE_KINDS,
    PRIORITIES,
    REF_PREFIX,
    SEED,
    span_day,
    the_partnership,
)
from bench.seizures.generate import DRUGS, NATIONALITIES, ensure_areas, recording_agencies


def generate_incidents(count: int, world: World, *, seed: int = SEED) -> None:
    """`count` incidents (1-4 items, 0-3 arrest rows) recorded on both sides."""
    from django.db import transaction

    from liaison.seizures.models import Arrest, Incident, SeizedItem

    rng = random.Random(seed)
    areas = ensure_areas()
    recorders = {c: recording_agencies(world, c) for c in ("VN", "LA")}
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
                occurred_on=span_day(rng),
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
            sent = datetime.combine(span_day(rng), datetime.min.time(), tzinfo=UTC) + timedelta(
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
