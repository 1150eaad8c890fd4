"""The partnership's cooperation record: two agreements with their commitments, activities
fulfilling them, four conferences and a dozen joint cases with both sides taking part."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bench.common import World
from bench.review.partnership import ACTIVITY_KINDS, PERIOD, SEED, side_agencies, span_day


def generate_cooperation(partnership, world: World, *, activities: int, seed: int = SEED) -> None:
    """Two agreements (20 + 10 commitments), `activities` activities fulfilling them, four
    conferences and a dozen joint cases with participants on both sides."""
    from django.db import transaction

    from liaison.cases.models import CaseEvent, CaseParticipant, JointCase
    from liaison.cooperation.models import Activity, Agreement, Commitment, Conference

    rng = random.Random(seed + 2)
    vn, la = world.agencies["ministry"]["VN"][0], world.agencies["ministry"]["LA"][0]
    sides = {"VN": side_agencies(world, "VN"), "LA": side_agencies(world, "LA")}
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
                    starts_on=(day := span_day(rng)),
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
