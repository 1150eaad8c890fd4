"""Builders for case tests: case 522H of Quảng Nam with Sekong, and its seizures."""

from __future__ import annotations

from datetime import date

from liaison.cases import services
from liaison.cases.models import JointCase
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

PROPOSED = date(2024, 4, 1)
ESTABLISHED = date(2024, 4, 5)
EXPANDED = date(2024, 6, 1)


def make_case(cast, *, code: str = "522H", participants=None, **values) -> JointCase:
    values.setdefault("title", "Đường dây ma túy tổng hợp Sekong – Quảng Nam")
    values.setdefault("proposed_on", PROPOSED)
    return services.case_create(
        actor=cast.vn_officer,
        code=code,
        lead_agency=cast.quang_nam,
        participants=participants if participants is not None else [cast.sekong],
        **values,
    )


def make_522h(cast, *, expanded: bool = True) -> JointCase:
    """Case 522H as the press told it: 110 kg and 2 arrested, then after the expansion
    100 kg more and 2 Lao nationals."""
    case = make_case(cast)
    services.case_set_status(
        actor=cast.vn_supervisor, case=case, status="established", on=ESTABLISHED
    )
    services.case_set_status(actor=cast.vn_officer, case=case, status="active", on=ESTABLISHED)
    province = AreaFactory(country=cast.quang_nam.country, code="VN-27", name="Quảng Nam")
    la_province = AreaFactory(country=cast.sekong.country, code="LA-XE", name="ເຊກອງ")
    IncidentFactory(
        ref="522H-1",
        agency=cast.quang_nam,
        province=province,
        occurred_on=date(2024, 5, 10),
        sharing="agency",
        case=case,
        items=[("meth_crystal", "110", "kg")],
        arrests=[("VN", 2)],
    )
    if expanded:
        services.case_set_status(
            actor=cast.vn_officer, case=case, status="expanded", on=EXPANDED, note="Mở rộng"
        )
    IncidentFactory(
        ref="522H-2",
        agency=cast.sekong,
        province=la_province,
        occurred_on=date(2024, 6, 20),
        sharing="agency",
        case=case,
        items=[("meth_crystal", "60", "kg"), ("meth_tablets", "400000", "tablets")],
        arrests=[("LA", 2)],
    )
    case.refresh_from_db()
    return case
