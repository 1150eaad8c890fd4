"""Demo hotline traffic between Quảng Nam and Sekong, so the exchange section of a review
report (messages by kind, answered on time, median response time, by level) has data.

Generated with a fixed seed (every machine gets the same messages): requests,
verification requests, alerts and notifications between the provincial and district
police of both sides, heavier in the first half of 2024 (the period the Lamam conference
reviewed). Most requests are answered — by a reply in the same thread — within their
due time, some late, a few not at all; alerts and notifications are acknowledged.
Messages carry an idempotency key "demo-qs-NNN", so a second run writes nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from liaison.agencies.models import Agency, User
from liaison.core.audit.services import Action
from liaison.exchange.duetime import DEFAULT_HOURS
from liaison.exchange.models import (
    KINDS_EXPECTING_REPLY,
    Kind,
    Message,
    MessageStatus,
    Recipient,
    RecipientStatus,
)
from liaison.exchange.textsearch import search_document

SEED = 2024
KEY_PREFIX = "demo-qs-"
# (first day, last day, messages): the first half of 2024 is the reviewed period
PERIODS = (
    (date(2023, 7, 1), date(2023, 12, 31), 30),
    (date(2024, 1, 1), date(2024, 6, 30), 64),
    (date(2024, 7, 1), date(2024, 12, 31), 32),
    (date(2025, 1, 1), date(2026, 10, 31), 44),
)
# agency -> the demo users who write from it (the first one answers too)
DESKS = {
    "vn-qnam-police": ("qnam.liaison", "qnam.officer"),
    "vn-namgiang-police": ("namgiang.officer",),
    "la-sekong-police": ("sekong.liaison", "sekong.officer"),
    "la-lamam-police": ("lamam.officer",),
}
SIDES = (("vn-qnam-police", "vn-namgiang-police"), ("la-sekong-police", "la-lamam-police"))
KINDS = ((Kind.REQUEST, 35), (Kind.VERIFICATION, 25), (Kind.ALERT, 15), (Kind.NOTIFICATION, 25))
PRIORITIES = (("urgent", 15), ("high", 30), ("normal", 55))

SUBJECTS = {
    "vi": {
        Kind.REQUEST: "Đề nghị cung cấp thông tin về đối tượng nghi vận chuyển ma túy qua {place}",
        Kind.VERIFICATION: "Đề nghị xác minh nhân thân, nơi cư trú của đối tượng tại {place}",
        Kind.ALERT: "Cảnh báo phương thức vận chuyển ma túy mới trên tuyến {place}",
        Kind.NOTIFICATION: "Thông báo kết quả bắt giữ vụ vận chuyển ma túy tại {place}",
        Kind.REPLY: "Trả lời: {subject}",
    },
    "lo": {
        Kind.REQUEST: "ຂໍຂໍ້ມູນກ່ຽວກັບຜູ້ຕ້ອງສົງໄສລັກລອບຂົນສົ່ງຢາເສບຕິດຜ່ານ {place}",
        Kind.VERIFICATION: "ຂໍໃຫ້ຢັ້ງຢືນຕົວຕົນ ແລະ ທີ່ຢູ່ຂອງຜູ້ຕ້ອງສົງໄສຢູ່ {place}",
        Kind.ALERT: "ແຈ້ງເຕືອນວິທີການລັກລອບຂົນສົ່ງຢາເສບຕິດແບບໃໝ່ຢູ່ {place}",
        Kind.NOTIFICATION: "ແຈ້ງຜົນການຈັບກຸມຄະດີຢາເສບຕິດຢູ່ {place}",
        Kind.REPLY: "ຕອບ: {subject}",
    },
}
BODIES = {
    "vi": "Nội dung trao đổi theo Biên bản hợp tác PCMT giữa Công an hai tỉnh (dữ liệu demo).",
    "lo": "ເນື້ອໃນແລກປ່ຽນຕາມບົດບັນທຶກການຮ່ວມມື ລະຫວ່າງສອງແຂວງ (ຂໍ້ມູນສາທິດ).",
}
PLACES = {
    "vi": ("cửa khẩu Nam Giang – Đắk Tà Oọc", "huyện Nam Giang", "huyện Tây Giang", "Lạ Màm"),
    "lo": ("ດ່ານດາກຕະອອກ", "ເມືອງລະມາມ", "ເມືອງດາກຈຶງ", "ເມືອງນາມຢາງ"),
}


def _language(agency_code: str) -> str:
    return "vi" if agency_code.startswith("vn-") else "lo"


def _when(rng: random.Random, first: date, last: date, tz) -> datetime:
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    moment = time(rng.randint(7, 17), rng.randrange(60))
    return datetime.combine(day, moment, tzinfo=tz)


def load_messages(*, admin: User, events: list[dict]) -> int:
    """Create the demo messages unless they are there; how many messages were created."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in=DESKS)}
    usernames = [name for names in DESKS.values() for name in names]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    if len(agencies) < len(DESKS) or len(users) < len(usernames):
        return 0  # the demo agencies or users are not there (a partial database)
    rng = random.Random(SEED)
    tz = ZoneInfo(settings.TIME_ZONE)
    roots: list[tuple[Message, Recipient, dict]] = []
    n = 0
    for first, last, count in PERIODS:
        for _ in range(count):
            n += 1
            side = rng.randrange(2)
            sender_code = rng.choice(SIDES[side])
            recipient_code = rng.choices(SIDES[1 - side], (70, 30))[0]
            kind = rng.choices(*zip(*KINDS, strict=True))[0]
            priority = rng.choices(*zip(*PRIORITIES, strict=True))[0]
            sent = _when(rng, first, last, tz)
            language = _language(sender_code)
            message = Message(
                sender_agency=agencies[sender_code],
                author=users[rng.choice(DESKS[sender_code])],
                kind=kind,
                priority=priority,
                subject=SUBJECTS[language][kind].format(place=rng.choice(PLACES[language])),
                body=BODIES[language],
                language=language,
                status=MessageStatus.SENT,
                submitted_at=sent,
                sent_at=sent,
                idempotency_key=f"{KEY_PREFIX}{n:03d}",
                created_at=sent,
            )
            message.search_text = search_document(message.subject, message.body)
            part = _part(rng, message, agencies[recipient_code], users, sent)
            roots.append((message, part, {"recipient": recipient_code, "sender": sender_code}))
    Message.objects.bulk_create([m for m, _, _ in roots])
    for message, part, _ in roots:
        part.message = message
    Recipient.objects.bulk_create([p for _, p, _ in roots])

    replies: list[tuple[Message, Recipient]] = []
    for message, part, codes in roots:
        if part.answered_at is None:
            continue
        n += 1
        language = _language(codes["recipient"])
        reply = Message(
            sender_agency=agencies[codes["recipient"]],
            author=users[DESKS[codes["recipient"]][0]],
            kind=Kind.REPLY,
            priority=message.priority,
            subject=SUBJECTS[language][Kind.REPLY].format(subject=message.subject)[:300],
            body=BODIES[language],
            language=language,
            status=MessageStatus.SENT,
            submitted_at=part.answered_at,
            sent_at=part.answered_at,
            thread=message,
            in_reply_to=message,
            answers_part=part,
            idempotency_key=f"{KEY_PREFIX}{n:03d}",
            created_at=part.answered_at,
        )
        reply.search_text = search_document(reply.subject, reply.body)
        read_at = part.answered_at + timedelta(minutes=rng.randint(5, 240))
        reply_part = Recipient(
            agency=agencies[codes["sender"]],
            status=RecipientStatus.READ,
            sent_at=part.answered_at,
            read_at=read_at,
            read_by=message.author,
        )
        replies.append((reply, reply_part))
    Message.objects.bulk_create([m for m, _ in replies])
    for reply, reply_part in replies:
        reply_part.message = reply
    Recipient.objects.bulk_create([p for _, p in replies])

    for message in [m for m, _, _ in roots] + [m for m, _ in replies]:
        events.append(
            {
                "action": Action.CREATE,
                "obj": message,
                "agency": message.sender_agency_id,
                "changes": {"kind": [None, message.kind], "status": [None, message.status]},
            }
        )
    return len(roots) + len(replies)


