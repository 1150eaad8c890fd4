"""factory_boy factories for cooperation records.

agreement = AgreementFactory(partnership=cast.partnership)   # parties: the partnership's
commitment = CommitmentFactory(agreement=agreement, target=2, activity_kind="awareness",
                               responsible=[cast.quang_nam])
ActivityFactory(partnership=cast.partnership, organiser=cast.quang_nam,
                participating=[cast.sekong], commitments=[commitment])
ConferenceFactory(partnership=cast.partnership, kind="six_month")
"""

from __future__ import annotations

from datetime import date

import factory

from liaison.cooperation.models import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementKind,
    Commitment,
    Conference,
    ConferenceKind,
)


def _set_many(field: str):
    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(hook)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = AgreementKind.MINUTES
    number = factory.Sequence(lambda n: f"{n}/BB-HT")
    title = factory.Sequence(lambda n: f"Cooperation minutes {n}")
    signed_on = date(2024, 1, 10)
    valid_from = date(2024, 1, 1)
    valid_to = date(2024, 12, 31)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.parties.set(extracted if extracted else obj.partnership.parties.all())


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    content = factory.Sequence(lambda n: f"Commitment {n}")
    due_on = date(2024, 12, 31)

    @factory.post_generation
    def responsible(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.responsible.set(extracted if extracted else obj.agreement.parties.all()[:1])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    kind = ActivityKind.AWARENESS
    title = factory.Sequence(lambda n: f"Activity {n}")
    starts_on = date(2024, 3, 15)
    participant_count = 50
    participating = _set_many("participating")
    commitments = _set_many("commitments")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        skip_postgeneration_save = True

    kind = ConferenceKind.SIX_MONTH
    title = factory.Sequence(lambda n: f"Review conference {n}")
    starts_on = date(2024, 8, 14)
    place = "Lamam"
