"""Demo data: the institutions of the seed articles, their hotline contact points,
partnerships and one demo user per role.

The agency tree follows the drug-control hotline chain (ministry → drug department →
provincial police → district police / border post), not the civil-service hierarchy:
that is the chain along which the hotline runs and information is shared.
Institutions are real; people, telephone numbers and e-mail addresses are fictional
(numbers use the unallocated "000" range, addresses the reserved example.org domain).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The password every demo user gets. Printed by `liaison demo`; never use demo data in
# production.
DEMO_PASSWORD = "liaison-demo-2025"


@dataclass(frozen=True, slots=True)
class AgencySpec:
    code: str
    name: str  # in the country's own script
    name_en: str
    kind: str  # Agency.Kind value
    level: str  # Agency.Level value
    country: str
    parent: str | None = None
    area: str | None = None
    short_name: str = ""


@dataclass(frozen=True, slots=True)
class ContactSpec:
    agency: str
    channel: str  # HotlineContact.Channel value
    value: str
    label: str
    hours: str = "24/7"
    languages: str = ""


@dataclass(frozen=True, slots=True)
class PartnershipSpec:
    code: str
    name: str
    kind: str  # Partnership.Kind value
    parties: tuple[str, ...]
    since: date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class UserSpec:
    username: str
    agency: str
    roles: tuple[str, ...]
    language: str
    full_name: str
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


# Parents always come before their sub-units. Fields in order: code, name, name_en, kind,
# level, country. (A compact table is easier to check against the sources than one
# argument per line, hence no automatic formatting here.)
# fmt: off
AGENCIES: tuple[AgencySpec, ...] = (
    # --- Viet Nam: Ministry of Public Security ---------------------------------------
    AgencySpec("vn-mps", "Bộ Công an", "Ministry of Public Security", "ministry", "central",
               "VN"),
    AgencySpec("vn-c04", "Cục Cảnh sát điều tra tội phạm về ma túy",
               "Drug Crime Investigation Police Department", "department", "central", "VN",
               parent="vn-mps", short_name="C04"),
    AgencySpec("vn-qnam-police", "Công an tỉnh Quảng Nam", "Quảng Nam Provincial Police",
               "provincial_police", "provincial", "VN", parent="vn-c04", area="VN-27"),
    AgencySpec("vn-namgiang-police", "Công an huyện Nam Giang", "Nam Giang District Police",
               "district_police", "district", "VN", parent="vn-qnam-police",
               area="VN-27-NAMGIANG"),
    AgencySpec("vn-taygiang-police", "Công an huyện Tây Giang", "Tây Giang District Police",
               "district_police", "district", "VN", parent="vn-qnam-police",
               area="VN-27-TAYGIANG"),
    AgencySpec("vn-hcm-police", "Công an Thành phố Hồ Chí Minh", "Hồ Chí Minh City Police",
               "provincial_police", "provincial", "VN", parent="vn-c04", area="VN-SG"),
    AgencySpec("vn-tayninh-police", "Công an tỉnh Tây Ninh", "Tây Ninh Provincial Police",
               "provincial_police", "provincial", "VN", parent="vn-c04", area="VN-37"),
    AgencySpec("vn-longan-police", "Công an tỉnh Long An", "Long An Provincial Police",
               "provincial_police", "provincial", "VN", parent="vn-c04", area="VN-41"),
    AgencySpec("vn-angiang-police", "Công an tỉnh An Giang", "An Giang Provincial Police",
               "provincial_police", "provincial", "VN", parent="vn-c04", area="VN-44"),
    # --- Viet Nam: Border Guard (Ministry of National Defence) ------------------------
    AgencySpec("vn-mod", "Bộ Quốc phòng", "Ministry of National Defence", "ministry",
               "central", "VN"),
    AgencySpec("vn-bdbp", "Bộ Tư lệnh Bộ đội Biên phòng", "Border Guard Command",
               "border_guard", "central", "VN", parent="vn-mod", short_name="BĐBP"),
    AgencySpec("vn-bdbp-drug", "Cục Phòng, chống ma túy và tội phạm",
               "Border Guard Department of Drug and Crime Prevention and Control",
               "department", "central", "VN", parent="vn-bdbp"),
    AgencySpec("vn-bdbp-tayninh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh",
               "Tây Ninh Border Guard Command", "border_guard", "provincial", "VN",
               parent="vn-bdbp-drug", area="VN-37"),
    AgencySpec("vn-bp-mocbai", "Đồn Biên phòng Cửa khẩu Quốc tế Mộc Bài",
               "Mộc Bài International Border Gate Border Guard Station", "border_post",
               "border", "VN", parent="vn-bdbp-tayninh", area="VN-37"),
    AgencySpec("vn-blo-mocbai", "Văn phòng liên lạc qua biên giới Mộc Bài",
               "Mộc Bài Border Liaison Office", "blo", "border", "VN",
               parent="vn-bdbp-tayninh", area="VN-37", short_name="BLO Mộc Bài"),
    # --- Laos ----------------------------------------------------------------------
    AgencySpec("la-mps", "ກະຊວງປ້ອງກັນຄວາມສະຫງົບ", "Ministry of Public Security", "ministry",
               "central", "LA"),
    AgencySpec("la-drug-dept", "ກົມຕຳຫຼວດສະກັດກັ້ນຢາເສບຕິດ",
               "Counter-Narcotics Police Department", "department", "central", "LA",
               parent="la-mps"),
    AgencySpec("la-sekong-police", "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງເຊກອງ",
               "Sekong Provincial Police", "provincial_police", "provincial", "LA",
               parent="la-drug-dept", area="LA-XE"),
    AgencySpec("la-lamam-police", "ປ້ອງກັນຄວາມສະຫງົບເມືອງລະມາມ", "Lamam District Police",
               "district_police", "district", "LA", parent="la-sekong-police",
               area="LA-XE-LAMAM"),
    AgencySpec("la-dakcheung-police", "ປ້ອງກັນຄວາມສະຫງົບເມືອງດາກຈຶງ",
               "Dakcheung District Police", "district_police", "district", "LA",
               parent="la-sekong-police", area="LA-XE-DAKCHEUNG"),
    AgencySpec("la-attapeu-police", "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງອັດຕະປື",
               "Attapeu Provincial Police", "provincial_police", "provincial", "LA",
               parent="la-drug-dept", area="LA-AT"),
    # --- Cambodia ------------------------------------------------------------------
    AgencySpec("kh-moi", "ក្រសួងមហាផ្ទៃ", "Ministry of Interior", "ministry", "central", "KH"),
    AgencySpec("kh-gcnp", "អគ្គស្នងការដ្ឋាននគរបាលជាតិ",
               "General Commissariat of National Police", "department", "central", "KH",
               parent="kh-moi"),
    AgencySpec("kh-add", "នាយកដ្ឋានប្រឆាំងគ្រឿងញៀន", "Anti-Drug Department", "department",
               "central", "KH", parent="kh-gcnp"),
    AgencySpec("kh-svayrieng-police", "ស្នងការដ្ឋាននគរបាលខេត្តស្វាយរៀង",
               "Svay Rieng Provincial Police", "provincial_police", "provincial", "KH",
               parent="kh-add", area="KH-20"),
    AgencySpec("kh-blo-bavet", "ការិយាល័យទំនាក់ទំនងព្រំដែនបាវិត",
               "Bavet Border Liaison Office", "blo", "border", "KH",
               parent="kh-svayrieng-police", area="KH-20", short_name="BLO Bavet"),
)
# fmt: on

# Labels in each country's language; they say the numbers are demo data.
_HOTLINE_LABEL = {
    "VN": "Đường dây nóng (dữ liệu demo)",
    "LA": "ສາຍດ່ວນ (ຂໍ້ມູນສາທິດ)",
    "KH": "ខ្សែទូរស័ព្ទបន្ទាន់ (ទិន្នន័យសាកល្បង)",
}
_DIAL_CODE = {"VN": "+84", "LA": "+856", "KH": "+855"}
# Languages each desk works in: its own, plus the neighbour's on cross-border desks.
_CROSS_BORDER_LANGUAGES = {
    "vn-qnam-police": "vi, lo",
    "vn-namgiang-police": "vi, lo",
    "vn-taygiang-police": "vi, lo",
    "vn-blo-mocbai": "vi, km",
    "vn-bp-mocbai": "vi, km",
    "la-sekong-police": "lo, vi",
    "la-lamam-police": "lo, vi",
    "la-dakcheung-police": "lo, vi",
    "kh-blo-bavet": "km, vi",
    "kh-svayrieng-police": "km, vi",
}
_OWN_LANGUAGE = {"VN": "vi", "LA": "lo", "KH": "km"}


def _contacts() -> tuple[ContactSpec, ...]:
    """One telephone hotline per agency, plus a hotline e-mail at central and provincial
    level; numbers are "+<country> 000 000 <n>", which no operator allocates."""
    contacts: list[ContactSpec] = []
    for number, agency in enumerate(AGENCIES, start=101):
        label = _HOTLINE_LABEL[agency.country]
        languages = _CROSS_BORDER_LANGUAGES.get(agency.code, _OWN_LANGUAGE[agency.country])
        contacts.append(
            ContactSpec(
                agency.code,
                "phone",
                f"{_DIAL_CODE[agency.country]} 000 000 {number}",
                label,
                languages=languages,
            )
        )
        if agency.level in {"central", "provincial"}:
            contacts.append(
                ContactSpec(
                    agency.code,
                    "email",
                    f"hotline.{agency.code}@example.org",
                    label,
                    languages=languages,
                )
            )
    return tuple(contacts)


CONTACTS: tuple[ContactSpec, ...] = _contacts()

# Partnership names are in Latin script, readable on both sides of the border (English is
# the working language of ASEAN cooperation); notes are in the language they were written.
PARTNERSHIPS: tuple[PartnershipSpec, ...] = (
    PartnershipSpec(
        "qnam-sekong",
        "Quảng Nam – Sekong",
        "bilateral",
        ("vn-qnam-police", "la-sekong-police"),
        notes="Biên bản ghi nhớ hợp tác PCMT năm 2023; Biên bản hợp tác PCMT năm 2024; "
        "hội nghị sơ kết 6 tháng đầu năm 2024 tại huyện Lạ Màm, tỉnh Sê Kông (14/08/2024).",
    ),
    PartnershipSpec(
        "vn-la-mps",
        "MPS Viet Nam – MPS Lao PDR",
        "ministerial",
        ("vn-mps", "la-mps"),
        since=date(2021, 8, 9),
        notes="Bản ghi nhớ hợp tác phòng, chống ma túy ký ngày 09/08/2021; "
        "Kế hoạch 376/2021 của Bộ Công an; đường dây nóng ở 4 cấp công an.",
    ),
    PartnershipSpec(
        "vn-kh-trilateral",
        "Trilateral mechanism: C04 – Border Guard – Cambodian ADD",
        "trilateral",
        ("vn-c04", "vn-bdbp-drug", "kh-add"),
        notes="Hội nghị ba bên lần thứ 3, TP Hồ Chí Minh, 05–07/01/2023: mạng lưới đường "
        "dây nóng và Văn phòng liên lạc qua biên giới (BLO).",
    ),
    PartnershipSpec(
        "blo-mocbai-bavet",
        "BLO Mộc Bài – BLO Bavet",
        "bilateral",
        ("vn-blo-mocbai", "kh-blo-bavet"),
    ),
)

R_OFFICER, R_LIAISON, R_SUPERVISOR = "officer", "liaison_officer", "supervisor"
R_ANALYST, R_ADMIN, R_AUDITOR = "analyst", "agency_admin", "auditor"

# One user per role in Viet Nam and Laos, a Cambodian officer and liaison officer, and
# the platform administrator (who belongs to an agency like everyone else).
USERS: tuple[UserSpec, ...] = (
    UserSpec("qnam.officer", "vn-qnam-police", (R_OFFICER,), "vi", "Nguyễn Văn Hùng"),
    UserSpec("qnam.liaison", "vn-qnam-police", (R_LIAISON,), "vi", "Lê Thị Mai"),
    UserSpec("qnam.supervisor", "vn-qnam-police", (R_SUPERVISOR,), "vi", "Trần Quốc Bảo"),
    UserSpec("qnam.admin", "vn-qnam-police", (R_ADMIN,), "vi", "Phạm Minh Tuấn"),
    UserSpec("namgiang.officer", "vn-namgiang-police", (R_OFFICER,), "vi", "Hồ Văn Lực"),
    UserSpec("c04.analyst", "vn-c04", (R_ANALYST,), "vi", "Đỗ Thu Hà"),
    UserSpec("mps.auditor", "vn-mps", (R_AUDITOR,), "vi", "Vũ Đức Long"),
    UserSpec("mocbai.liaison", "vn-blo-mocbai", (R_LIAISON,), "vi", "Huỳnh Văn Phúc"),
    UserSpec("sekong.officer", "la-sekong-police", (R_OFFICER,), "lo", "ບຸນມີ ພົມມະຈັນ"),
    UserSpec("sekong.liaison", "la-sekong-police", (R_LIAISON,), "lo", "ສົມພອນ ແກ້ວມະນີ"),
    UserSpec("sekong.supervisor", "la-sekong-police", (R_SUPERVISOR,), "lo", "ຄຳພອນ ສີສຸວັນ"),
    UserSpec("sekong.admin", "la-sekong-police", (R_ADMIN,), "lo", "ວຽງໄຊ ແສງທອງ"),
    UserSpec("lamam.officer", "la-lamam-police", (R_OFFICER,), "lo", "ທອງດີ ອິນທະວົງ"),
    UserSpec("lao.analyst", "la-drug-dept", (R_ANALYST,), "lo", "ມະນີວັນ ສຸລິຍະ"),
    UserSpec("lao.auditor", "la-mps", (R_AUDITOR,), "lo", "ພອນສະຫວັນ ວົງສາ"),
    UserSpec("add.officer", "kh-add", (R_OFFICER,), "km", "សុខ វណ្ណា"),
    UserSpec("bavet.liaison", "kh-blo-bavet", (R_LIAISON,), "km", "ចាន់ ដារ៉ា"),
    UserSpec("platform.admin", "vn-mps", (), "en", "Platform Administrator", is_superuser=True),
)

PLATFORM_ADMIN = next(u for u in USERS if u.is_superuser)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """One row of the demo login table (README, `liaison demo`)."""

    username: str
    role: str
    agency: str  # the agency's name in its own script
    agency_en: str
    language: str


_ROLE_NAMES = {
    R_OFFICER: "officer",
    R_LIAISON: "liaison officer",
    R_SUPERVISOR: "supervisor",
    R_ANALYST: "analyst",
    R_ADMIN: "agency admin",
    R_AUDITOR: "auditor",
}


def demo_logins() -> list[DemoLogin]:
    """The demo logins in a stable order; all share DEMO_PASSWORD."""
    agencies = {a.code: a for a in AGENCIES}
    rows = []
    for user in USERS:
        agency = agencies[user.agency]
        role = ", ".join(_ROLE_NAMES[r] for r in user.roles)
        if user.is_superuser:
            role = "platform admin"
        rows.append(DemoLogin(user.username, role, agency.name, agency.name_en, user.language))
    return rows


DEMO_LOGINS: tuple[DemoLogin, ...] = tuple(demo_logins())
