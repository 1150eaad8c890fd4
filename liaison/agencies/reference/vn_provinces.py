"""Viet Nam's provinces before and after the 2025 merger (Resolution 202/2025/QH15).

On 01/07/2025 Viet Nam's 63 provincial-level units became 34: 11 kept their territory
unchanged and 52 were merged into 23 new units. For statistics across the change:

- the 52 merged provinces carry their ISO 3166-2 code (as in pycountry), no start date,
  `valid_to` 30/06/2025 and `successor` = the new unit that took over their territory;
- the 23 new units start on 01/07/2025. ISO has not published codes for them, so they
  get a stable code of our own: "VN-2025-" + a short mnemonic ("VN-2025-DN" Đà Nẵng,
  "VN-2025-TNI" Tây Ninh). These codes never change once loaded;
- the 11 unchanged units keep one record valid throughout (no dates, no successor).
  Huế (VN-26) was "Thừa Thiên Huế" province until 31/12/2024 and has been a
  centrally governed city since 01/01/2025 (Resolution 1314/NQ-UBTVQH15); the
  territory did not change, so it is one record under its current name.

Borders (DESIGN.md): 10 provinces on each side of the Viet Nam-Laos border and 10
Vietnamese provinces on the Cambodian border before the merger; 9 and 8 after it.
"""

from __future__ import annotations

from datetime import date

from liaison.agencies.reference import MUNICIPALITY, PROVINCE, AreaSpec, romanize_vi

MERGER_DATE = date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)
NEW_CODE_PREFIX = "VN-2025-"

# Romanized names that are not simply the name without diacritics.
_NAME_EN = {"Thành phố Hồ Chí Minh": "Ho Chi Minh City"}

# The 34 units since 01/07/2025: code, name, kind. The 11 unchanged ones keep ISO codes.
UNCHANGED: tuple[tuple[str, str, str], ...] = (
    ("VN-HN", "Hà Nội", MUNICIPALITY),
    ("VN-26", "Huế", MUNICIPALITY),
    ("VN-01", "Lai Châu", PROVINCE),
    ("VN-71", "Điện Biên", PROVINCE),
    ("VN-05", "Sơn La", PROVINCE),
    ("VN-09", "Lạng Sơn", PROVINCE),
    ("VN-13", "Quảng Ninh", PROVINCE),
    ("VN-21", "Thanh Hóa", PROVINCE),
    ("VN-22", "Nghệ An", PROVINCE),
    ("VN-23", "Hà Tĩnh", PROVINCE),
    ("VN-04", "Cao Bằng", PROVINCE),
)

MERGED: tuple[tuple[str, str, str], ...] = (
    ("VN-2025-TQ", "Tuyên Quang", PROVINCE),
    ("VN-2025-LC", "Lào Cai", PROVINCE),
    ("VN-2025-TNG", "Thái Nguyên", PROVINCE),
    ("VN-2025-PT", "Phú Thọ", PROVINCE),
    ("VN-2025-BN", "Bắc Ninh", PROVINCE),
    ("VN-2025-HY", "Hưng Yên", PROVINCE),
    ("VN-2025-HP", "Hải Phòng", MUNICIPALITY),
    ("VN-2025-NB", "Ninh Bình", PROVINCE),
    ("VN-2025-QT", "Quảng Trị", PROVINCE),
    ("VN-2025-DN", "Đà Nẵng", MUNICIPALITY),
    ("VN-2025-QNG", "Quảng Ngãi", PROVINCE),
    ("VN-2025-GL", "Gia Lai", PROVINCE),
    ("VN-2025-KH", "Khánh Hòa", PROVINCE),
    ("VN-2025-LD", "Lâm Đồng", PROVINCE),
    ("VN-2025-DL", "Đắk Lắk", PROVINCE),
    ("VN-2025-SG", "Thành phố Hồ Chí Minh", MUNICIPALITY),
    ("VN-2025-DNA", "Đồng Nai", PROVINCE),
    ("VN-2025-TNI", "Tây Ninh", PROVINCE),
    ("VN-2025-CT", "Cần Thơ", MUNICIPALITY),
    ("VN-2025-VL", "Vĩnh Long", PROVINCE),
    ("VN-2025-DT", "Đồng Tháp", PROVINCE),
    ("VN-2025-CM", "Cà Mau", PROVINCE),
    ("VN-2025-AG", "An Giang", PROVINCE),
)

