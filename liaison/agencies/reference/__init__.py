"""Reference data shipped with Liaison, as plain Python (no Django imports).

- `countries`: Viet Nam, Laos, Cambodia.
- `vn_provinces`: Viet Nam's 63 provinces until 30/06/2025 and the 34 since 01/07/2025.
- `la_kh_provinces`: the provinces of Laos and Cambodia, in Lao and Khmer script.
- `districts`: the few districts the demo needs.
- `institutions`: the demo agencies, contact points, partnerships and users.

`all_areas()` gives every area in load order: an area's parent and successor always come
before it, so a loader can resolve codes in one pass. The Django loader lives in
`liaison.agencies.demo.reference`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

# Area kinds, as stored in Area.kind (kept as strings here so this package stays pure).
PROVINCE = "province"
MUNICIPALITY = "municipality"
DISTRICT = "district"


@dataclass(frozen=True, slots=True)
class AreaSpec:
    """One province or district as it should be in the database."""

    code: str
    country: str
    kind: str
    name: str  # in the country's own script
    name_en: str  # romanized
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    borders: frozenset[str] = field(default_factory=frozenset)


def romanize_vi(name: str) -> str:
    """'Đắk Lắk' -> 'Dak Lak': Vietnamese without diacritics (a romanized form)."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def all_areas() -> list[AreaSpec]:
    """Every area to load, parents and successors first."""
    from liaison.agencies.reference.districts import DISTRICTS
    from liaison.agencies.reference.la_kh_provinces import KH_PROVINCES, LA_PROVINCES
    from liaison.agencies.reference.vn_provinces import vn_areas

    return [*vn_areas(), *LA_PROVINCES, *KH_PROVINCES, *DISTRICTS]
