"""Reading an import file into incidents, without writing: the CSV/XLSX table, its
columns and the rows parsed into `IncidentInput`s, every problem a `RowError`.

The columns and how they are read are described in `liaison/seizures/imports.py`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.utils.translation import gettext as _

from liaison.agencies.models import Agency
from liaison.seizures.models import DrugType, Modus
from liaison.seizures.validation import (
    MODI,
    AreaInfo,
    ArrestInput,
    IncidentInput,
    ItemInput,
    LedgerLookups,
    date_error,
    district_error,
    fold_name,
    is_country_code,
    item_errors,
    parse_quantity,
    province_error,
    route_error,
)

MAX_ERRORS = 200
REQUIRED = ("incident_ref", "date", "country", "province", "drug", "quantity", "unit")
OPTIONAL = (
    "district",
    "modus",
    "arrested",
    "origin",
    "transit",
    "destination",
    "case_code",
    "substance",
)
COLUMNS = REQUIRED + OPTIONAL
# Read from an incident's first row; later rows may repeat them (identically) or leave them empty.
INCIDENT_COLUMNS = (
    "date",
    "country",
    "province",
    "district",
    "modus",
    "arrested",
    "origin",
    "transit",
    "destination",
    "case_code",
)
UNIT_ALIASES = {
    "kg": "kg",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "gr": "g",
    "tablet": "tablets",
    "tablets": "tablets",
    "pill": "tablets",
    "pills": "tablets",
    "l": "litres",
    "litre": "litres",
    "litres": "litres",
    "liter": "litres",
    "liters": "litres",
    "plant": "plants",
    "plants": "plants",
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """Nothing was written; `errors` says why, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors[:5]))


class TooManyErrors(Exception):
    pass


# -- reading ---------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_table(name: str, content: bytes) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of a CSV or XLSX file, the header first."""
    is_xlsx = content[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx")
    if is_xlsx:
        yield from _read_xlsx(content)
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            [RowError(0, "", _("The file is not UTF-8 text, CSV or XLSX."))]
        ) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    if sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        yield number, [cell.strip() for cell in row]


