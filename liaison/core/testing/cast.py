"""The fixed cast every test can use (Healthchecks-style).

Viet Nam: Ministry → C04 → Quảng Nam provincial police → Nam Giang district police.
Laos:     Ministry → drug-control department → Sekong provincial police → Lamam district.
Cambodia: the Anti-Drug Department, in no partnership with the two above: the outsider.
Quảng Nam and Sekong are in an active bilateral partnership.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from liaison.agencies.models import Agency, Partnership, Role, User
from liaison.core.testing.factories import (
    PASSWORD,
    AgencyFactory,
    CountryFactory,
    PartnershipFactory,
    UserFactory,
)


@dataclass
class Cast:
    vn_ministry: Agency
    c04: Agency
    quang_nam: Agency
    nam_giang: Agency
    la_ministry: Agency
    la_drug_dept: Agency
    sekong: Agency
    lamam: Agency
    kh_add: Agency
    partnership: Partnership
    # people
    vn_officer: User  # Quảng Nam officer
    vn_supervisor: User  # Quảng Nam supervisor
    vn_admin: User  # Quảng Nam agency admin
    vn_district_officer: User  # Nam Giang officer
    vn_auditor: User  # auditor at the Vietnamese ministry
    la_officer: User  # Sekong liaison officer (works in Lao)
    la_auditor: User
    outsider: User  # Cambodian officer, no partnership with either side
    platform_admin: User

    password: str = PASSWORD

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def build_cast() -> Cast:
    vn = CountryFactory(code="VN", iso3="VNM", name="Viet Nam", name_local="Việt Nam")
    la = CountryFactory(code="LA", iso3="LAO", name="Lao PDR", name_local="ສປປ ລາວ")
    kh = CountryFactory(code="KH", iso3="KHM", name="Cambodia", name_local="កម្ពុជា")
    A, L = Agency.Kind, Agency.Level
    vn_ministry = AgencyFactory(
        code="vn-mps",
        name="Bộ Công an",
        name_en="Ministry of Public Security",
        kind=A.MINISTRY,
        level=L.CENTRAL,
        country=vn,
    )
    c04 = AgencyFactory(
        code="vn-c04",
        name="Cục Cảnh sát điều tra tội phạm về ma túy",
        short_name="C04",
        kind=A.DEPARTMENT,
        level=L.CENTRAL,
        country=vn,
        parent=vn_ministry,
    )
    quang_nam = AgencyFactory(
        code="vn-qnam-police",
        name="Công an tỉnh Quảng Nam",
        name_en="Quảng Nam Provincial Police",
        country=vn,
        parent=c04,
    )
    nam_giang = AgencyFactory(
        code="vn-namgiang-police",
        name="Công an huyện Nam Giang",
        kind=A.DISTRICT_POLICE,
        level=L.DISTRICT,
        country=vn,
        parent=quang_nam,
    )
    la_ministry = AgencyFactory(
        code="la-mps",
        name="ກະຊວງປ້ອງກັນຄວາມສະຫງົບ",
        name_en="Ministry of Public Security",
        kind=A.MINISTRY,
        level=L.CENTRAL,
        country=la,
    )
    la_drug_dept = AgencyFactory(
        code="la-drug-dept",
        name="ກົມຕຳຫຼວດສະກັດກັ້ນຢາເສບຕິດ",
        kind=A.DEPARTMENT,
        level=L.CENTRAL,
        country=la,
        parent=la_ministry,
    )
    sekong = AgencyFactory(
        code="la-sekong-police",
        name="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງເຊກອງ",
        name_en="Sekong Provincial Police",
        country=la,
        parent=la_drug_dept,
    )
    lamam = AgencyFactory(
        code="la-lamam-police",
        name="ປ້ອງກັນຄວາມສະຫງົບເມືອງລະມາມ",
        kind=A.DISTRICT_POLICE,
        level=L.DISTRICT,
        country=la,
        parent=sekong,
    )
    kh_add = AgencyFactory(
        code="kh-add",
        name="នាយកដ្ឋានប្រឆាំងគ្រឿងញៀន",
        name_en="Anti-Drug Department",
        kind=A.DEPARTMENT,
        level=L.CENTRAL,
        country=kh,
    )
    partnership = PartnershipFactory(
        code="qnam-sekong", name="Quảng Nam – Sekong", parties=[quang_nam, sekong]
    )
    R = Role
    return Cast(
        vn_ministry=vn_ministry,
        c04=c04,
        quang_nam=quang_nam,
        nam_giang=nam_giang,
        la_ministry=la_ministry,
        la_drug_dept=la_drug_dept,
        sekong=sekong,
        lamam=lamam,
        kh_add=kh_add,
        partnership=partnership,
        vn_officer=UserFactory(
            username="vn_officer",
            agency=quang_nam,
            roles=[R.OFFICER],
            full_name="Nguyễn Văn An",
            language="vi",
        ),
        vn_supervisor=UserFactory(
            username="vn_supervisor",
            agency=quang_nam,
            roles=[R.SUPERVISOR],
            full_name="Trần Thị Bình",
        ),
        vn_admin=UserFactory(username="vn_admin", agency=quang_nam, roles=[R.AGENCY_ADMIN]),
        vn_district_officer=UserFactory(
            username="vn_district", agency=nam_giang, roles=[R.OFFICER]
        ),
        vn_auditor=UserFactory(username="vn_auditor", agency=vn_ministry, roles=[R.AUDITOR]),
        la_officer=UserFactory(
            username="la_officer",
            agency=sekong,
            roles=[R.LIAISON_OFFICER],
            full_name="ສົມພອນ ແກ້ວມະນີ",
            language="lo",
        ),
        la_auditor=UserFactory(username="la_auditor", agency=la_ministry, roles=[R.AUDITOR]),
        outsider=UserFactory(username="outsider", agency=kh_add, roles=[R.OFFICER], language="km"),
        platform_admin=UserFactory(
            username="platform_admin", agency=vn_ministry, is_superuser=True, is_staff=True
        ),
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is what production uses (see test_settings); tests hash with MD5 for speed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Assertions read the English source strings; the catalogs are tested on their own
    (test_catalogs) and pages in other languages where it matters (language, browser)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()
