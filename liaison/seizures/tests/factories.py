"""factory_boy factories for the ledger: areas, incidents with their items and arrests.

    area = AreaFactory(country=cast.quang_nam.country, code="VN-27", name="Quảng Nam")
    incident = IncidentFactory(
        agency=cast.quang_nam,
        province=area,                       # default: a province of the agency's country
        items=[("meth_tablets", 20000, "tablets"), ("heroin", "1.5", "kg")],
        arrests=[("VN", 2), ("LA", 1)],      # sets arrested_count to 3
    )

Items go through the real models with the kg and conversion text of `seizures.units`,
so statistics and the map see realistic normalized figures. Items may also be dicts
(keys of SeizedItem) or SeizedItem-like keyword sets; without `items` an incident gets
one item of 1 kg methamphetamine crystal; pass `items=[]` for none.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from liaison.agencies.models import Area
from liaison.core.testing.factories import AgencyFactory, CountryFactory
from liaison.seizures import units
from liaison.seizures.models import Arrest, DrugConversion, Incident, Modus, SeizedItem


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    country = factory.SubFactory(CountryFactory)
    code = factory.Sequence(lambda n: f"XX-{n}")
    kind = Area.Kind.PROVINCE
    name = factory.Sequence(lambda n: f"Province {n}")
    name_en = factory.LazyAttribute(lambda o: o.name)


def make_item(incident: Incident, spec) -> SeizedItem:
    """A SeizedItem (unsaved) from a (drug, quantity, unit[, substance]) tuple or a dict."""
    if isinstance(spec, dict):
        values = dict(spec)
    else:
        drug, quantity, unit, *rest = spec
        values = {"drug": drug, "quantity": quantity, "unit": unit}
        if rest:
            values["substance"] = rest[0]
    values["quantity"] = Decimal(str(values["quantity"]))
    if "kg" not in values:
        overrides = {
            (c.drug, c.unit): c.kg_per_unit
            for c in DrugConversion.objects.filter(drug=values["drug"], unit=values["unit"])
        }
        kg, text = units.normalize(values["quantity"], values["unit"], values["drug"], overrides)
        values["kg"] = kg
        values.setdefault("conversion", text)
    return SeizedItem(incident=incident, **values)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    ref = factory.Sequence(lambda n: f"INC-{n:05d}")
    agency = factory.SubFactory(AgencyFactory)
    country = factory.LazyAttribute(lambda o: o.agency.country)
    province = factory.SubFactory(AreaFactory, country=factory.SelfAttribute("..country"))
    occurred_on = date(2024, 3, 15)
    modus = Modus.LAND
    sharing = "national"
    handling_code = "H0"

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if not create:
            return
        specs = [("meth_crystal", "1", "kg")] if extracted is None else extracted
        rows = SeizedItem.objects.bulk_create([make_item(self, spec) for spec in specs])
        self.seized_kg = sum((row.kg for row in rows if row.kg is not None), Decimal(0))
        Incident.objects.filter(pk=self.pk).update(seized_kg=self.seized_kg)

    @factory.post_generation
    def arrests(self, create, extracted, **kwargs):
        """A list of (nationality, count) or dicts with nationality/count/person."""
        if not create or not extracted:
            return
        rows = []
        for spec in extracted:
            if isinstance(spec, dict):
                rows.append(Arrest(incident=self, **spec))
            else:
                nationality, count = spec
                rows.append(Arrest(incident=self, nationality=nationality, count=count))
        Arrest.objects.bulk_create(rows)
        self.arrested_count = sum(row.count for row in rows)
        Incident.objects.filter(pk=self.pk).update(arrested_count=self.arrested_count)


class LedgerAreas:
    """The areas the ledger tests need, as loaded by `load_reference` (same codes)."""

    def __init__(self) -> None:
        vn = CountryFactory(code="VN", iso3="VNM")
        la = CountryFactory(code="LA", iso3="LAO")
        CountryFactory(code="KH", iso3="KHM")
        last_day, merger = date(2025, 6, 30), date(2025, 7, 1)
        self.da_nang_2025 = AreaFactory(
            code="VN-2025-DN",
            country=vn,
            kind=Area.Kind.MUNICIPALITY,
            name="Đà Nẵng",
            name_en="Da Nang",
            valid_from=merger,
        )
        self.quang_nam = AreaFactory(
            code="VN-27",
            country=vn,
            name="Quảng Nam",
            name_en="Quang Nam",
            valid_to=last_day,
            successor=self.da_nang_2025,
        )
        self.da_nang_old = AreaFactory(
            code="VN-DN",
            country=vn,
            kind=Area.Kind.MUNICIPALITY,
            name="Đà Nẵng",
            name_en="Da Nang",
            valid_to=last_day,
            successor=self.da_nang_2025,
        )
        self.nam_giang = AreaFactory(
            code="VN-27-NAMGIANG",
            country=vn,
            kind=Area.Kind.DISTRICT,
            name="Nam Giang",
            parent=self.quang_nam,
            valid_to=last_day,
        )
        self.dak_lak = AreaFactory(code="VN-33", country=vn, name="Đắk Lắk", name_en="Dak Lak")
        self.sekong = AreaFactory(code="LA-XE", country=la, name="ເຊກອງ", name_en="Sekong")
        self.lamam = AreaFactory(
            code="LA-XE-LAMAM",
            country=la,
            kind=Area.Kind.DISTRICT,
            name="ລະມາມ",
            name_en="Lamam",
            parent=self.sekong,
        )


def make_ledger_areas() -> LedgerAreas:
    return LedgerAreas()
