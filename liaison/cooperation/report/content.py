"""What a review report says, as plain data (no Django): compiled from live data by
`compile.py`, rendered by `render_docx.py`, `render_pdf.py` and `render_xlsx.py`.

Every label here is already translated into the report's language by the compiler (the
renderers only lay out); names of agencies, places and persons stay in their script.
Numbers stay numbers (Decimal for kg) so each renderer formats them its own way and the
XLSX keeps them as numbers. `previous` figures are for the period of the same length just
before (None when not applicable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Party:
    agency: str  # name as written
    country: str  # ISO alpha-2
    country_name: str  # in the report's language


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the period with the previous period beside it."""

    label: str
    value: Decimal | int
    previous: Decimal | int | None = None
    unit: str = ""  # "kg", or a translated unit such as "tablets"


@dataclass(frozen=True, slots=True)
class Table:
    """A table as every renderer needs it: translated column titles, rows of cells.
    A cell is str, int, Decimal, date or None; `total_row` is laid out in bold."""

    key: str  # stable id, also the XLSX sheet name stem, e.g. "seizures_by_drug"
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    total_row: tuple | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart of one or two series (this period, previous period) over categories."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (series label, one value per category)
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    number: str  # "1", "2", ... (roman numerals are the renderer's business)
    title: str
    paragraphs: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    # bullet lines (e.g. open commitments prefilled in section 6)
    bullets: tuple[str, ...] = ()
    editable: bool = False  # section 6: left for the officers to write in


@dataclass(frozen=True, slots=True)
class ReviewContent:
    language: str  # vi, lo, km, en
    partnership_code: str
    partnership_name: str
    parties: tuple[Party, ...]
    date_from: date
    date_to: date
    previous_from: date
    previous_to: date
    generated_on: date
    # title block (Vietnamese administrative layout in every language)
    issuing_agency: str  # the requesting user's agency, or the first party
    national_motto: tuple[str, ...]  # lines of the national motto of the issuing country
    title: str  # e.g. "REPORT — review of drug-control cooperation ..."
    subtitle: str  # e.g. "Period 01/01/2024 – 30/06/2024"
    place_and_date: str  # "Tam Kỳ, 21/12/2023" style line, translated
    sections: tuple[Section, ...]
    signature_title: str  # e.g. "ON BEHALF OF THE DIRECTOR"
    signature_name: str = ""
    recipients: tuple[str, ...] = ()  # "Nơi nhận" lines
    # the renderers translate their own captions (render_format.captions); a text here wins
    labels: dict[str, str] = field(default_factory=dict)