def _part(rng: random.Random, message: Message, agency: Agency, users, sent) -> Recipient:
    """The recipient's part with its clock: read, then acknowledged or answered."""
    hours = DEFAULT_HOURS[message.priority]
    answerer = users[DESKS[agency.code][0]]
    expects_reply = message.kind in KINDS_EXPECTING_REPLY
    read_at = sent + timedelta(minutes=rng.randint(5, 180))
    part = Recipient(
        agency=agency,
        status=RecipientStatus.READ,
        expects_reply=expects_reply,
        due_at=sent + timedelta(hours=hours),
        sent_at=sent,
        read_at=read_at,
        read_by=answerer,
    )
    roll = rng.random()
    if not expects_reply:
        if roll < 0.92:
            part.status = RecipientStatus.ACKNOWLEDGED
            part.acknowledged_at = read_at + timedelta(minutes=rng.randint(1, 90))
            part.acknowledged_by = answerer
        return part
    part.acknowledged_at = read_at + timedelta(minutes=rng.randint(1, 60))
    part.acknowledged_by = answerer
    part.status = RecipientStatus.ACKNOWLEDGED
    if roll < 0.88:
        # three in four within the due time, the rest late
        share = rng.uniform(0.1, 0.9) if rng.random() < 0.75 else rng.uniform(1.05, 2.0)
        part.answered_at = max(
            part.acknowledged_at + timedelta(minutes=10), sent + timedelta(hours=hours * share)
        )
        part.answered_by = answerer
        part.status = RecipientStatus.ANSWERED
    return part