def _read_xlsx(content: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed(
            [RowError(0, "", _("The file is not a readable XLSX workbook."))]
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in row]
    finally:
        book.close()


# -- parsing ---------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _country_ok(code: str) -> bool:
    return is_country_code(code)


@lru_cache(maxsize=1)
def _drug_names() -> dict[str, str]:
    names = {value: value for value in DrugType.values}
    for value, label in DrugType.choices:
        names[fold_name(str(label))] = value
        names[fold_name(value.replace("_", " "))] = value
    return names


class RowParser:
    """Turns rows into IncidentInputs, collecting RowErrors; no writes."""

    def __init__(self, *, agency: Agency, lookups: LedgerLookups) -> None:
        self.agency = agency
        self.lookups = lookups
        self.errors: list[RowError] = []
        self._areas: dict[tuple, list[AreaInfo]] = {}
        self._cases: dict[str, list[int]] | None = None

    def fail(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors

    # incident-level values; each returns None (and records an error) when bad
    def date(self, row: int, text: str) -> date | None:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.fail(row, "date", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text})
            return None
        problem = date_error(day, self.lookups.today)
        if problem:
            self.fail(row, "date", problem)
            return None
        return day

    def country(self, row: int, text: str) -> str | None:
        code = text.upper()
        if code not in self.lookups.countries:
            self.fail(row, "country", _("Unknown country “%(code)s”.") % {"code": text})
            return None
        return code

    def _candidates(self, text: str, *, country: str, parent_id: int | None) -> list[AreaInfo]:
        key = (text, country, parent_id)
        if key not in self._areas:
            by_code = self.lookups.area_by_code(text)
            if by_code is not None:
                self._areas[key] = [by_code]
            else:
                self._areas[key] = self.lookups.areas_named(
                    text, country=country, parent_id=parent_id
                )
        return self._areas[key]

    def province(self, row: int, text: str, *, country: str, day: date) -> AreaInfo | None:
        found = [
            a for a in self._candidates(text, country=country, parent_id=None) if a.is_province
        ]
        if not found:
            elsewhere = self.lookups.provinces_named_elsewhere(text, country=country)
            found = elsewhere[:1]
        valid = [a for a in found if a.country == country and a.valid_on(day)]
        if len(valid) > 1:
            self.fail(row, "province", _("“%(value)s” names several provinces.") % {"value": text})
            return None
        if valid:
            return valid[0]
        problem = province_error(found[0] if found else None, country=country, day=day)
        self.fail(row, "province", problem or _("Unknown province."))
        return None

    def district(self, row: int, text: str, *, province: AreaInfo, day: date) -> int | None:
        found = self._candidates(text, country=province.country, parent_id=province.id)
        valid = [a for a in found if a.parent_id == province.id and a.valid_on(day)]
        if len(valid) == 1:
            return valid[0].id
        if len(valid) > 1:
            self.fail(row, "district", _("“%(value)s” names several districts.") % {"value": text})
            return None
        problem = district_error(found[0] if found else None, province_id=province.id, day=day)
        self.fail(row, "district", problem or _("Unknown district."))
        return None

    def arrests(self, row: int, text: str) -> list[ArrestInput] | None:
        arrests: list[ArrestInput] = []
        for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
            code, _sep, count_text = part.partition(":")
            code = code.strip().upper()
            count_text = count_text.strip() or "1"
            if not _country_ok(code):
                self.fail(
                    row,
                    "arrested",
                    _("“%(code)s” is not an ISO 3166 alpha-2 nationality.") % {"code": code},
                )
                return None
            if not count_text.isdigit() or int(count_text) < 1:
                self.fail(
                    row,
                    "arrested",
                    _("“%(value)s” is not a number of persons (e.g. VN:2;LA:1).") % {"value": part},
                )
                return None
            arrests.append(ArrestInput(nationality=code, count=int(count_text)))
        return arrests

    def route(self, row: int, column: str, text: str) -> str | None:
        code = text.upper()
        problem = route_error(code) if not _country_ok(code) else None
        if problem:
            self.fail(row, column, problem)
            return None
        return code

    def case(self, row: int, text: str) -> int | None:
        if self._cases is None:
            self._cases = defaultdict(list)
            for case_id, code in self.lookups.cases_of(self.agency.pk).items():
                self._cases[code.strip().casefold()].append(case_id)
        ids = self._cases.get(text.casefold(), [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            message = _("Several joint cases of the agency have the code “%(code)s”.")
        else:
            message = _("The agency does not participate in a joint case with the code “%(code)s”.")
        self.fail(row, "case_code", message % {"code": text})
        return None

    def incident(self, row: int, ref: str, values: dict[str, str]) -> IncidentInput | None:
        """The incident of a group's first row (None when any of its columns is bad)."""
        bad = len(self.errors)
        if len(ref) > 100:
            self.fail(row, "incident_ref", _("The reference is longer than 100 characters."))
        day = self.date(row, values["date"]) if values["date"] else None
        country = self.country(row, values["country"]) if values["country"] else None
        for column in ("date", "country", "province"):
            if not values[column]:
                self.fail(row, column, _("This column is required."))
        province = district_id = None
        if day and country and values["province"]:
            province = self.province(row, values["province"], country=country, day=day)
            if province and values["district"]:
                district_id = self.district(row, values["district"], province=province, day=day)
        modus = (values["modus"] or Modus.LAND).lower()
        if modus not in MODI:
            self.fail(row, "modus", _("Unknown modus “%(modus)s”.") % {"modus": values["modus"]})
        arrests = self.arrests(row, values["arrested"])
        origin = self.route(row, "origin", values["origin"])
        destination = self.route(row, "destination", values["destination"])
        transit = [
            self.route(row, "transit", code)
            for code in filter(None, (c.strip() for c in values["transit"].split(";")))
        ]
        if len(";".join(c or "" for c in transit)) > 60:
            self.fail(row, "transit", _("Too many transit countries."))
        case_id = self.case(row, values["case_code"]) if values["case_code"] else None
        if len(self.errors) > bad:
            return None
        return IncidentInput(
            ref=ref,
            agency_id=self.agency.pk,
            occurred_on=day,
            country=country,
            province_id=province.id,
            district_id=district_id,
            modus=modus,
            origin=origin or "",
            transit=[c for c in transit if c],
            destination=destination or "",
            case_id=case_id,
            arrests=arrests or [],
        )

    def item(self, row: int, values: dict[str, str]) -> ItemInput | None:
        bad = len(self.errors)
        drug_text = values["drug"]
        drug = _drug_names().get(drug_text) or _drug_names().get(fold_name(drug_text))
        if not drug_text:
            self.fail(row, "drug", _("This column is required."))
        elif drug is None:
            self.fail(row, "drug", _("Unknown drug type “%(drug)s”.") % {"drug": drug_text})
        unit = UNIT_ALIASES.get(values["unit"].lower())
        if unit is None:
            self.fail(
                row,
                "unit",
                _("Unknown unit “%(unit)s”: use kg, g, tablets, litres or plants.")
                % {"unit": values["unit"]},
            )
        quantity = parse_quantity(values["quantity"])
        if quantity is None:
            self.fail(
                row,
                "quantity",
                _("“%(value)s” is not a number.") % {"value": values["quantity"]},
            )
        if len(self.errors) > bad:
            return None
        item = ItemInput(drug=drug, quantity=quantity, unit=unit, substance=values["substance"])
        for problem in item_errors(item, self.lookups):
            self.fail(row, "quantity", problem)
        return None if len(self.errors) > bad else item


@dataclass
class IncidentRows:
    first_row: int
    first: dict[str, str]
    data: IncidentInput | None
    rows: list[int] = field(default_factory=list)


def parse_rows(
    table: Iterator[tuple[int, list[str]]], *, parser: RowParser
) -> tuple[dict[str, IncidentRows], int]:
    """Incidents by ref, and the number of item rows read."""
    groups: dict[str, IncidentRows] = {}
    header_row, header = next(table, (1, []))
    columns = [cell.strip().lower().lstrip("\ufeff") for cell in header]
    unknown = [c for c in columns if c and c not in COLUMNS]
    if unknown:
        parser.fail(
            header_row,
            "",
            _("Unknown columns: %(columns)s. The columns are: %(expected)s.")
            % {"columns": ", ".join(unknown), "expected": ", ".join(COLUMNS)},
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        parser.fail(
            header_row, "", _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if parser.errors:
        return groups, 0
    positions = [(name, columns.index(name)) for name in COLUMNS if name in columns]
    count = 0
    for row, cells in table:
        if not any(cells):
            continue
        count += 1
        values = dict.fromkeys(COLUMNS, "")
        for name, position in positions:
            if position < len(cells):
                values[name] = cells[position]
        ref = values["incident_ref"]
        if not ref:
            parser.fail(row, "incident_ref", _("This column is required."))
            continue
        group = groups.get(ref)
        if group is None:
            group = groups[ref] = IncidentRows(row, values, parser.incident(row, ref, values))
        else:
            for column in INCIDENT_COLUMNS:
                said = values[column]
                if said and said.casefold() != group.first[column].casefold():
                    parser.fail(
                        row,
                        column,
                        _("Differs from row %(first)s of the same incident (%(ref)s).")
                        % {"first": group.first_row, "ref": ref},
                    )
        group.rows.append(row)
        item = parser.item(row, values)
        if item is not None and group.data is not None:
            group.data.items.append(item)
    return groups, count
