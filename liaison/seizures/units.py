"""Quantities as recorded -> normalized kg, and the sanity ceilings per unit (pure, no Django).

A seized item keeps its quantity and unit as recorded (kg, g, tablets, litres, plants);
statistics add up a normalized kg beside it, together with the conversion that produced
it ("1 tablet = 0.1 g"), so a reader can always tell how a figure was reached and a
later change of a conversion factor is visible. Mass per unit comes from, in order:
the overrides (DrugConversion rows, keyed by (drug, unit)), then the defaults below.
A unit with no known mass (plants, tablets of a drug we have no default for) gives
`kg = None`: such items are counted in their original units, never guessed.

Drug and unit codes are the values of `seizures.models.DrugType` / `Unit` (kept as plain
strings here so this module stays importable without Django).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

KG = "kg"
G = "g"
TABLETS = "tablets"
LITRES = "litres"
PLANTS = "plants"
UNITS: tuple[str, ...] = (KG, G, TABLETS, LITRES, PLANTS)

# Mass of one tablet, per drug. These are gross tablet weights as seized, which is what
# the ledger adds up (purity is not known at seizure time):
# - methamphetamine ("yaba") tablets: 0.1 g, the figure used across the Mekong region and
#   in UNODC's Synthetic Drugs in East and Southeast Asia reports;
# - MDMA ("ecstasy") tablets are bigger pressed tablets, typically 0.25-0.35 g: 0.3 g;
# - amphetamine tablets in the region are mostly "captagon"-type, about 0.17 g.
# Any other drug seized as tablets has no default: configure a DrugConversion for it.
DEFAULT_KG_PER_TABLET: dict[str, Decimal] = {
    "meth_tablets": Decimal("0.0001"),
    "mdma": Decimal("0.0003"),
    "amphetamine": Decimal("0.00017"),
}
# Liquids (precursors, liquid methamphetamine, cannabis oil...): 1 kg per litre unless a
# drug-specific density is configured.
DEFAULT_KG_PER_LITRE = Decimal("1")

# Anything above these is a typing error, not a seizure ("absurd quantity"). The largest
# seizures ever reported in the region are a few tonnes / a few tens of millions of
# tablets, so these leave ample room. Overridable by settings.LIAISON_SEIZURE_MAX_QUANTITY.
DEFAULT_MAX_QUANTITY: dict[str, Decimal] = {
    KG: Decimal("100000"),
    G: Decimal("100000000"),
    TABLETS: Decimal("1000000000"),
    LITRES: Decimal("1000000"),
    PLANTS: Decimal("10000000"),
}

# Normalized kg is stored with 6 decimals (SeizedItem.kg): a milligram.
KG_EXPONENT = Decimal("0.000001")

_UNIT_SINGULAR = {KG: "kg", G: "g", TABLETS: "tablet", LITRES: "litre", PLANTS: "plant"}

NOT_POSITIVE = "not_positive"
ABSURD = "absurd"
UNKNOWN_UNIT = "unknown_unit"

Overrides = Mapping[tuple[str, str], Decimal]


def plain(value: Decimal) -> str:
    """Decimal without exponent or trailing zeros: Decimal('1E-4') -> '0.0001'."""
    text = format(value.normalize(), "f")
    return text


def _mass_text(kg_per_unit: Decimal) -> str:
    """A human mass for one unit: grams below 1 kg, kg otherwise."""
    if kg_per_unit < 1:
        return f"{plain(kg_per_unit * 1000)} g"
    return f"{plain(kg_per_unit)} kg"


def kg_per_unit_for(drug: str, unit: str, overrides: Overrides | None = None) -> Decimal | None:
    """The mass of one `unit` of `drug` in kg, or None when it is not known."""
    if unit == KG:
        return Decimal("1")
    if unit == G:
        return Decimal("0.001")
    if overrides and (drug, unit) in overrides:
        return Decimal(overrides[(drug, unit)])
    if unit == TABLETS:
        return DEFAULT_KG_PER_TABLET.get(drug)
    if unit == LITRES:
        return DEFAULT_KG_PER_LITRE
    return None  # plants, or a unit we do not know


def normalize(
    quantity: Decimal, unit: str, drug: str, kg_per_unit_overrides: Overrides | None = None
) -> tuple[Decimal | None, str]:
    """(kg, conversion text) for a quantity as recorded.

    kg is None when the unit has no known mass; the text is then empty. kg itself needs
    no text ("" for kg), grams say "1 g = 0.001 kg"; tablets "1 tablet = 0.1 g".
    """
    per_unit = kg_per_unit_for(drug, unit, kg_per_unit_overrides)
    if per_unit is None:
        return None, ""
    kg = (Decimal(quantity) * per_unit).quantize(KG_EXPONENT, rounding=ROUND_HALF_UP)
    if unit == KG:
        return kg, ""
    if unit == G:
        return kg, "1 g = 0.001 kg"
    return kg, f"1 {_UNIT_SINGULAR.get(unit, unit)} = {_mass_text(per_unit)}"


def ceilings(configured: Mapping[str, object] | None = None) -> dict[str, Decimal]:
    """The defaults with any configured ceiling laid over them."""
    merged = dict(DEFAULT_MAX_QUANTITY)
    for unit, value in (configured or {}).items():
        merged[unit] = Decimal(str(value))
    return merged


def quantity_problem(
    quantity: Decimal, unit: str, max_quantity: Mapping[str, Decimal] | None = None
) -> str | None:
    """None if the quantity is plausible, else NOT_POSITIVE / ABSURD / UNKNOWN_UNIT."""
    if unit not in UNITS:
        return UNKNOWN_UNIT
    if quantity <= 0:
        return NOT_POSITIVE
    limits = max_quantity if max_quantity is not None else DEFAULT_MAX_QUANTITY
    ceiling = limits.get(unit)
    if ceiling is not None and quantity > ceiling:
        return ABSURD
    return None
