"""Demo cooperation records: the story of the seed articles (`demo_story.py`) and the
hotline messages between Quảng Nam and Sekong that make its review reports meaningful
(`demo_exchange.py`).

Trusted set-up data, written through the models (the cooperation services check a
user's rights, which set-up code has no use for), each record with its audit event
(actor: the demo's platform administrator, verb "demo_load"). Idempotent: agreements,
conferences and activities are matched by partnership and title, messages by their
idempotency key; what exists is left alone, so a second run only reads (one query).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from liaison.agencies.models import Agency, Area, Partnership, User
from liaison.cooperation import demo_story as story
from liaison.cooperation.models import (
    Activity,
    Agreement,
    Commitment,
    Conference,
    Delegation,
)
from liaison.core.audit.services import Action, audit_record_many, diff, snapshot

VERB = "demo_load"


def load_cooperation(*, admin: User) -> dict[str, int]:
    """Create the missing demo records; how many of each were created (by model label)."""
    from liaison.cooperation.demo_exchange import load_messages

    have = _existing()
    missing_story = (
        any(("a", s.partnership, s.title, "") not in have for s in story.AGREEMENTS)
        or any(("c", s.partnership, s.title, "") not in have for s in story.CONFERENCES)
        or any(
            ("v", s.partnership, s.title, s.starts_on.isoformat()) not in have
            for s in story.ACTIVITIES
        )
    )
    missing_messages = not any(row[0] == "m" for row in have)
    created: dict[str, int] = {}
    if not (missing_story or missing_messages):
        return created
    events: list[dict] = []
    with transaction.atomic():
        if missing_story:
            _load_story(admin, have, events, created)
        if missing_messages and (messages := load_messages(admin=admin, events=events)):
            created["exchange.message"] = messages
        if events:
            audit_record_many(actor=admin, events=events, verb=VERB)
    return created


def _existing() -> set[tuple]:
    """What the demo already wrote, in one query (the second run of `liaison demo` reads
    only this): ("a"|"c"|"v", partnership code, title, activity date) of agreements,
    conferences and activities (the date as ISO text), and ("m", "", key, "") for the
    generated messages."""
    from liaison.cooperation.demo_exchange import KEY_PREFIX
    from liaison.exchange.models import Message

    codes = _partnership_codes()
    no_date = Value("")

    # only annotations, all text: the parts of a UNION must agree column by column
    def rows(model, tag: str, day):
        return (
            model.objects.filter(partnership__code__in=codes)
            .annotate(tag=Value(tag), code=F("partnership__code"), name=F("title"), day=day)
            .order_by()
            .values_list("tag", "code", "name", "day")
        )

    messages = (
        Message.objects.filter(idempotency_key=f"{KEY_PREFIX}001")
        .annotate(tag=Value("m"), code=Value(""), name=F("idempotency_key"), day=no_date)
        .order_by()
        .values_list("tag", "code", "name", "day")
    )
    activity_day = Cast("starts_on", output_field=CharField())
    query = rows(Agreement, "a", no_date).union(
        rows(Conference, "c", no_date), rows(Activity, "v", activity_day), messages, all=True
    )
    return set(query)


def _event(obj, agency=None) -> dict:
    return {
        "action": Action.CREATE,
        "obj": obj,
        "agency": agency,
        "changes": diff({}, snapshot(obj)),
    }


def _count(created: dict[str, int], obj) -> None:
    label = obj._meta.label_lower
    created[label] = created.get(label, 0) + 1


def _load_story(admin: User, have: set[tuple], events: list[dict], created: dict) -> None:
    partnerships = {p.code: p for p in Partnership.objects.filter(code__in=_partnership_codes())}
    agencies = {a.code: a for a in Agency.objects.all()}
    areas = {a.code: a for a in Area.objects.filter(code__in=_area_codes())}

    conferences: dict[str, Conference] = {}
    for spec in story.CONFERENCES:
        partnership = partnerships[spec.partnership]
        if ("c", spec.partnership, spec.title, "") in have:
            conferences[spec.key] = Conference.objects.get(
                partnership=partnership, title=spec.title
            )
            continue
        conference = Conference.objects.create(
            partnership=partnership,
            kind=spec.kind,
            title=spec.title,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            place=spec.place,
            host=agencies[spec.host] if spec.host else None,
            reviews_from=spec.reviews[0] if spec.reviews else None,
            reviews_to=spec.reviews[1] if spec.reviews else None,
            agenda=spec.agenda,
            minutes=spec.minutes,
            decisions=spec.decisions,
            created_by=admin,
        )
        conferences[spec.key] = conference
        events.append(_event(conference, conference.host_id))
        _count(created, conference)
        for d in spec.delegations:
            delegation = Delegation.objects.create(
                conference=conference,
                agency=agencies[d.agency],
                head_name=d.head_name,
                head_title=d.head_title,
                members=d.members,
            )
            events.append(_event(delegation, delegation.agency_id))
            _count(created, delegation)

    agreements: dict[str, Agreement] = {}
    commitments: dict[str, Commitment] = {}
    for spec in story.AGREEMENTS:
        partnership = partnerships[spec.partnership]
        if ("a", spec.partnership, spec.title, "") in have:
            agreement = Agreement.objects.get(partnership=partnership, title=spec.title)
            agreements[spec.key] = agreement
            for commitment in agreement.commitments.all():
                commitments[f"{spec.key}/{commitment.number}"] = commitment
            continue
        agreement = Agreement.objects.create(
            partnership=partnership,
            kind=spec.kind,
            number=spec.number,
            title=spec.title,
            signed_on=spec.signed_on,
            signed_place=spec.signed_place,
            valid_from=spec.valid_from,
            valid_to=spec.valid_to,
            conference=conferences.get(spec.conference),
            follows=agreements.get(spec.follows),
            summary=spec.summary,
            created_by=admin,
        )
        agreement.parties.set([agencies[code] for code in spec.parties])
        agreements[spec.key] = agreement
        events.append(_event(agreement))
        _count(created, agreement)
        for position, c in enumerate(spec.commitments):
            commitment = Commitment.objects.create(
                agreement=agreement,
                number=c.number,
                position=position,
                content=c.content,
                indicator=c.indicator,
                target=c.target,
                activity_kind=c.activity_kind,
                due_on=c.due_on,
                status_override=c.override,
                override_reason=c.override_reason,
                overridden_by=admin if c.override else None,
                overridden_at=timezone.now() if c.override else None,
            )
            commitment.responsible.set([agencies[code] for code in c.responsible])
            commitments[f"{spec.key}/{c.number}"] = commitment
            events.append(_event(commitment))
            _count(created, commitment)

    for spec in story.ACTIVITIES:
        if ("v", spec.partnership, spec.title, spec.starts_on.isoformat()) in have:
            continue
        activity = Activity.objects.create(
            partnership=partnerships[spec.partnership],
            kind=spec.kind,
            title=spec.title,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            place=spec.place,
            area=areas.get(spec.area),
            organiser=agencies[spec.organiser],
            participant_count=spec.participant_count,
            audience=spec.audience,
            outcome=spec.outcome,
            created_by=admin,
        )
        activity.participating.set([agencies[code] for code in spec.participating])
        activity.commitments.set([commitments[key] for key in spec.commitments])
        events.append(_event(activity, activity.organiser_id))
        _count(created, activity)


def _partnership_codes() -> set[str]:
    return {s.partnership for s in (*story.AGREEMENTS, *story.CONFERENCES, *story.ACTIVITIES)}


def _area_codes() -> set[str]:
    return {s.area for s in story.ACTIVITIES if s.area}
