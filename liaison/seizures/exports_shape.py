"""The ledger's export layouts, pure (no Django): column lists and row shaping.

Three layouts share one input, a flat ledger row (`LEDGER_FIELDS`, one per seized item,
read by `selectors.ledger_item_rows` with `values_list`):

- ``ledger``: every column the ledger holds, one row per seized item;
- ``ids``: the columns of UNODC's Individual Drug Seizure (IDS) reporting form;
- ``arq``: an annual roll-up shaped like the seizure table of UNODC's Annual Report
  Questionnaire (per year and drug: seizure cases, quantity per unit as recorded, kg).

Column headers are stable machine names (English), so a spreadsheet or a UNODC upload
template can map them; they are not translated on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache

import pycountry

# The flat row every layout starts from (order of `values_list` in the selector).
LEDGER_FIELDS: tuple[str, ...] = (
    "incident_id",
    "ref",
    "occurred_on",
    "country",
    "country_iso3",
    "province_code",
    "province",
    "district",
    "place",
    "border_gate",
    "latitude",
    "longitude",
    "agency_code",
    "agency",
    "modus",
    "origin",
    "transit",
    "destination",
    "case_code",
    "arrested",
    "drug",
    "substance",
    "quantity",
    "unit",
    "kg",
    "conversion",
    "cancelled_at",
)

LEDGER_COLUMNS: tuple[str, ...] = (
    "incident_ref",
    "date",
    "country",
    "province_code",
    "province",
    "district",
    "place",
    "border_gate",
    "latitude",
    "longitude",
    "agency_code",
    "agency",
    "modus",
    "origin",
    "transit",
    "destination",
    "case_code",
    "arrested",
    "drug",
    "substance",
    "quantity",
    "unit",
    "kg",
    "conversion",
    "cancelled",
)

IDS_COLUMNS: tuple[str, ...] = (
    "Date of seizure",
    "Country",
    "ISO3 code",
    "Drug",
    "Quantity",
    "Unit",
    "Administrative region",
    "City",
    "Physical seizure location",
    "Mode of transportation",
    "Departure country",
    "Transit countries",
    "Destination country",
)

# Units as recorded, in the ARQ table's order.
ARQ_UNITS: tuple[str, ...] = ("kg", "g", "tablets", "litres", "plants")
ARQ_COLUMNS: tuple[str, ...] = (
    "year",
    "drug",
    "drug_name",
    "seizure_cases",
    *(f"quantity_{unit}" for unit in ARQ_UNITS),
    "total_kg",
)

# The drug names of UNODC's drug groups (IDS/ARQ wording).
UNODC_DRUG_NAMES: dict[str, str] = {
    "heroin": "Heroin",
    "opium": "Opium",
    "meth_crystal": "Methamphetamine (crystalline)",
    "meth_tablets": "Methamphetamine (tablets)",
    "amphetamine": "Amphetamine",
    "mdma": "Ecstasy-type substances (MDMA)",
    "ketamine": "Ketamine",
    "cannabis_herb": "Cannabis herb (marijuana)",
    "cannabis_resin": "Cannabis resin (hashish)",
    "cannabis_plants": "Cannabis plants",
    "cocaine": "Cocaine",
    "nps": "New psychoactive substances",
    "precursors": "Precursor chemicals",
}

# Ledger modus -> the IDS "mode of transportation" wording.
IDS_TRANSPORT: dict[str, str] = {
    "land": "Land (vehicle or on foot)",
    "river": "Inland waterway",
    "sea": "Sea",
    "air": "Air",
    "post": "Postal/courier",
    "internet": "Internet (ordered online)",
}


@cache
def country_name(code: str) -> str:
    """The ISO 3166 English short name ("Viet Nam", "Lao People's Democratic Republic",
    as UNODC writes them); the code itself when unknown."""
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code.upper())
    if found is None:
        return code
    return found.name


def drug_name(drug: str, substance: str = "") -> str:
    name = UNODC_DRUG_NAMES.get(drug, drug)
    # NPS and precursors are reported by substance when it is known
    return f"{name}: {substance}" if substance else name


def _plain(value) -> str | int | float | Decimal:
    """Cells as spreadsheets want them: dates ISO, decimals without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return Decimal(decimal_text(value))  # "110", not "110.000" nor "1.1E+2"
    return value


