"""Demo registry: fictional persons, a ring, its front company, vehicles and the border
gates and hotspots of the seed articles' routes.

Every PERSON here is invented (names common in each country, invented birth dates and
document numbers in a range no real document uses); the places are real border gates.
Names are written as each agency would write them: the Lao police in Lao script with a
romanization, the Cambodian police in Khmer script, the Vietnamese police with
diacritics — so that screening "SOMPHONE KEOMANY" or "Le Van Thang" in the demo shows
the cross-script matching at work. Everything goes through the services with the platform
administrator as actor; records are matched by owner and reference or name, so a second
run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from liaison.agencies.models import Agency, Area, User
from liaison.registry import services, services_records
from liaison.registry.models import Person
from liaison.registry.models_records import Location, Organisation, Relationship, Vehicle


@dataclass(frozen=True)
class PersonSpec:
    owner: str
    ref: str
    names: tuple[str, ...]  # the first is the primary name, as the owner writes it
    birth_date: str | None
    nationalities: tuple[str, ...]
    sex: str
    status: tuple[str, ...] = ()
    documents: tuple[dict, ...] = ()
    sharing: str = "partners"
    discoverable: bool = True
    wanting_agency: str = ""
    warrant_ref: str = ""
    notes: str = ""
    case_roles: dict[str, str] = field(default_factory=dict)  # case code -> SubjectRole


PERSONS = (
    PersonSpec(
        "vn-c04",
        "DEMO-C04-001",
        ("Lê Văn Thắng", "Thắng Bình Tân"),
        "1979-03",
        ("VN",),
        "M",
        status=("subject", "key_subject", "ringleader", "arrested"),
        documents=({"type": "national_id", "number": "079000000101", "country": "VN"},),
        notes="Đối tượng cầm đầu đường dây (dữ liệu minh hoạ, không có thật).",
        case_roles={"522H": "ringleader"},
    ),
    PersonSpec(
        "vn-hcm-police",
        "DEMO-HCM-014",
        ("Phạm Thị Ngọc Lan",),
        "1988-11-02",
        ("VN",),
        "F",
        status=("subject", "arrested"),
        notes="Nhận và cất giấu hàng tại Bình Tân (dữ liệu minh hoạ).",
        case_roles={"522H": "courier"},
    ),
    PersonSpec(
        "la-drug-dept",
        "DEMO-LA-0031",
        ("ສົມພອນ ແກ້ວມະນີ", "Somphone Keomany"),
        "1984",
        ("LA",),
        "M",
        status=("subject", "wanted", "arrested"),
        documents=({"type": "passport", "number": "P0000317", "country": "LA"},),
        wanting_agency="la-drug-dept",
        warrant_ref="DEMO-LA-W-2024/017",
        notes="ຜູ້ສະໜອງສິນຄ້າ ທາງພາກໃຕ້ (ຂໍ້ມູນສົມມຸດ).",
        case_roles={"522H": "supplier"},
    ),
    PersonSpec(
        "la-sekong-police",
        "DEMO-XE-0007",
        ("ບຸນມີ ພົມມະຈັນ", "Bounmy Phommachan"),
        "1991-07-15",
        ("LA",),
        "M",
        status=("subject", "arrested"),
        notes="ຂົນສົ່ງຂ້າມຊາຍແດນ ເຊກອງ – ກວາງນາມ (ຂໍ້ມູນສົມມຸດ).",
        case_roles={"318C": "courier"},
    ),
    PersonSpec(
        "kh-add",
        "DEMO-KH-0042",
        ("សុខ វណ្ណា", "Sok Vanna"),
        "1986-05",
        ("KH",),
        "M",
        status=("subject", "wanted"),
        wanting_agency="kh-add",
        warrant_ref="DEMO-KH-W-2024/009",
        notes="ជនសង្ស័យ ដឹកជញ្ជូនតាមច្រកបាវិត (ទិន្នន័យសាកល្បង)។",
        case_roles={"745C": "organiser"},
    ),
    PersonSpec(
        "vn-qnam-police",
        "DEMO-QN-0210",
        ("Hồ Văn Dũng",),
        "1995",
        ("VN",),
        "M",
        status=("subject",),
        sharing="national",
        discoverable=False,
        notes="Đối tượng theo dõi tại huyện Nam Giang (dữ liệu minh hoạ).",
        case_roles={"318C": "buyer"},
    ),
)


@dataclass(frozen=True)
class LocationSpec:
    owner: str
    kind: str
    name: str
    area: str
    latitude: str
    longitude: str
    address: str = ""


LOCATIONS = (
    LocationSpec(
        "vn-qnam-police",
        "border_gate",
        "Cửa khẩu quốc tế Nam Giang",
        "VN-27",
        "15.5510",
        "107.3922",
    ),
    LocationSpec(
        "la-sekong-police", "border_gate", "ດ່ານສາກົນ ດາກຕະອອກ", "LA-XE", "15.5575", "107.3800"
    ),
    LocationSpec(
        "vn-bdbp-tayninh", "border_gate", "Cửa khẩu quốc tế Mộc Bài", "VN-37", "11.0766", "106.1543"
    ),
    LocationSpec(
        "kh-svayrieng-police",
        "border_gate",
        "ច្រកទ្វារអន្តរជាតិបាវិត",
        "KH-20",
        "11.0708",
        "106.1431",
    ),
    LocationSpec(
        "vn-hcm-police", "hotspot", "Kho hàng Bình Tân (minh hoạ)", "VN-SG", "10.7650", "106.6030"
    ),
)

RING = ("vn-c04", "Đường dây ma túy tổng hợp Campuchia – Lào – TP. Hồ Chí Minh (minh hoạ)")
FRONT = ("vn-hcm-police", "Công ty TNHH Vận tải Phú Gia Demo", "0399999001")
VEHICLE = ("vn-hcm-police", "51C-999.01", "VN", "truck")


def load_registry(*, admin: User, cases: dict) -> dict[str, int]:
    """Create what is missing; the number of records created per model label. A second
    run costs a handful of queries (one per kind of record), not one per record."""
    agencies = {a.code: a for a in Agency.objects.all()}
    created: dict[str, int] = {}

    def count(label: str) -> None:
        created[label] = created.get(label, 0) + 1

    persons = {p.ref: p for p in Person.objects.filter(ref__in=[spec.ref for spec in PERSONS])}
    for spec in PERSONS:
        if spec.ref in persons:
            continue
        persons[spec.ref] = services.person_create(
            actor=admin,
            owner_agency=agencies[spec.owner],
            ref=spec.ref,
            names=list(spec.names),
            birth_date=spec.birth_date,
            nationalities=list(spec.nationalities),
            sex=spec.sex,
            status=list(spec.status),
            documents=list(spec.documents),
            sharing=spec.sharing,
            discoverable=spec.discoverable,
            wanting_agency=agencies[spec.wanting_agency] if spec.wanting_agency else None,
            warrant_ref=spec.warrant_ref,
            notes=spec.notes,
        )
        count("registry.person")
    places = set(
        Location.objects.filter(name__in=[spec.name for spec in LOCATIONS]).values_list(
            "name", flat=True
        )
    )
    for spec in LOCATIONS:
        if spec.name in places:
            continue
        services_records.location_create(
            actor=admin,
            owner_agency=agencies[spec.owner],
            kind=spec.kind,
            name=spec.name,
            area=Area.objects.get(code=spec.area),
            latitude=Decimal(spec.latitude),
            longitude=Decimal(spec.longitude),
            sharing="partners",
        )
        count("registry.location")
    if not Relationship.objects.filter(owner_agency=agencies["vn-c04"]).exists():
        ring, front = _ring_and_front(admin, agencies, count)
        _relationships(admin, agencies, persons, ring, front, count)
    _case_links(admin, persons, cases, count)
    return created


def _ring_and_front(admin: User, agencies: dict, count) -> tuple[Organisation, Organisation]:
    """The ring and its front company (found again if a partial run left them)."""
    owner, name = RING
    ring = Organisation.objects.filter(owner_agency=agencies[owner], name=name).first()
    if ring is None:
        ring = services_records.organisation_create(
            actor=admin, owner_agency=agencies[owner], name=name, kind="ring", sharing="partners"
        )
        count("registry.organisation")
    owner, name, registration = FRONT
    front = Organisation.objects.filter(owner_agency=agencies[owner], name=name).first()
    if front is None:
        front = services_records.organisation_create(
            actor=admin,
            owner_agency=agencies[owner],
            name=name,
            kind="front_company",
            registrations=[{"number": registration, "country": "VN"}],
            sharing="partners",
        )
        count("registry.organisation")
    return ring, front


def _relationships(admin, agencies, persons, ring, front, count) -> None:
    owner, plate, country, kind = VEHICLE
    vehicle = Vehicle.objects.filter(owner_agency=agencies[owner], plate_as_written=plate).first()
    if vehicle is None:
        vehicle = services_records.vehicle_create(
            actor=admin,
            owner_agency=agencies[owner],
            plate=plate,
            country=country,
            kind=kind,
            sharing="partners",
        )
        count("registry.vehicle")
    thang, lan = persons["DEMO-C04-001"], persons["DEMO-HCM-014"]
    somphone = persons["DEMO-LA-0031"]
    links = (
        ("vn-c04", "leads", thang, ring),
        ("vn-c04", "member_of", lan, ring),
        ("vn-c04", "member_of", somphone, ring),
        ("vn-c04", "owns", thang, front),
        ("vn-c04", "uses", lan, vehicle),
        ("vn-c04", "associate", thang, somphone),
    )
    for owner, kind, source, target in links:
        services_records.relationship_create(
            actor=admin,
            owner_agency=agencies[owner],
            kind=kind,
            from_record=source,
            to_record=target,
            source="Hồ sơ chuyên án 522H (minh hoạ)",
            sharing="partners",
        )
        count("registry.relationship")


def _case_links(admin: User, persons: dict, cases: dict, count) -> None:
    from liaison.cases.models import CasePerson
    from liaison.cases.services_links import person_link

    linked = set(
        CasePerson.objects.filter(person__in=persons.values()).values_list("case_id", "person_id")
    )
    for spec in PERSONS:
        person = persons[spec.ref]
        for code, role in spec.case_roles.items():
            case = cases.get(code)
            if case is None or (case.pk, person.pk) in linked:
                continue
            person_link(actor=admin, case=case, person=person, role=role)
            count("cases.caseperson")
