"""A small ledger for the statistics tests: three countries, a case, every sharing level."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from liaison.agencies.models import Area
from liaison.cases.models import CaseParticipant, JointCase
from liaison.seizures import rollup
from liaison.seizures.models import Incident
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

DRUG_UNITS = [
    ("heroin", "kg"),
    ("meth_tablets", "tablets"),
    ("meth_tablets", "g"),
    ("meth_crystal", "kg"),
    ("cannabis_plants", "plants"),
    ("ketamine", "g"),
    ("precursors", "litres"),
]


@dataclass
class StatsWorld:
    quang_nam_area: Area
    da_nang: Area
    nam_giang_area: Area
    sekong_area: Area
    kh_area: Area
    case: JointCase
    case_incident: Incident  # Lao, agency-level, seen by Vietnamese participants via the case


def build_stats_world(cast, *, seed: int = 7, incidents: int = 36) -> StatsWorld:
    vn, la, kh = cast.quang_nam.country, cast.sekong.country, cast.kh_add.country
    quang_nam_area = AreaFactory(country=vn, code="VN-27", name="Quảng Nam")
    da_nang = AreaFactory(country=vn, code="VN-DN", name="Đà Nẵng")
    nam_giang_area = AreaFactory(
        country=vn, code="VN-27-NG", name="Nam Giang", kind="district", parent=quang_nam_area
    )
    sekong_area = AreaFactory(country=la, code="LA-XE", name="ເຊກອງ")
    kh_area = AreaFactory(country=kh, code="KH-1", name="បន្ទាយមានជ័យ")
    case = JointCase.objects.create(code="522H", title="Đường dây 522H", lead_agency=cast.c04)
    CaseParticipant.objects.create(case=case, agency=cast.quang_nam)
    CaseParticipant.objects.create(case=case, agency=cast.sekong)
    places = {
        "vn": [
            (cast.quang_nam, quang_nam_area, nam_giang_area),
            (cast.nam_giang, quang_nam_area, nam_giang_area),
            (cast.c04, da_nang, None),
        ],
        "la": [(cast.sekong, sekong_area, None), (cast.lamam, sekong_area, None)],
        "kh": [(cast.kh_add, kh_area, None)],
    }
    rng = random.Random(seed)
    sharing_levels = ["agency", "national", "partners", "network"]
    for n in range(incidents):
        agency, province, district = rng.choice(places[rng.choice(["vn", "vn", "la", "kh"])])
        items = [
            (drug, rng.choice(["1", "2.5", "250", "1200"]), unit)
            for drug, unit in rng.sample(DRUG_UNITS, rng.randint(0, 3))
        ]
        arrests = [(code, rng.randint(1, 3)) for code in rng.sample(["VN", "LA", "KH"], 2)]
        # every roll-up nationality column, and nationalities without one (KR, US)
        arrests += {1: [("TH", 1), ("KR", 2)], 2: [("MM", 1), ("CN", 3), ("US", 1)]}.get(n % 4, [])
        IncidentFactory(
            ref=f"S-{n}",
            agency=agency,
            province=province,
            district=district,
            occurred_on=date(2023, 1, 1).replace(month=rng.randint(1, 12), day=rng.randint(1, 28))
            if n % 2
            else date(2024, rng.randint(1, 12), rng.randint(1, 28)),
            sharing=sharing_levels[n % 4],
            modus=rng.choice(["land", "river", "post"]),
            origin=rng.choice(["", "MM", "LA"]),
            destination=rng.choice(["", "VN", "KH"]),
            case=case if n % 5 == 0 and agency in (cast.quang_nam, cast.sekong) else None,
            items=items,
            arrests=arrests if n % 3 else [],
        )
    case_incident = IncidentFactory(
        ref="S-CASE",
        agency=cast.lamam,
        province=sekong_area,
        occurred_on=date(2024, 5, 5),
        sharing="agency",
        case=case,
        items=[("meth_tablets", 100000, "tablets"), ("heroin", "3", "kg")],
        arrests=[("LA", 2)],
    )
    cancelled = IncidentFactory(
        ref="S-CANCELLED", agency=cast.quang_nam, province=quang_nam_area, sharing="network"
    )
    Incident.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    rollup.rebuild()
    return StatsWorld(
        quang_nam_area=quang_nam_area,
        da_nang=da_nang,
        nam_giang_area=nam_giang_area,
        sekong_area=sekong_area,
        kh_area=kh_area,
        case=case,
        case_incident=case_incident,
    )