def decimal_text(value: Decimal | None) -> str:
    """A decimal as plain text without exponent or trailing zeros ("2.5", "110")."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def ledger_row(row: Sequence) -> list:
    r = dict(zip(LEDGER_FIELDS, row, strict=True))
    return [
        r["ref"],
        _plain(r["occurred_on"]),
        r["country"],
        r["province_code"],
        r["province"],
        r["district"] or "",
        r["place"],
        r["border_gate"] or "",
        _plain(r["latitude"]),
        _plain(r["longitude"]),
        r["agency_code"],
        r["agency"],
        r["modus"],
        r["origin"],
        r["transit"],
        r["destination"],
        r["case_code"] or "",
        r["arrested"],
        r["drug"],
        r["substance"],
        _plain(r["quantity"]),
        r["unit"],
        _plain(r["kg"]),
        r["conversion"],
        "yes" if r["cancelled_at"] else "",
    ]


def ids_row(row: Sequence) -> list:
    r = dict(zip(LEDGER_FIELDS, row, strict=True))
    location = r["border_gate"] or r["place"]
    return [
        _plain(r["occurred_on"]),
        country_name(r["country"]),
        r["country_iso3"],
        drug_name(r["drug"], r["substance"]),
        _plain(r["quantity"]),
        r["unit"],
        r["province"],
        r["district"] or "",
        location,
        IDS_TRANSPORT.get(r["modus"], r["modus"]),
        country_name(r["origin"]),
        "; ".join(country_name(code) for code in r["transit"].split(";") if code),
        country_name(r["destination"]),
    ]


def shape_rows(layout: str, rows: Iterable[Sequence]) -> Iterator[list]:
    """Ledger rows in the `ledger` or `ids` layout, one at a time."""
    shaper = {"ledger": ledger_row, "ids": ids_row}[layout]
    for row in rows:
        yield shaper(row)


def columns_of(layout: str) -> tuple[str, ...]:
    return {"ledger": LEDGER_COLUMNS, "ids": IDS_COLUMNS, "arq": ARQ_COLUMNS}[layout]


@dataclass
class _ArqCell:
    cases: int = 0
    quantities: dict[str, Decimal] = field(default_factory=dict)
    kg: Decimal = Decimal(0)


def arq_rows(
    *,
    cases: Iterable[tuple[int, str, int]],
    quantities: Iterable[tuple[int, str, str, Decimal | None, Decimal | None]],
) -> list[list]:
    """The ARQ seizure table from two small aggregates.

    `cases`: (year, drug, number of incidents with that drug) — an incident seizing the
    drug in two units is one seizure case. `quantities`: (year, drug, unit, sum of
    quantity, sum of normalized kg). Rows sorted by year, then drug in UNODC order.
    """
    table: dict[tuple[int, str], _ArqCell] = {}
    for year, drug, count in cases:
        table.setdefault((int(year), drug), _ArqCell()).cases = int(count)
    for year, drug, unit, quantity, kg in quantities:
        cell = table.setdefault((int(year), drug), _ArqCell())
        cell.quantities[unit] = cell.quantities.get(unit, Decimal(0)) + (quantity or 0)
        cell.kg += kg or 0
    order = {drug: i for i, drug in enumerate(UNODC_DRUG_NAMES)}
    out = []
    for (year, drug), cell in sorted(
        table.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99), kv[0][1])
    ):
        out.append(
            [
                year,
                drug,
                UNODC_DRUG_NAMES.get(drug, drug),
                cell.cases,
                *(_plain(cell.quantities[u]) if u in cell.quantities else "" for u in ARQ_UNITS),
                _plain(cell.kg.quantize(Decimal("0.001"))),
            ]
        )
    return out
