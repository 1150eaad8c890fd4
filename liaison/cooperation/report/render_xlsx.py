"""The review report as a workbook (openpyxl, write-only for speed): a summary sheet with
the title block, the period and every figure beside its previous value, then one sheet
per table with its title, a bold header row (frozen) and numbers kept as numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .content import ReviewContent, Table
from .render_format import captions, roman

MAX_SHEET_NAME = 31
KG_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def sheet_names(keys: list[str], *, reserved: tuple[str, ...] = ()) -> list[str]:
    """Excel-valid, unique sheet names (≤ 31 characters) from table titles or keys."""
    taken = {name.lower() for name in reserved}
    names = []
    for key in keys:
        stem = _FORBIDDEN_IN_SHEET_NAME.sub("_", key).strip("'") or "table"
        name = stem[:MAX_SHEET_NAME]
        counter = 2
        while name.lower() in taken:
            suffix = f"_{counter}"
            name = stem[: MAX_SHEET_NAME - len(suffix)] + suffix
            counter += 1
        taken.add(name.lower())
        names.append(name)
    return names


def _shortened(text: str) -> str:
    """At most 31 characters, ending in "…" when cut; never between a Lao or Khmer
    consonant and its vowel sign (combining marks stay with their letter)."""
    if len(text) <= MAX_SHEET_NAME:
        return text
    cut = MAX_SHEET_NAME - 1
    while cut > 0 and unicodedata.category(text[cut]).startswith("M"):
        cut -= 1
    return text[:cut].rstrip() + "…"


def _cell(sheet, value, *, font: Font | None = None):
    """A write-only cell: Decimal (kg) as a float with 2 decimals shown, int as int,
    date as a date."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = KG_FORMAT
    elif isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=value)
    elif isinstance(value, int):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = INTEGER_FORMAT
    elif isinstance(value, float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = KG_FORMAT
    elif isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT + " hh:mm"
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    else:
        cell = WriteOnlyCell(sheet, value=None if value is None else str(value))
    if font is not None:
        cell.font = font
    return cell


def _summary(workbook: Workbook, content: ReviewContent, name: str) -> None:
    sheet = workbook.create_sheet(name)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 16
    sheet.column_dimensions["D"].width = 12
    words = captions(content)
    for line in (content.issuing_agency, *content.national_motto):
        sheet.append([_cell(sheet, line, font=BOLD)])
    sheet.append([_cell(sheet, content.title, font=TITLE)])
    if content.subtitle:
        sheet.append([_cell(sheet, content.subtitle)])
    sheet.append([_cell(sheet, content.place_and_date)])
    sheet.append([])
    sheet.append(
        [
            _cell(sheet, words["period"], font=BOLD),
            _cell(sheet, content.date_from),
            _cell(sheet, content.date_to),
        ]
    )
    sheet.append(
        [
            _cell(sheet, words["previous_period"], font=BOLD),
            _cell(sheet, content.previous_from),
            _cell(sheet, content.previous_to),
        ]
    )
    parties = "; ".join(f"{party.agency} ({party.country_name})" for party in content.parties)
    sheet.append([_cell(sheet, words["parties"], font=BOLD), _cell(sheet, parties)])
    for section in content.sections:
        if not section.figures:
            continue
        sheet.append([])
        sheet.append([_cell(sheet, f"{roman(section.number)}. {section.title}", font=BOLD)])
        sheet.append(
            [
                _cell(sheet, words["figures"], font=BOLD),
                _cell(sheet, words["value"], font=BOLD),
                _cell(sheet, words["previous"], font=BOLD),
                _cell(sheet, words["unit"], font=BOLD),
            ]
        )
        for figure in section.figures:
            sheet.append(
                [
                    _cell(sheet, figure.label),
                    _cell(sheet, figure.value),
                    _cell(sheet, figure.previous),
                    _cell(sheet, figure.unit or None),
                ]
            )


def _table_sheet(workbook: Workbook, table: Table, name: str) -> None:
    sheet = workbook.create_sheet(name)
    # The header is the third row (title, blank, header): freeze everything above the data
    sheet.freeze_panes = "A4"
    widths = [max(12, min(50, len(str(title)) + 4)) for title in table.columns]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.append([_cell(sheet, table.title, font=TITLE)])
    sheet.append([_cell(sheet, table.note)] if table.note else [])
    sheet.append([_cell(sheet, title, font=BOLD) for title in table.columns])
    for row in table.rows:
        sheet.append([_cell(sheet, value) for value in row])
    if table.total_row:
        sheet.append([_cell(sheet, value, font=BOLD) for value in table.total_row])


def build(content: ReviewContent) -> Workbook:
    workbook = Workbook(write_only=True)
    words = captions(content)
    tables = [table for section in content.sections for table in section.tables]
    summary_name = sheet_names([words["summary"]])[0]
    # sheets named in the report's language and numbered in the report's order
    names = sheet_names(
        [_shortened(f"{number}. {table.title}") for number, table in enumerate(tables, 1)],
        reserved=(summary_name,),
    )
    _summary(workbook, content, summary_name)
    for table, name in zip(tables, names, strict=True):
        _table_sheet(workbook, table, name)
    return workbook


def render(content: ReviewContent, out: Path) -> None:
    build(content).save(str(out))
