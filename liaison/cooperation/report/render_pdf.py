"""The review report as PDF: the Django template cooperation/report/review_pdf.html
(autoescaped) laid out by WeasyPrint. Pango and HarfBuzz shape Lao and Khmer with the
vendored Noto fonts, declared by @font-face with absolute file:// paths; the URL fetcher
refuses anything but file: and data: URLs, so rendering never touches the network.
Charts are inline PNG data: URIs. Same layout as the DOCX (render_docx.py)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .charts import bar_chart_png
from .content import ReviewContent, Section, Table
from .render_format import (
    FONT_KHMER,
    FONT_LAO,
    FONT_LATIN,
    FONTS_DIR,
    captions,
    column_weights,
    format_cell,
    format_figure,
    numeric_columns,
    roman,
)

TEMPLATE = "cooperation/report/review_pdf.html"
STYLESHEET = (
    Path(__file__).resolve().parent.parent
    / "templates"
    / "cooperation"
    / "report"
    / ("review_pdf.css")
)
ALLOWED_PROTOCOLS = ("file", "data")
_FONT_FILES = {FONT_LATIN: "NotoSans", FONT_LAO: "NotoSansLao", FONT_KHMER: "NotoSansKhmer"}


def font_face_css() -> str:
    """@font-face rules for the vendored fonts (regular and bold of each script)."""
    rules = []
    for family, stem in _FONT_FILES.items():
        for weight, style in (("normal", "Regular"), ("bold", "Bold")):
            uri = (FONTS_DIR / f"{stem}-{style}.ttf").as_uri()
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'font-style: normal; src: url("{uri}"); }}'
            )
    return "\n".join(rules)


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    numeric: bool


def _cells(values, language: str, numeric: frozenset[int]) -> list[_Cell]:
    return [
        _Cell(format_cell(value, language=language), index in numeric)
        for index, value in enumerate(values)
    ]


def _table(table: Table, language: str) -> dict:
    numeric = numeric_columns(table)
    total_row = table.total_row
    weights = column_weights(table, language=language)
    return {
        "title": table.title,
        "columns": table.columns,
        # Fixed layout with these widths: automatic table layout of hundreds of rows is slow
        "widths": [f"{100 * weight / sum(weights):.2f}%" for weight in weights],
        "rows": [_cells(row, language, numeric) for row in table.rows],
        "total_row": _cells(total_row, language, numeric) if total_row else None,
        "note": table.note,
    }


def _chart_src(chart, language: str) -> str:
    png = bar_chart_png(chart, language=language)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _section(section: Section, language: str, previous_label: str) -> dict:
    return {
        "numeral": roman(section.number),
        "title_upper": section.title.upper(),
        "paragraphs": section.paragraphs,
        "figures": [
            format_figure(figure, language=language, previous_label=previous_label)
            for figure in section.figures
        ],
        "tables": [_table(table, language) for table in section.tables],
        "charts": [
            {"title": chart.title, "src": _chart_src(chart, language)} for chart in section.charts
        ],
        "bullets": section.bullets,
        "editable": section.editable,
    }


def html_string(content: ReviewContent) -> str:
    words = captions(content)
    context = {
        "content": content,
        "words": words,
        "issuing_agency_upper": content.issuing_agency.upper(),
        "title_upper": content.title.upper(),
        "signature_title_upper": content.signature_title.upper(),
        "motto": content.national_motto,
        "sections": [
            _section(section, content.language, words["previous"]) for section in content.sections
        ],
    }
    return render_to_string(TEMPLATE, context)


def render(content: ReviewContent, out: Path) -> None:
    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, fail_on_errors=True)
    font_config = FontConfiguration()
    stylesheets = [
        CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher),
        CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher),
    ]
    document = HTML(
        string=html_string(content),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    document.write_pdf(str(out), stylesheets=stylesheets, font_config=font_config)
