"""The cooperation story of the seed articles, as plain data (loaded by `demo.py`).

From the articles: the MoU of 9 August 2021 between the two Ministries of Public Security
and the Vietnamese ministry's plan 376/2021 implementing it, reviewed at the bilateral
ministerial conference of October 2024 (six joint cases that year, 522H among them, the
hotline network completed); the Quảng Nam – Sekong cooperation minutes of 2023 and 2024,
the annual review of 21/12/2023 in Tam Kỳ (which signed the 2024 minutes) and the
six-month review of 14/08/2024 in Lamam (which reviewed the first half of 2024 and
signed the minutes for its second half), with the two awareness conferences for
Vietnamese residents of Lamam and Dakcheung ("over 100 people"); the third trilateral
conference of C04, the Border Guard's drug department and the Cambodian Anti-Drug
Department, 5–7/01/2023 in Hồ Chí Minh City.

Officials are named as the articles name them (public officials acting in their office);
a delegation whose head the articles do not name is given by position only. Days the
articles do not give (the 2023 minutes, the activities, the ministerial conference's
day, the reviews after 2024, the BLO meetings) are illustrative; the conferences after
today (late 2026) make the calendar show what comes next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

QS, MIN, TRI, BLO = "qnam-sekong", "vn-la-mps", "vn-kh-trilateral", "blo-mocbai-bavet"
QN, SK = "vn-qnam-police", "la-sekong-police"


@dataclass(frozen=True)
class CommitmentSpec:
    number: str
    content: str
    responsible: tuple[str, ...]
    indicator: str = ""
    target: int | None = None
    activity_kind: str = ""
    due_on: date | None = None
    override: str = ""  # a status set by hand, with its reason
    override_reason: str = ""


@dataclass(frozen=True)
class AgreementSpec:
    key: str
    partnership: str
    kind: str
    number: str
    title: str
    parties: tuple[str, ...]
    signed_on: date | None
    signed_place: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    conference: str = ""  # key of the conference where it was signed
    follows: str = ""  # key of the agreement it follows
    summary: str = ""
    commitments: tuple[CommitmentSpec, ...] = ()


@dataclass(frozen=True)
class DelegationSpec:
    agency: str
    head_name: str = ""
    head_title: str = ""
    members: str = ""


@dataclass(frozen=True)
class ConferenceSpec:
    key: str
    partnership: str
    kind: str
    title: str
    starts_on: date
    ends_on: date | None = None
    place: str = ""
    host: str = ""
    reviews: tuple[date, date] | None = None
    agenda: str = ""
    minutes: str = ""
    decisions: str = ""
    delegations: tuple[DelegationSpec, ...] = ()


@dataclass(frozen=True)
class ActivitySpec:
    partnership: str
    kind: str
    title: str
    starts_on: date
    organiser: str
    participating: tuple[str, ...] = ()
    ends_on: date | None = None
    place: str = ""
    area: str = ""  # Area code
    participant_count: int | None = None
    audience: str = ""
    outcome: str = ""
    commitments: tuple[str, ...] = field(default=())  # "agreement key/number"


QN_HEAD = DelegationSpec(
    QN,
    "Đại tá Nguyễn Hà Lai",
    "Phó Giám đốc, Thủ trưởng Cơ quan CSĐT Công an tỉnh Quảng Nam",
    "Đại diện Phòng Cảnh sát điều tra tội phạm về ma túy\nĐại diện Công an huyện Nam Giang",
)
SK_HEAD = DelegationSpec(
    SK,
    "",
    "Lãnh đạo Công an tỉnh Sê Kông",
    "ຕາງໜ້າ ປກສ ເມືອງລະມາມ\nຕາງໜ້າ ປກສ ເມືອງດາກຈຶງ",
)

CONFERENCES: tuple[ConferenceSpec, ...] = (
    ConferenceSpec(
        "qs-2023-annual",
        QS,
        "annual",
        "Hội nghị tổng kết, đánh giá kết quả hợp tác PCMT giữa Công an tỉnh Quảng Nam và "
        "Công an tỉnh Sê Kông năm 2023",
        date(2023, 12, 21),
        place="TP. Tam Kỳ, tỉnh Quảng Nam",
        host=QN,
        reviews=(date(2023, 1, 1), date(2023, 12, 31)),
        agenda="1. Đánh giá kết quả thực hiện Biên bản ghi nhớ hợp tác PCMT năm 2023.\n"
        "2. Tồn tại, hạn chế, khó khăn, vướng mắc.\n"
        "3. Phương hướng hợp tác năm 2024.\n"
        "4. Ký kết Biên bản Hội nghị hợp tác PCMT năm 2024.",
        minutes="Trên cơ sở các Biên bản ghi nhớ về hợp tác PCMT năm 2023, lực lượng PCMT "
        "hai tỉnh đã tích cực phối hợp triển khai nhiều hoạt động hợp tác, trao đổi nhiều "
        "đoàn công tác, góp phần bảo đảm ANTT trên tuyến biên giới Quảng Nam – Sê Kông. "
        "Dự báo tình hình tội phạm ma túy trên địa bàn hai tỉnh tiếp tục diễn biến phức tạp.",
        decisions="Năm 2024: khảo sát địa bàn biên giới hai tỉnh; triển khai chung các đợt "
        "cao điểm tuyên truyền, tấn công, trấn áp tội phạm; tuần tra, kiểm soát; trao đổi "
        "đoàn; bồi dưỡng nâng cao năng lực cán bộ PCMT. Ký Biên bản hợp tác PCMT năm 2024.",
        delegations=(QN_HEAD, SK_HEAD),
    ),
    ConferenceSpec(
        "qs-2024-h1",
        QS,
        "six_month",
        "Hội nghị sơ kết công tác hợp tác phòng, chống và kiểm soát ma túy 6 tháng đầu năm "
        "2024 giữa Công an tỉnh Quảng Nam và Công an tỉnh Sê Kông",
        date(2024, 8, 14),
        place="Huyện Lạ Màm, tỉnh Sê Kông",
        host=SK,
        reviews=(date(2024, 1, 1), date(2024, 6, 30)),
        agenda="1. Sơ kết kết quả thực hiện Biên bản hợp tác năm 2024, 6 tháng đầu năm.\n"
        "2. Tình hình tội phạm ma túy trên tuyến biên giới Quảng Nam – Sê Kông.\n"
        "3. Ký Biên bản hợp tác PCMT 6 tháng cuối năm 2024.",
        minutes="Các hoạt động theo Biên bản hợp tác năm 2024 được triển khai đồng bộ; đường "
        "dây nóng ba cấp giúp chia sẻ thông tin kịp thời. Đã tổ chức 2 hội nghị tuyên truyền "
        "tại Lào với hơn 100 người dân Việt Nam cư trú tại huyện Lạ Màm và huyện Đắc Chưng; "
        "trao đổi kinh nghiệm về công tác cai nghiện, quản lý người nghiện.",
        decisions="Tăng cường hợp tác, chia sẻ thông tin, xây dựng các biện pháp phòng, chống "
        "hiệu quả. Ký Biên bản hợp tác phòng, chống ma túy 6 tháng cuối năm 2024.",
        delegations=(
            DelegationSpec(QN, QN_HEAD.head_name, "Phó Giám đốc Công an tỉnh Quảng Nam"),
            SK_HEAD,
        ),
    ),
    ConferenceSpec(
        "qs-2024-annual",
        QS,
        "annual",
        "Hội nghị tổng kết hợp tác PCMT giữa Công an tỉnh Quảng Nam và Công an tỉnh Sê Kông "
        "năm 2024",
        date(2024, 12, 19),
        place="Thành phố Sê Kông, tỉnh Sê Kông",
        host=SK,
        reviews=(date(2024, 1, 1), date(2024, 12, 31)),
        decisions="Ký Biên bản hợp tác PCMT năm 2025.",
        delegations=(DelegationSpec(QN, "", "Lãnh đạo Công an tỉnh Quảng Nam"), SK_HEAD),
    ),
    ConferenceSpec(
        "qs-2025-annual",
        QS,
        "annual",
        "Hội nghị tổng kết hợp tác PCMT giữa Công an tỉnh Quảng Nam và Công an tỉnh Sê Kông "
        "năm 2025",
        date(2025, 12, 18),
        place="TP. Đà Nẵng",
        host=QN,
        reviews=(date(2025, 1, 1), date(2025, 12, 31)),
        decisions="Ký Biên bản hợp tác PCMT năm 2026.",
        delegations=(DelegationSpec(QN, "", "Lãnh đạo Công an tỉnh Quảng Nam"), SK_HEAD),
    ),
    ConferenceSpec(
        "qs-2026-annual",
        QS,
        "annual",
        "Hội nghị tổng kết hợp tác PCMT giữa Công an tỉnh Quảng Nam và Công an tỉnh Sê Kông "
        "năm 2026",
        date(2026, 12, 17),
        ends_on=date(2026, 12, 18),
        place="Thành phố Sê Kông, tỉnh Sê Kông",
        host=SK,
        reviews=(date(2026, 1, 1), date(2026, 12, 31)),
        agenda="1. Tổng kết thực hiện Biên bản hợp tác năm 2026.\n"
        "2. Thống nhất nội dung Biên bản hợp tác năm 2027.",
    ),
    ConferenceSpec(
        "min-2024",
        MIN,
        "ministerial",
        "Hội nghị song phương cấp Bộ trưởng giữa Bộ Công an Việt Nam và Bộ Công an Lào về "
        "hợp tác phòng, chống tội phạm, giữ gìn trật tự an toàn xã hội và phòng, chống ma túy",
        date(2024, 10, 10),
        host="vn-mps",
        reviews=(date(2024, 1, 1), date(2024, 9, 30)),
        agenda="1. Trao đổi thông tin về tình hình tội phạm, trật tự an toàn xã hội, tội phạm "
        "ma túy liên quan đến hai nước.\n"
        "2. Đánh giá kết quả triển khai Bản ghi nhớ ký ngày 09/08/2021 và Kế hoạch 376/2021.",
        minutes="Dự hội nghị có Phó Thủ tướng Lê Thành Long, Chủ tịch Ủy ban Quốc gia phòng, "
        "chống AIDS, ma túy, mại dâm. Từ đầu năm, hai bên phối hợp điều tra chung 6 chuyên "
        "án: 3 do C04 xác lập, 2 do Công an địa phương, 1 do Cục phòng, chống ma túy Lào. "
        "Chuyên án 522H: bắt 2 đối tượng, thu giữ 110 kg ma túy tổng hợp; mở rộng thu thêm "
        "100 kg, có 2 đối tượng người Lào. Sau 3 năm, mạng lưới đường dây nóng giữa cơ quan "
        "hai nước đã hoàn thành.",
        decisions='"3 tăng cường": trao đổi, chia sẻ thông tin qua đường dây nóng ở 4 cấp '
        "công an; phối hợp các hoạt động nghiệp vụ và tác chiến xuyên quốc gia; hoàn thiện "
        "chính sách, pháp luật về phòng, chống tội phạm và ma túy.",
        delegations=(
            DelegationSpec("vn-mps", "Trung tướng Nguyễn Văn Long", "Thứ trưởng Bộ Công an"),
            DelegationSpec(
                "la-mps", "Trung tướng Khamking Phuilamanyvong", "Thứ trưởng Bộ Công an Lào"
            ),
        ),
    ),
    ConferenceSpec(
        "tri-2023",
        TRI,
        "trilateral",
        "Hội nghị lần thứ 3 giữa Cục Cảnh sát điều tra tội phạm về ma túy (Bộ Công an), Cục "
        "Phòng, chống ma túy và tội phạm (BĐBP) và Cục Chống ma túy (Campuchia)",
        date(2023, 1, 5),
        ends_on=date(2023, 1, 7),
        place="TP. Hồ Chí Minh",
        host="vn-c04",
        reviews=(date(2019, 1, 1), date(2022, 12, 31)),
        agenda="1. Trao đổi tình hình, kết quả đấu tranh PCMT tại địa bàn giáp biên.\n"
        "2. Đánh giá kết quả phối hợp ba bên.\n3. Phương hướng hợp tác thời gian tới.",
        minutes="Từ năm 2019, trên tuyến biên giới Việt Nam – Campuchia, lực lượng chức năng "
        "10 tỉnh giáp biên của Việt Nam đã bắt giữ trên 5.000 vụ, trên 9.000 đối tượng, thu "
        "giữ trên 126 kg heroin, 220 kg methamphetamine, 160 kg cần sa, 64 kg ketamine.",
        decisions="Nâng cao chất lượng trao đổi thông tin qua đường dây nóng và Văn phòng BLO; "
        "xác lập chuyên án chung; duy trì Kế hoạch cao điểm tuyên truyền, tấn công, trấn áp "
        "tội phạm ma túy trên tuyến biên giới; họp giao ban định kỳ giữa cấp tỉnh, cấp huyện "
        "giáp biên và Văn phòng BLO.",
        delegations=(
            DelegationSpec(
                "vn-c04",
                "Thiếu tướng Nguyễn Văn Viện",
                "Cục trưởng Cục Cảnh sát điều tra tội phạm về ma túy",
            ),
            DelegationSpec(
                "vn-bdbp-drug",
                "Đại tá Đỗ Ngọc Cảnh",
                "Cục trưởng Cục Phòng, chống ma túy và tội phạm, Bộ Tư lệnh BĐBP",
            ),
            DelegationSpec(
                "kh-add",
                "Trung tướng King Sarat",
                "Cục trưởng Cục Chống ma túy, Tổng cục Công an quốc gia, Bộ Nội vụ Campuchia",
            ),
        ),
    ),
    ConferenceSpec(
        "blo-2024-q1",
        BLO,
        "blo",
        "Giao ban định kỳ Văn phòng BLO Mộc Bài – BLO Bavet, quý I/2024",
        date(2024, 3, 28),
        place="Cửa khẩu Quốc tế Mộc Bài",
        host="vn-blo-mocbai",
        reviews=(date(2024, 1, 1), date(2024, 3, 31)),
        delegations=(
            DelegationSpec("vn-blo-mocbai", "", "Trưởng Văn phòng BLO Mộc Bài"),
            DelegationSpec("kh-blo-bavet", "", "Trưởng Văn phòng BLO Bavet"),
        ),
    ),
    ConferenceSpec(
        "blo-2026-q4",
        BLO,
        "blo",
        "Giao ban định kỳ Văn phòng BLO Mộc Bài – BLO Bavet, quý IV/2026",
        date(2026, 12, 10),
        place="Cửa khẩu Quốc tế Bavet",
        host="kh-blo-bavet",
        reviews=(date(2026, 10, 1), date(2026, 12, 31)),
    ),
)


# The tables below are compact on purpose (easier to check against the articles).
# fmt: off
def _c(number, content, responsible=(QN, SK), **kw) -> CommitmentSpec:
    return CommitmentSpec(number, content, tuple(responsible), **kw)


Y23, Y24, H224 = date(2023, 12, 31), date(2024, 12, 31), date(2024, 12, 31)

AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        "mou-2021",
        MIN,
        "mou",
        "",
        "Bản ghi nhớ hợp tác phòng, chống ma túy giữa Bộ Công an nước CHXHCN Việt Nam và Bộ "
        "Công an nước CHDCND Lào",
        ("vn-mps", "la-mps"),
        date(2021, 8, 9),
        valid_from=date(2021, 8, 9),
        commitments=(
            _c("1", "Trao đổi, chia sẻ thông tin tội phạm ma túy qua mạng lưới đường dây nóng.",
               ("vn-mps", "la-mps"), indicator="Mạng lưới đường dây nóng hoàn thành",
               override="done",
               override_reason="Hội nghị cấp Bộ trưởng 10/2024: mạng lưới đường dây nóng giữa "
               "cơ quan hai nước đã hoàn thành."),
            _c("2", "Phối hợp xác minh, điều tra các vụ án, vụ việc về tội phạm ma túy, tội "
               "phạm mua bán người.", ("vn-c04", "la-drug-dept")),
            _c("3", "Bồi dưỡng, đào tạo cán bộ làm công tác phòng, chống ma túy.",
               ("vn-c04", "la-drug-dept"), target=1, activity_kind="training"),
        ),
    ),
    AgreementSpec(
        "plan-376",
        MIN,
        "plan",
        "376/2021",
        "Kế hoạch 376/2021 của Bộ Công an về triển khai Bản ghi nhớ và tăng cường hợp tác "
        "phòng, chống ma túy với Bộ Công an Lào",
        ("vn-mps", "la-mps"),
        None,
        valid_from=date(2021, 9, 1),
        follows="mou-2021",
        summary="Kế hoạch của Bộ Công an Việt Nam triển khai Bản ghi nhớ ngày 09/08/2021.",
        commitments=(
            _c("1", "Xác lập và điều tra chuyên án chung đối với các đường dây ma túy xuyên "
               "quốc gia.", ("vn-c04", "la-drug-dept"), indicator="Chuyên án chung được xác lập"),
            _c("2", "Trao đổi đoàn công tác cấp Cục giữa hai Bộ.", ("vn-c04", "la-drug-dept"),
               target=2, activity_kind="delegation", due_on=date(2024, 12, 31)),
        ),
    ),
    AgreementSpec(
        "qs-2023",
        QS,
        "minutes",
        "01/BBGN-2023",
        "Biên bản ghi nhớ hợp tác phòng, chống ma túy năm 2023 giữa Công an tỉnh Quảng Nam và "
        "Công an tỉnh Sê Kông",
        (QN, SK),
        date(2022, 12, 20),
        signed_place="Tỉnh Sê Kông",
        valid_from=date(2023, 1, 1),
        valid_to=Y23,
        commitments=(
            _c("1", "Trao đổi đoàn công tác giữa Công an hai tỉnh.", target=2,
               activity_kind="delegation", due_on=Y23),
            _c("2", "Phối hợp tuần tra, kiểm soát trên tuyến biên giới Nam Giang – Lạ Màm.",
               ("vn-namgiang-police", "la-lamam-police"), target=2, activity_kind="patrol",
               due_on=Y23),
            _c("3", "Trao đổi thông tin về đối tượng, đường dây ma túy qua đường dây nóng.",
               due_on=Y23, override="done",
               override_reason="Báo cáo tổng kết ngày 21/12/2023: thông tin được trao đổi "
               "thường xuyên qua đường dây nóng."),
        ),
    ),
    AgreementSpec(
        "qs-2024",
        QS,
        "minutes",
        "02/BBHN-2024",
        "Biên bản Hội nghị hợp tác phòng, chống ma túy năm 2024 giữa Công an tỉnh Quảng Nam "
        "và Công an tỉnh Sê Kông",
        (QN, SK),
        date(2023, 12, 21),
        signed_place="TP. Tam Kỳ, tỉnh Quảng Nam",
        valid_from=date(2024, 1, 1),
        valid_to=Y24,
        conference="qs-2023-annual",
        follows="qs-2023",
        commitments=(
            _c("1", "Phối hợp khảo sát địa bàn biên giới hai tỉnh, rà soát các điểm, tụ điểm "
               "phức tạp về ma túy.", target=1, activity_kind="survey", due_on=date(2024, 6, 30)),
            _c("2", "Tổ chức 2 hội nghị tuyên truyền phòng, chống ma túy cho người dân Việt Nam "
               "cư trú tại huyện Lạ Màm và huyện Đắc Chưng.",
               (SK, "la-lamam-police", "la-dakcheung-police", QN),
               indicator="Số hội nghị tuyên truyền", target=2, activity_kind="awareness",
               due_on=date(2024, 6, 30)),
            _c("3", "Phối hợp tuần tra, kiểm soát để phòng ngừa tội phạm trên tuyến biên giới.",
               ("vn-namgiang-police", "la-lamam-police"), target=4, activity_kind="patrol",
               due_on=Y24),
            _c("4", "Triển khai chung các đợt cao điểm tuyên truyền, tấn công, trấn áp tội phạm "
               "ma túy.", target=2, activity_kind="campaign", due_on=Y24),
            _c("5", "Trao đổi đoàn giữa hai bên để chia sẻ kinh nghiệm đấu tranh PCMT.", target=2,
               activity_kind="delegation", due_on=Y24),
            _c("6", "Bồi dưỡng, nâng cao năng lực cho cán bộ làm công tác PCMT của hai bên.",
               target=1, activity_kind="training", due_on=Y24),
            _c("7", "Trao đổi kinh nghiệm về công tác cai nghiện, quản lý người nghiện và quy "
               "định pháp luật liên quan.", target=1, activity_kind="experience",
               due_on=date(2024, 9, 30)),
            _c("8", "Xác minh nhân thân, nơi cư trú các đối tượng theo yêu cầu của mỗi bên.",
               indicator="Yêu cầu xác minh được trả lời", activity_kind="handover",
               due_on=Y24),
        ),
    ),
    AgreementSpec(
        "qs-2024-h2",
        QS,
        "minutes",
        "03/BBHT-2024",
        "Biên bản hợp tác phòng, chống ma túy 6 tháng cuối năm 2024 giữa Công an tỉnh Quảng "
        "Nam và Công an tỉnh Sê Kông",
        (QN, SK),
        date(2024, 8, 14),
        signed_place="Huyện Lạ Màm, tỉnh Sê Kông",
        valid_from=date(2024, 7, 1),
        valid_to=H224,
        conference="qs-2024-h1",
        follows="qs-2024",
        commitments=(
            _c("1", "Tiếp tục tuần tra chung trên tuyến biên giới Nam Giang – Lạ Màm.",
               ("vn-namgiang-police", "la-lamam-police"), target=2, activity_kind="patrol",
               due_on=H224),
            _c("2", "Mở đợt cao điểm tấn công, trấn áp tội phạm ma túy dịp Tết Nguyên đán.",
               target=1, activity_kind="campaign", due_on=H224),
        ),
    ),
    AgreementSpec(
        "qs-2025",
        QS,
        "minutes",
        "04/BBHT-2025",
        "Biên bản hợp tác phòng, chống ma túy năm 2025 giữa Công an tỉnh Quảng Nam và Công an "
        "tỉnh Sê Kông",
        (QN, SK),
        date(2024, 12, 19),
        signed_place="Thành phố Sê Kông",
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
        conference="qs-2024-annual",
        follows="qs-2024-h2",
        commitments=(
            _c("1", "Tuần tra chung trên tuyến biên giới.", ("vn-namgiang-police", SK), target=2,
               activity_kind="patrol", due_on=date(2025, 12, 31)),
            _c("2", "Hội nghị tuyên truyền cho người dân khu vực biên giới.", target=1,
               activity_kind="awareness", due_on=date(2025, 12, 31)),
        ),
    ),
    AgreementSpec(
        "qs-2026",
        QS,
        "minutes",
        "05/BBHT-2026",
        "Biên bản hợp tác phòng, chống ma túy năm 2026 giữa Công an tỉnh Quảng Nam và Công an "
        "tỉnh Sê Kông",
        (QN, SK),
        date(2025, 12, 18),
        signed_place="TP. Đà Nẵng",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        conference="qs-2025-annual",
        follows="qs-2025",
        commitments=(
            _c("1", "Tuần tra chung trên tuyến biên giới Nam Giang – Lạ Màm.",
               ("vn-namgiang-police", "la-lamam-police"), target=3, activity_kind="patrol",
               due_on=date(2026, 12, 15)),
            _c("2", "Tổ chức 2 hội nghị tuyên truyền cho người dân khu vực biên giới hai tỉnh.",
               target=2, activity_kind="awareness", due_on=date(2026, 12, 31)),
            _c("3", "Tập huấn nghiệp vụ trinh sát ma túy cho cán bộ Công an tỉnh Sê Kông.",
               target=1, activity_kind="training", due_on=date(2026, 12, 31)),
        ),
    ),
    AgreementSpec(
        "tri-2023",
        TRI,
        "minutes",
        "BB-3B-2023",
        "Biên bản Hội nghị ba bên lần thứ 3 về hợp tác phòng, chống tội phạm ma túy",
        ("vn-c04", "vn-bdbp-drug", "kh-add"),
        date(2023, 1, 7),
        signed_place="TP. Hồ Chí Minh",
        valid_from=date(2023, 1, 7),
        conference="tri-2023",
        commitments=(
            _c("1", "Nâng cao chất lượng trao đổi thông tin qua mạng lưới đường dây nóng và Văn "
               "phòng BLO, nhất là về đối tượng cầm đầu và đối tượng truy nã.",
               ("vn-c04", "kh-add")),
            _c("2", "Duy trì Kế hoạch cao điểm tuyên truyền, tấn công, trấn áp tội phạm ma túy "
               "trên tuyến biên giới Việt Nam – Campuchia.", ("vn-bdbp-drug", "kh-add"),
               target=1, activity_kind="campaign", due_on=Y23),
            _c("3", "Họp giao ban định kỳ giữa cấp tỉnh, cấp huyện giáp biên và Văn phòng BLO.",
               ("vn-c04", "vn-bdbp-drug", "kh-add")),
        ),
    ),
)

_LAMAM, _DAKCHEUNG, _NAMGIANG = "LA-XE-LAMAM", "LA-XE-DAKCHEUNG", "VN-27-NAMGIANG"
_RESIDENTS = "Người dân Việt Nam cư trú tại "

ACTIVITIES: tuple[ActivitySpec, ...] = (
    # 2023 minutes
    ActivitySpec(QS, "delegation", "Đoàn công tác Công an tỉnh Sê Kông thăm, làm việc tại "
                 "Công an tỉnh Quảng Nam", date(2023, 5, 16), SK, (QN,), date(2023, 5, 18),
                 "TP. Tam Kỳ", "VN-27", 12, commitments=("qs-2023/1",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tuyến biên giới Nam Giang – Lạ Màm đợt 1",
                 date(2023, 7, 11), "vn-namgiang-police", ("la-lamam-police",), date(2023, 7, 13),
                 "Cặp cửa khẩu Nam Giang – Đắk Tà Oọc", _NAMGIANG, 24,
                 commitments=("qs-2023/2",)),
    ActivitySpec(QS, "delegation", "Đoàn công tác Công an tỉnh Quảng Nam làm việc tại tỉnh "
                 "Sê Kông", date(2023, 9, 12), QN, (SK,), date(2023, 9, 14), "Tỉnh Sê Kông",
                 "LA-XE", 10, commitments=("qs-2023/1",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tuyến biên giới Nam Giang – Lạ Màm đợt 2",
                 date(2023, 10, 24), "la-lamam-police", ("vn-namgiang-police",),
                 date(2023, 10, 26), "Huyện Lạ Màm", _LAMAM, 20, commitments=("qs-2023/2",)),
    # 2024 minutes, first half
    ActivitySpec(QS, "campaign", "Cao điểm tấn công, trấn áp tội phạm ma túy dịp Tết Giáp Thìn "
                 "2024", date(2024, 1, 15), QN, (SK, "vn-namgiang-police", "la-lamam-police"),
                 date(2024, 2, 25), "Tuyến biên giới Quảng Nam – Sê Kông",
                 outcome="Rà soát các điểm, tụ điểm phức tạp về ma túy.",
                 commitments=("qs-2024/4",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 2/2024", date(2024, 2, 20),
                 "vn-namgiang-police", ("la-lamam-police",), date(2024, 2, 22),
                 "Cặp cửa khẩu Nam Giang – Đắk Tà Oọc", _NAMGIANG, 26, commitments=("qs-2024/3",)),
    ActivitySpec(QS, "survey", "Khảo sát địa bàn biên giới hai tỉnh Quảng Nam – Sê Kông",
                 date(2024, 3, 5), QN, (SK, "vn-namgiang-police", "la-lamam-police"),
                 date(2024, 3, 8), "Huyện Nam Giang và huyện Lạ Màm", _NAMGIANG, 18,
                 outcome="Xác định các đường mòn, lối mở có nguy cơ vận chuyển ma túy.",
                 commitments=("qs-2024/1",)),
    ActivitySpec(QS, "delegation", "Đoàn công tác Công an tỉnh Quảng Nam trao đổi kinh nghiệm "
                 "tại tỉnh Sê Kông", date(2024, 3, 26), QN, (SK,), date(2024, 3, 28),
                 "Tỉnh Sê Kông", "LA-XE", 9, commitments=("qs-2024/5",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 4/2024", date(2024, 4, 9),
                 "la-lamam-police", ("vn-namgiang-police",), date(2024, 4, 10), "Huyện Lạ Màm",
                 _LAMAM, 22, commitments=("qs-2024/3",)),
    ActivitySpec(QS, "awareness", "Hội nghị tuyên truyền phòng, chống ma túy cho người dân "
                 "Việt Nam cư trú tại huyện Lạ Màm", date(2024, 4, 18), SK,
                 ("la-lamam-police", QN), None, "Huyện Lạ Màm, tỉnh Sê Kông", _LAMAM, 56,
                 _RESIDENTS + "huyện Lạ Màm",
                 "Người dân được phổ biến pháp luật của hai nước và tác hại của ma túy.",
                 ("qs-2024/2",)),
    ActivitySpec(QS, "awareness", "Hội nghị tuyên truyền phòng, chống ma túy cho người dân "
                 "Việt Nam cư trú tại huyện Đắc Chưng", date(2024, 5, 23), SK,
                 ("la-dakcheung-police", QN), None, "Huyện Đắc Chưng, tỉnh Sê Kông", _DAKCHEUNG,
                 51, _RESIDENTS + "huyện Đắc Chưng",
                 "Người dân được phổ biến pháp luật của hai nước và tác hại của ma túy.",
                 ("qs-2024/2",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 6/2024", date(2024, 6, 11),
                 "vn-namgiang-police", ("la-lamam-police",), None,
                 "Cặp cửa khẩu Nam Giang – Đắk Tà Oọc", _NAMGIANG, 24, commitments=("qs-2024/3",)),
    ActivitySpec(QS, "experience", "Trao đổi kinh nghiệm về công tác cai nghiện và quản lý người "
                 "nghiện", date(2024, 6, 19), QN, (SK,), None, "TP. Tam Kỳ", "VN-27", 30,
                 "Cán bộ PCMT, y tế và lao động – thương binh – xã hội",
                 commitments=("qs-2024/7",)),
    # 2024, second half
    ActivitySpec(QS, "training", "Lớp bồi dưỡng nghiệp vụ PCMT cho cán bộ Công an tỉnh Sê Kông",
                 date(2024, 9, 16), QN, (SK,), date(2024, 9, 20), "TP. Tam Kỳ", "VN-27", 35,
                 "Cán bộ PCMT Công an tỉnh Sê Kông", commitments=("qs-2024/6",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 10/2024", date(2024, 10, 8),
                 "vn-namgiang-police", ("la-lamam-police",), None, "Huyện Nam Giang", _NAMGIANG,
                 24, commitments=("qs-2024/3", "qs-2024-h2/1")),
    ActivitySpec(QS, "delegation", "Đoàn công tác Công an tỉnh Sê Kông làm việc tại Quảng Nam",
                 date(2024, 11, 12), SK, (QN,), date(2024, 11, 14), "TP. Tam Kỳ", "VN-27", 11,
                 commitments=("qs-2024/5",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 11/2024", date(2024, 11, 19),
                 "la-lamam-police", ("vn-namgiang-police",), None, "Huyện Lạ Màm", _LAMAM, 21,
                 commitments=("qs-2024/3", "qs-2024-h2/1")),
    ActivitySpec(QS, "campaign", "Cao điểm tấn công, trấn áp tội phạm ma túy dịp Tết Ất Tỵ 2025",
                 date(2024, 12, 2), QN, (SK,), date(2025, 1, 31),
                 "Tuyến biên giới Quảng Nam – Sê Kông",
                 commitments=("qs-2024/4", "qs-2024-h2/2")),
    # 2025 and 2026
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 4/2025", date(2025, 4, 15),
                 "vn-namgiang-police", (SK,), None, "Huyện Nam Giang", _NAMGIANG, 20,
                 commitments=("qs-2025/1",)),
    ActivitySpec(QS, "awareness", "Tuyên truyền phòng, chống ma túy cho người dân khu vực biên "
                 "giới huyện Lạ Màm", date(2025, 6, 10), SK, ("la-lamam-police",), None,
                 "Huyện Lạ Màm", _LAMAM, 64, "Người dân khu vực biên giới",
                 commitments=("qs-2025/2",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 9/2025", date(2025, 9, 16), SK,
                 ("vn-namgiang-police",), None, "Huyện Lạ Màm", _LAMAM, 22,
                 commitments=("qs-2025/1",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 3/2026", date(2026, 3, 17),
                 "vn-namgiang-police", ("la-lamam-police",), None, "Huyện Nam Giang",
                 _NAMGIANG, 23, commitments=("qs-2026/1",)),
    ActivitySpec(QS, "awareness", "Hội nghị tuyên truyền cho người dân huyện Đắc Chưng",
                 date(2026, 5, 21), SK, ("la-dakcheung-police", QN), None, "Huyện Đắc Chưng",
                 _DAKCHEUNG, 58, _RESIDENTS + "huyện Đắc Chưng", commitments=("qs-2026/2",)),
    ActivitySpec(QS, "patrol", "Tuần tra chung tháng 9/2026", date(2026, 9, 22),
                 "la-lamam-police", ("vn-namgiang-police",), None, "Huyện Lạ Màm", _LAMAM, 20,
                 commitments=("qs-2026/1",)),
    # ministerial and trilateral
    ActivitySpec(MIN, "training", "Lớp bồi dưỡng nghiệp vụ điều tra tội phạm ma túy cho cán bộ "
                 "Cục phòng, chống ma túy Lào", date(2023, 8, 7), "vn-c04", ("la-drug-dept",),
                 date(2023, 8, 18), "Hà Nội", "", 30, commitments=("mou-2021/3",)),
    ActivitySpec(MIN, "delegation", "Đoàn công tác Cục C04 làm việc tại Viêng Chăn",
                 date(2024, 5, 14), "vn-c04", ("la-drug-dept",), date(2024, 5, 17), "Viêng Chăn",
                 "", 8, commitments=("plan-376/2",)),
    ActivitySpec(TRI, "campaign", "Cao điểm tuyên truyền, tấn công, trấn áp tội phạm ma túy trên "
                 "tuyến biên giới Việt Nam – Campuchia năm 2023", date(2023, 6, 1),
                 "vn-bdbp-drug", ("kh-add",), date(2023, 8, 31),
                 "Tuyến biên giới Việt Nam – Campuchia", commitments=("tri-2023/2",)),
)
# fmt: on
