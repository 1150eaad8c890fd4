"""The three partner countries (ISO 3166-1)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CountrySpec:
    code: str  # ISO 3166-1 alpha-2
    iso3: str
    name: str  # English short name
    name_local: str  # in the national language and script


COUNTRIES: tuple[CountrySpec, ...] = (
    CountrySpec("VN", "VNM", "Viet Nam", "Việt Nam"),
    CountrySpec("LA", "LAO", "Lao PDR", "ສປປ ລາວ"),
    CountrySpec("KH", "KHM", "Cambodia", "កម្ពុជា"),
)