# The 52 provinces merged on 01/07/2025: ISO code, name, kind, successor.
PREDECESSORS: tuple[tuple[str, str, str, str], ...] = (
    ("VN-03", "Hà Giang", PROVINCE, "VN-2025-TQ"),
    ("VN-07", "Tuyên Quang", PROVINCE, "VN-2025-TQ"),
    ("VN-02", "Lào Cai", PROVINCE, "VN-2025-LC"),
    ("VN-06", "Yên Bái", PROVINCE, "VN-2025-LC"),
    ("VN-53", "Bắc Kạn", PROVINCE, "VN-2025-TNG"),
    ("VN-69", "Thái Nguyên", PROVINCE, "VN-2025-TNG"),
    ("VN-70", "Vĩnh Phúc", PROVINCE, "VN-2025-PT"),
    ("VN-14", "Hòa Bình", PROVINCE, "VN-2025-PT"),
    ("VN-68", "Phú Thọ", PROVINCE, "VN-2025-PT"),
    ("VN-54", "Bắc Giang", PROVINCE, "VN-2025-BN"),
    ("VN-56", "Bắc Ninh", PROVINCE, "VN-2025-BN"),
    ("VN-20", "Thái Bình", PROVINCE, "VN-2025-HY"),
    ("VN-66", "Hưng Yên", PROVINCE, "VN-2025-HY"),
    ("VN-61", "Hải Dương", PROVINCE, "VN-2025-HP"),
    ("VN-HP", "Hải Phòng", MUNICIPALITY, "VN-2025-HP"),
    ("VN-63", "Hà Nam", PROVINCE, "VN-2025-NB"),
    ("VN-18", "Ninh Bình", PROVINCE, "VN-2025-NB"),
    ("VN-67", "Nam Định", PROVINCE, "VN-2025-NB"),
    ("VN-24", "Quảng Bình", PROVINCE, "VN-2025-QT"),
    ("VN-25", "Quảng Trị", PROVINCE, "VN-2025-QT"),
    ("VN-27", "Quảng Nam", PROVINCE, "VN-2025-DN"),
    ("VN-DN", "Đà Nẵng", MUNICIPALITY, "VN-2025-DN"),
    ("VN-28", "Kon Tum", PROVINCE, "VN-2025-QNG"),
    ("VN-29", "Quảng Ngãi", PROVINCE, "VN-2025-QNG"),
    ("VN-30", "Gia Lai", PROVINCE, "VN-2025-GL"),
    ("VN-31", "Bình Định", PROVINCE, "VN-2025-GL"),
    ("VN-34", "Khánh Hòa", PROVINCE, "VN-2025-KH"),
    ("VN-36", "Ninh Thuận", PROVINCE, "VN-2025-KH"),
    ("VN-35", "Lâm Đồng", PROVINCE, "VN-2025-LD"),
    ("VN-72", "Đắk Nông", PROVINCE, "VN-2025-LD"),
    ("VN-40", "Bình Thuận", PROVINCE, "VN-2025-LD"),
    ("VN-33", "Đắk Lắk", PROVINCE, "VN-2025-DL"),
    ("VN-32", "Phú Yên", PROVINCE, "VN-2025-DL"),
    ("VN-SG", "Thành phố Hồ Chí Minh", MUNICIPALITY, "VN-2025-SG"),
    ("VN-57", "Bình Dương", PROVINCE, "VN-2025-SG"),
    ("VN-43", "Bà Rịa - Vũng Tàu", PROVINCE, "VN-2025-SG"),
    ("VN-39", "Đồng Nai", PROVINCE, "VN-2025-DNA"),
    ("VN-58", "Bình Phước", PROVINCE, "VN-2025-DNA"),
    ("VN-37", "Tây Ninh", PROVINCE, "VN-2025-TNI"),
    ("VN-41", "Long An", PROVINCE, "VN-2025-TNI"),
    ("VN-CT", "Cần Thơ", MUNICIPALITY, "VN-2025-CT"),
    ("VN-52", "Sóc Trăng", PROVINCE, "VN-2025-CT"),
    ("VN-73", "Hậu Giang", PROVINCE, "VN-2025-CT"),
    ("VN-49", "Vĩnh Long", PROVINCE, "VN-2025-VL"),
    ("VN-50", "Bến Tre", PROVINCE, "VN-2025-VL"),
    ("VN-51", "Trà Vinh", PROVINCE, "VN-2025-VL"),
    ("VN-45", "Đồng Tháp", PROVINCE, "VN-2025-DT"),
    ("VN-46", "Tiền Giang", PROVINCE, "VN-2025-DT"),
    ("VN-59", "Cà Mau", PROVINCE, "VN-2025-CM"),
    ("VN-55", "Bạc Liêu", PROVINCE, "VN-2025-CM"),
    ("VN-44", "An Giang", PROVINCE, "VN-2025-AG"),
    ("VN-47", "Kiên Giang", PROVINCE, "VN-2025-AG"),
)

# Vietnamese provinces on the Lao and Cambodian borders, before and after the merger.
BORDERS_LA: frozenset[str] = frozenset(
    {
        # until 30/06/2025
        "VN-71", "VN-05", "VN-21", "VN-22", "VN-23",  # Điện Biên … Hà Tĩnh (unchanged)
        "VN-24", "VN-25", "VN-26", "VN-27", "VN-28",  # Quảng Bình … Kon Tum
        # since 01/07/2025 (besides the unchanged ones above)
        "VN-2025-QT", "VN-2025-DN", "VN-2025-QNG",
    }
)  # fmt: skip
BORDERS_KH: frozenset[str] = frozenset(
    {
        # until 30/06/2025
        "VN-28", "VN-30", "VN-33", "VN-72", "VN-58",  # Kon Tum … Bình Phước
        "VN-37", "VN-41", "VN-45", "VN-44", "VN-47",  # Tây Ninh … Kiên Giang
        # since 01/07/2025
        "VN-2025-QNG", "VN-2025-GL", "VN-2025-DL", "VN-2025-LD",
        "VN-2025-DNA", "VN-2025-TNI", "VN-2025-DT", "VN-2025-AG",
    }
)  # fmt: skip


def _borders(code: str) -> frozenset[str]:
    return frozenset(
        country for country, codes in (("LA", BORDERS_LA), ("KH", BORDERS_KH)) if code in codes
    )


def _spec(code: str, name: str, kind: str, **dates) -> AreaSpec:
    return AreaSpec(
        code=code,
        country="VN",
        kind=kind,
        name=name,
        name_en=_NAME_EN.get(name, romanize_vi(name)),
        borders=_borders(code),
        **dates,
    )


def vn_areas() -> list[AreaSpec]:
    """The 97 records: unchanged and new units first (they are successors), then the old."""
    return [
        *(_spec(code, name, kind) for code, name, kind in UNCHANGED),
        *(_spec(code, name, kind, valid_from=MERGER_DATE) for code, name, kind in MERGED),
        *(
            _spec(code, name, kind, valid_to=LAST_DAY_BEFORE_MERGER, successor=successor)
            for code, name, kind, successor in PREDECESSORS
        ),
    ]
