"""The districts the demo needs (codes are ours: province code + a mnemonic).

Viet Nam abolished the district level on 01/07/2025 (two-tier local government), so
the Vietnamese districts end on 30/06/2025; their territory belongs to the communes of
the successor province, which is how statistics roll them up (district → province →
successor). They have no successor of their own.
"""

from __future__ import annotations

from datetime import date

from liaison.agencies.reference import DISTRICT, AreaSpec

DISTRICTS: tuple[AreaSpec, ...] = (
    AreaSpec(
        code="VN-27-NAMGIANG",
        country="VN",
        kind=DISTRICT,
        name="Nam Giang",
        name_en="Nam Giang",
        parent="VN-27",
        valid_to=date(2025, 6, 30),
        borders=frozenset({"LA"}),
    ),
    AreaSpec(
        code="VN-27-TAYGIANG",
        country="VN",
        kind=DISTRICT,
        name="Tây Giang",
        name_en="Tay Giang",
        parent="VN-27",
        valid_to=date(2025, 6, 30),
        borders=frozenset({"LA"}),
    ),
    AreaSpec(
        code="LA-XE-LAMAM",
        country="LA",
        kind=DISTRICT,
        name="ລະມາມ",
        name_en="Lamam",
        parent="LA-XE",
    ),
    AreaSpec(
        code="LA-XE-DAKCHEUNG",
        country="LA",
        kind=DISTRICT,
        name="ດາກຈຶງ",
        name_en="Dakcheung",
        parent="LA-XE",
        borders=frozenset({"VN"}),
    ),
)
