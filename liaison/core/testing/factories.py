"""factory_boy factories for the agencies app (other apps add their own)."""

from __future__ import annotations

import factory

from liaison.agencies.models import Agency, Country, Partnership, User, UserRole

PASSWORD = "correct-horse-battery-42"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "VN"
    iso3 = factory.LazyAttribute(
        lambda o: {"VN": "VNM", "LA": "LAO", "KH": "KHM"}.get(o.code, o.code + "X")
    )
    name = factory.LazyAttribute(lambda o: o.code)
    name_local = factory.LazyAttribute(lambda o: o.code)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.PROVINCIAL_POLICE
    level = Agency.Level.PROVINCIAL
    country = factory.SubFactory(CountryFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    full_name = factory.LazyAttribute(lambda o: o.username.title())
    agency = factory.SubFactory(AgencyFactory)
    language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            UserRole.objects.bulk_create([UserRole(user=self, role=r) for r in extracted])


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    kind = Partnership.Kind.BILATERAL

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)
