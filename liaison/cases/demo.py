"""Demo joint cases: case 522H of the seed articles and the other cases of its year.

"Six joint cases this year: 3 established by C04, 2 by local police, 1 by the Lao
drug-control department"; 522H broke a ring moving synthetic drugs from Cambodia and
Laos to Hồ Chí Minh City and was expanded. Codes other than 522H and all dates are
illustrative. Everything goes through the services with the platform administrator as
actor; cases are matched by code, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from liaison.agencies.models import Agency, User
from liaison.cases import services
from liaison.cases.models import CaseStatus, EventKind, JointCase


@dataclass(frozen=True)
class CaseSpec:
    code: str
    title: str
    lead: str
    participants: tuple[str, ...]
    proposed_on: datetime.date
    established_on: datetime.date
    target_ring: str
    expanded_on: datetime.date | None = None


CASES = (
    CaseSpec(
        "522H",
        "Đường dây mua bán, vận chuyển ma túy tổng hợp từ Campuchia, Lào về TP. Hồ Chí Minh",
        "vn-c04",
        ("vn-hcm-police", "la-drug-dept"),
        datetime.date(2024, 2, 20),
        datetime.date(2024, 3, 1),
        "Đường dây ma túy tổng hợp Campuchia – Lào – TP. Hồ Chí Minh",
        expanded_on=datetime.date(2024, 6, 5),
    ),
    CaseSpec(
        "318C",
        "Đường dây vận chuyển heroin qua biên giới Việt – Lào",
        "vn-c04",
        ("la-drug-dept", "vn-qnam-police"),
        datetime.date(2024, 1, 15),
        datetime.date(2024, 2, 1),
        "Đường dây heroin tuyến Sekong – Quảng Nam",
    ),
    CaseSpec(
        "745C",
        "Đường dây ma túy đá tuyến Tây Ninh – Campuchia",
        "vn-c04",
        ("vn-tayninh-police", "kh-add"),
        datetime.date(2024, 4, 2),
        datetime.date(2024, 4, 20),
        "Đường dây ma túy đá qua cửa khẩu Mộc Bài",
    ),
    CaseSpec(
        "QN-0324",
        "Chuyên án phối hợp Công an tỉnh Quảng Nam – Sê Kông",
        "vn-qnam-police",
        ("la-sekong-police", "vn-namgiang-police"),
        datetime.date(2024, 3, 5),
        datetime.date(2024, 3, 18),
        "Nhóm vận chuyển ma túy qua cửa khẩu Nam Giang – Đắk Tà Oọc",
    ),
    CaseSpec(
        "TN-0824",
        "Chuyên án phối hợp Công an tỉnh Tây Ninh – Svay Rieng",
        "vn-tayninh-police",
        ("kh-svayrieng-police",),
        datetime.date(2024, 8, 1),
        datetime.date(2024, 8, 12),
        "Nhóm mua bán ma túy khu vực biên giới Mộc Bài – Bavet",
    ),
    CaseSpec(
        "LA-DD-2024-07",
        "ຄະດີຮ່ວມ ເສັ້ນທາງຢາບ້າ ອັດຕະປື – ກອນທູມ",
        "la-drug-dept",
        ("la-attapeu-police", "vn-c04"),
        datetime.date(2024, 7, 1),
        datetime.date(2024, 7, 15),
        "ຂະບວນການລັກລອບຂົນສົ່ງຢາບ້າ",
    ),
)


def load_cases(*, admin: User) -> tuple[dict[str, JointCase], int]:
    """The demo cases by code (created when missing) and how many were created."""
    agencies = {a.code: a for a in Agency.objects.all()}
    existing = {
        (case.lead_agency_id, case.code): case
        for case in JointCase.objects.filter(code__in=[spec.code for spec in CASES])
    }
    cases: dict[str, JointCase] = {}
    created = 0
    for spec in CASES:
        lead = agencies[spec.lead]
        case = existing.get((lead.pk, spec.code))
        if case is None:
            case = _create(admin, spec, lead, agencies)
            created += 1
        cases[spec.code] = case
    return cases, created


def _create(admin: User, spec: CaseSpec, lead: Agency, agencies: dict) -> JointCase:
    case = services.case_create(
        actor=admin,
        code=spec.code,
        title=spec.title,
        lead_agency=lead,
        participants=[agencies[code] for code in spec.participants],
        proposed_on=spec.proposed_on,
        target_ring=spec.target_ring,
    )
    services.case_set_status(
        actor=admin, case=case, status=CaseStatus.ESTABLISHED, on=spec.established_on
    )
    services.case_set_status(
        actor=admin, case=case, status=CaseStatus.ACTIVE, on=spec.established_on
    )
    services.event_add(
        actor=admin,
        case=case,
        kind=EventKind.SURVEILLANCE,
        occurred_on=spec.established_on,
        agency=lead,
        description="Triển khai trinh sát, xác minh các đối tượng trong đường dây.",
    )
    if spec.expanded_on:
        services.case_set_status(
            actor=admin,
            case=case,
            status=CaseStatus.EXPANDED,
            on=spec.expanded_on,
            note="Mở rộng vụ án, khám xét thu giữ thêm tang vật.",
        )
    partner = agencies[spec.participants[-1]]
    services.task_add(
        actor=admin,
        case=case,
        agency=partner,
        title="Xác minh nhân thân và nơi cư trú của các đối tượng",
        due_on=spec.established_on + datetime.timedelta(days=30),
    )
    case.refresh_from_db()
    return case
