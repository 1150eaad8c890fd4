"""Demo ledger: the incidents of case 522H and a few hundred generated incidents.

Case 522H (seed article of October 2024): 2 arrested and 110 kg of synthetic drugs, then,
once the case was expanded, 100 kg more and 2 Lao nationals (the registry demo's
fictional ring members are linked to these arrests). The generated incidents
(fixed random seed, so every machine gets the same ledger) spread over the demo agencies'
provinces from 2023 to 2026, so the statistics, the map and a six-month review are
meaningful. All writes go through `incident_create`; refs already present are skipped,
so a second run writes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from liaison.agencies.models import Agency, Area, User
from liaison.cases.models import JointCase
from liaison.registry.models import Person
from liaison.seizures import map_geodata
from liaison.seizures.models import Incident
from liaison.seizures.services import incident_create
from liaison.seizures.validation import ArrestInput, IncidentInput, ItemInput

SEED = 522
FIRST_DAY = datetime.date(2023, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
PER_AGENCY = 30
DEMO_PERSON_REFS = ("DEMO-C04-001", "DEMO-HCM-014", "DEMO-LA-0031")

# recording agency -> (nationalities arrested besides its own, origin, destination)
GENERATED = {
    "vn-qnam-police": ("LA", "LA", "VN"),
    "vn-namgiang-police": ("LA", "LA", "VN"),
    "vn-tayninh-police": ("KH", "KH", "VN"),
    "vn-bp-mocbai": ("KH", "KH", "VN"),
    "vn-longan-police": ("KH", "KH", "VN"),
    "vn-angiang-police": ("KH", "KH", "VN"),
    "vn-hcm-police": ("LA", "LA", "VN"),
    "la-sekong-police": ("VN", "MM", "VN"),
    "la-lamam-police": ("VN", "MM", "VN"),
    "la-dakcheung-police": ("VN", "MM", "VN"),
    "la-attapeu-police": ("KH", "MM", "KH"),
    "kh-svayrieng-police": ("VN", "LA", "VN"),
}

# (drug, unit, low, high): quantities as officers record them
DRUG_MIX = (
    ("meth_tablets", "tablets", 2_000, 120_000),
    ("meth_tablets", "tablets", 200, 6_000),
    ("meth_crystal", "kg", Decimal("0.05"), Decimal("25")),
    ("heroin", "kg", Decimal("0.1"), Decimal("6")),
    ("heroin", "g", 5, 900),
    ("cannabis_herb", "kg", Decimal("0.5"), Decimal("40")),
    ("ketamine", "kg", Decimal("0.05"), Decimal("5")),
)


def load_ledger(*, admin: User, cases: dict[str, JointCase]) -> int:
    """Create the demo incidents that are missing; the number created."""
    agencies = {a.code: a for a in Agency.objects.select_related("area", "area__parent")}
    existing = set(Incident.objects.values_list("agency_id", "ref"))
    created = 0
    for data in [*_case_522h(agencies, cases), *_generated(agencies)]:
        if (data.agency_id, data.ref) in existing:
            continue
        incident_create(actor=admin, data=data)
        created += 1
    return created


def _case_522h(agencies: dict[str, Agency], cases: dict[str, JointCase]) -> list[IncidentInput]:
    hcm = agencies["vn-hcm-police"]
    case = cases.get("522H")
    # the ring's fictional members of the registry demo, where it was loaded
    persons = dict(
        Person.objects.filter(ref__in=DEMO_PERSON_REFS).values_list("ref", "pk").order_by()
    )
    common = {
        "agency_id": hcm.pk,
        "country": "VN",
        "province_id": hcm.area_id,
        "modus": "land",
        "origin": "LA",
        "transit": ["KH"],
        "destination": "VN",
        "case_id": case.pk if case else None,
        "sharing": "partners",
    }
    return [
        IncidentInput(
            ref="522H-01",
            occurred_on=datetime.date(2024, 4, 10),
            place="Quận Bình Tân",
            items=[ItemInput(drug="meth_crystal", quantity=Decimal("110"), unit="kg")],
            arrests=[
                ArrestInput(nationality="VN", count=1, person_id=persons.get("DEMO-C04-001")),
                ArrestInput(nationality="VN", count=1, person_id=persons.get("DEMO-HCM-014")),
            ],
            notes="Bắt 2 đối tượng, thu giữ 110 kg ma túy tổng hợp.",
            **common,
        ),
        IncidentInput(
            ref="522H-02",
            occurred_on=datetime.date(2024, 6, 20),
            place="Khám xét mở rộng vụ án",
            items=[ItemInput(drug="meth_crystal", quantity=Decimal("100"), unit="kg")],
            arrests=[
                ArrestInput(nationality="LA", count=1, person_id=persons.get("DEMO-LA-0031")),
                ArrestInput(nationality="LA", count=1),
            ],
            notes="Mở rộng vụ án, thu giữ 100 kg ma túy tổng hợp; 2 đối tượng người Lào.",
            **common,
        ),
    ]


def _place_on(area: Area, day: datetime.date) -> tuple[Area | None, Area | None]:
    """(province, district) of an agency's area as they stood on `day`: Viet Nam's
    provinces merged on 2025-07-01 into their successors, and their districts ended."""
    if area.kind == Area.Kind.DISTRICT:
        province, district = area.parent, area
    else:
        province, district = area, None
    if district is not None and district.valid_to and day > district.valid_to:
        district = None
    if province.valid_to and day > province.valid_to:
        province = province.successor
    return province, district


def _generated(agencies: dict[str, Agency]) -> list[IncidentInput]:
    rng = random.Random(SEED)
    span = (LAST_DAY - FIRST_DAY).days
    successors = {a.pk: a for a in Area.objects.filter(predecessors__isnull=False)}
    inputs = []
    for code, (neighbour, origin, destination) in GENERATED.items():
        agency = agencies.get(code)
        if agency is None or agency.area is None:
            continue
        for n in range(1, PER_AGENCY + 1):
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
            province, district = _place_on(agency.area, day)
            if province is not None and province.pk in successors:
                province = successors[province.pk]
            if province is None:
                continue
            lat, lng = _near(rng, province.code)
            items = [_item(rng) for _ in range(rng.choice((1, 1, 1, 2)))]
            arrests = [ArrestInput(nationality=agency.country_id, count=rng.randint(1, 3))]
            if rng.random() < 0.3:
                arrests.append(ArrestInput(nationality=neighbour, count=1))
            inputs.append(
                IncidentInput(
                    ref=f"DEMO-{code.upper()}-{n:03d}",
                    agency_id=agency.pk,
                    occurred_on=day,
                    country=agency.country_id,
                    province_id=province.pk,
                    district_id=district.pk if district else None,
                    latitude=lat,
                    longitude=lng,
                    modus=rng.choice(("land", "land", "land", "river", "post")),
                    origin=origin,
                    transit=[],
                    destination=destination,
                    sharing=rng.choice(("partners", "partners", "national")),
                    items=items,
                    arrests=arrests,
                )
            )
    return inputs


def _near(rng: random.Random, code: str) -> tuple[Decimal | None, Decimal | None]:
    point = map_geodata.INNER_POINTS.get(code)
    if point is None:
        return None, None
    lat = Decimal(str(round(point[0] + rng.uniform(-0.15, 0.15), 5)))
    lng = Decimal(str(round(point[1] + rng.uniform(-0.15, 0.15), 5)))
    return lat, lng


def _item(rng: random.Random) -> ItemInput:
    drug, unit, low, high = rng.choice(DRUG_MIX)
    if isinstance(low, Decimal):
        quantity = Decimal(str(round(rng.uniform(float(low), float(high)), 2)))
    else:
        quantity = Decimal(rng.randint(low, high))
    return ItemInput(drug=drug, quantity=quantity, unit=unit)
