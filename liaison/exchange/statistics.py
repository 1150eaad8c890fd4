"""Exchange statistics per partnership and period, as plain dicts for the page, the API
and the review reports.

Only the cross-border traffic between the parties (and their sub-units) counts; forwards
inside a country do not. Figures are computed in `stats.py` (pure).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.utils import timezone

from liaison.agencies.models import Agency, Partnership, User
from liaison.core.access import access_object, side_of
from liaison.exchange.models import Kind, MessageStatus, Recipient
from liaison.exchange.selectors import day_end, day_start
from liaison.exchange.stats import PartTimes, response_figures


def _by_kind(counter: dict[str, set[int]]) -> dict:
    by_kind = {k: len(counter.get(k, ())) for k in Kind.values}
    return {"total": sum(by_kind.values()), "by_kind": by_kind}


def partnership_statistics(
    *,
    user: User,
    partnership: Partnership | int,
    date_from: date,
    date_to: date,
    now: datetime | None = None,
) -> dict:
    """Messages sent and received by kind, median hours to acknowledge and to answer,
    and the share answered on time, per party and in total, for parts sent in the period.

    404 when the user may not see the partnership.
    """
    partnership = access_object(
        Partnership.objects.prefetch_related("parties"),
        user,
        pk=getattr(partnership, "pk", partnership),
    )
    return exchange_figures(partnership=partnership, date_from=date_from, date_to=date_to, now=now)


def exchange_figures(
    *,
    partnership: Partnership,
    date_from: date,
    date_to: date,
    now: datetime | None = None,
    detailed: bool = False,
) -> dict:
    """The figures of `partnership_statistics` without a viewer (the caller decides who
    may see them: the review report, the command line).

    `detailed` adds "by_kind" (messages of the period by kind, both directions) and
    "by_level" (per level of the receiving agency — central, provincial, district,
    border post/BLO — the messages received and their response figures).
    """
    now = now or timezone.now()
    parties = sorted(partnership.parties.all(), key=lambda a: (a.country_id, a.name))
    party_of = side_of(p.pk for p in parties)
    country = {p.pk: p.country_id for p in parties}
    rows = Recipient.objects.filter(
        sent_at__gte=day_start(date_from),
        sent_at__lte=day_end(date_to),
        forwarded_from__isnull=True,
        message__status=MessageStatus.SENT,
        agency_id__in=list(party_of),
        message__sender_agency_id__in=list(party_of),
    ).values_list(
        "message_id",
        "message__kind",
        "message__sender_agency_id",
        "agency_id",
        "sent_at",
        "due_at",
        "acknowledged_at",
        "answered_at",
        "expects_reply",
    )
    sent: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    received: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    timings: dict[int, list[PartTimes]] = defaultdict(list)
    messages: set[int] = set()
    all_timings: list[PartTimes] = []
    kinds: dict[str, set[int]] = defaultdict(set)
    level_messages: dict[str, set[int]] = defaultdict(set)
    level_timings: dict[str, list[PartTimes]] = defaultdict(list)
    level_of: dict[int, str] = {}
    if detailed:
        level_of = dict(Agency.objects.filter(pk__in=list(party_of)).values_list("pk", "level"))
    for msg_id, kind, sender_id, agency_id, sent_at, due, ack, answered, expects in rows:
        from_party, to_party = party_of[sender_id], party_of[agency_id]
        if country[from_party] == country[to_party]:
            continue
        messages.add(msg_id)
        sent[from_party][kind].add(msg_id)
        received[to_party][kind].add(msg_id)
        kinds[kind].add(msg_id)
        level = level_of.get(agency_id, "")
        level_messages[level].add(msg_id)
        if kind != Kind.REPLY:
            part = PartTimes(sent_at, due, ack, answered, expects)
            timings[to_party].append(part)
            all_timings.append(part)
            level_timings[level].append(part)
    figures = {
        "partnership": {"id": partnership.pk, "code": partnership.code, "name": partnership.name},
        "period": {"from": _iso(date_from), "to": _iso(date_to)},
        "parties": [
            {
                "agency_id": p.pk,
                "agency": p.name,
                "country": p.country_id,
                "sent": _by_kind(sent.get(p.pk, {})),
                "received": _by_kind(received.get(p.pk, {})),
                "responses": response_figures(timings.get(p.pk, []), now=now),
            }
            for p in parties
        ],
        "totals": {
            "messages": len(messages),
            "parts": len(all_timings),
            **response_figures(all_timings, now=now),
        },
    }
    if detailed:
        figures["by_kind"] = _by_kind(kinds)
        figures["by_level"] = {
            level: {
                "messages": len(level_messages.get(level, ())),
                **response_figures(level_timings.get(level, []), now=now),
            }
            for level in Agency.Level.values
        }
    return figures


def _iso(day: date | datetime) -> str:
    return day.isoformat()
