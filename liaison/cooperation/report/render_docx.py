"""The review report as an editable Word document (python-docx), laid out as a Vietnamese
administrative report (Decree 30/2020/NĐ-CP) in every language: title block with the
issuing agency and the national motto, place and date, title, sections numbered I., II.,
…, signature block with the recipients. Real paragraphs and tables only (no text boxes),
so the officers can edit everything.

Fonts: Times New Roman for Vietnamese/English text. Word needs to be told which font has
Lao or Khmer glyphs, so every piece of text is cut into script runs: a Lao or Khmer run
declares Noto Sans Lao / Noto Sans Khmer in all of w:rFonts (ascii, hAnsi, eastAsia, cs),
and in a Lao or Khmer report every run declares that font as its complex-script font.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from .charts import SCRIPT_KHMER, SCRIPT_LAO, bar_chart_png, script_runs
from .content import ReviewContent, Section, Table
from .render_format import (
    FONT_KHMER,
    FONT_LAO,
    captions,
    column_weights,
    format_cell,
    format_figure,
    numeric_columns,
    roman,
)

BODY_FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(11)
SMALL_SIZE = Pt(11)
CONTENT_WIDTH = Mm(210 - 30 - 15)  # A4 minus the left and right margins of the decree
EDITABLE_BLANK_LINES = 5
SPACE_AFTER = Pt(3)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text as XML character data; control characters XML 1.0 forbids are dropped."""
    cleaned = _XML_FORBIDDEN.sub("", text)
    return escape(cleaned)


class _Writer:
    """Adds text to paragraphs with the right font declared on every run.

    Runs are written as WordprocessingML strings and parsed in one go: building them
    through python-docx's object API costs about a millisecond per cell, too slow for
    tables of hundreds of activities and commitments."""

    def __init__(self, language: str) -> None:
        # The complex-script font of the whole document (what Word uses for Lao/Khmer)
        self.cs_font = {"lo": FONT_LAO, "km": FONT_KHMER}.get(language, BODY_FONT)

    def set_fonts(self, rpr_parent, name: str, cs: str) -> None:
        rpr = rpr_parent.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attribute), name)
        fonts.set(qn("w:cs"), cs)

    def runs_xml(
        self, text: str, *, bold: bool = False, italic: bool = False, size: Pt | None = None
    ) -> str:
        """<w:r> elements for the text, one per script run (child order as the schema wants:
        rFonts, b, bCs, i, iCs, sz, szCs)."""
        flags = ""
        if bold:
            flags += "<w:b/><w:bCs/>"
        if italic:
            flags += "<w:i/><w:iCs/>"
        if size is not None:
            half_points = round(size.pt * 2)
            flags += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        parts = []
        for script, chunk in script_runs(text):
            if script == SCRIPT_LAO:
                name = cs = FONT_LAO
            elif script == SCRIPT_KHMER:
                name = cs = FONT_KHMER
            else:
                name, cs = BODY_FONT, self.cs_font
            parts.append(
                f'<w:r><w:rPr><w:rFonts w:ascii="{name}" w:hAnsi="{name}" '
                f'w:eastAsia="{name}" w:cs="{cs}"/>{flags}</w:rPr>'
                f'<w:t xml:space="preserve">{_xml_text(chunk)}</w:t></w:r>'
            )
        return "".join(parts)

    def add(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: Pt | None = None,
    ) -> None:
        runs = self.runs_xml(text, bold=bold, italic=italic, size=size)
        if runs:
            paragraph._p.extend(list(parse_xml(f"<w:p {nsdecls('w')}>{runs}</w:p>")))

    def paragraph(
        self,
        container,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: Pt | None = None,
        align=None,
        space_after: Pt | None = SPACE_AFTER,
        first_line_indent=None,
    ) -> Paragraph:
        paragraph = container.add_paragraph()
        if text:
            self.add(paragraph, text, bold=bold, italic=italic, size=size)
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = space_after
        if first_line_indent is not None:
            fmt.first_line_indent = first_line_indent
        return paragraph


def _setup_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _setup_styles(document, writer: _Writer) -> None:
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.cs_size = BODY_SIZE
    writer.set_fonts(normal.element, BODY_FONT, writer.cs_font)
    normal.paragraph_format.space_after = Pt(3)


def _short_rule(paragraph: Paragraph, *, indent: Cm) -> None:
    """A short horizontal rule under a title-block line: an empty, indented paragraph with
    a bottom border (editable, and no drawing object)."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = indent
    fmt.right_indent = indent
    fmt.space_after = Pt(6)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    paragraph.paragraph_format.line_spacing = Pt(2)


def _borderless_table(document, columns: int) -> DocxTable:
    # The default template's table has no style, hence no borders
    table = document.add_table(rows=1, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    return table


def _first_paragraph(cell) -> Paragraph:
    return cell.paragraphs[0]


def _title_block(document, content: ReviewContent, writer: _Writer, words: dict) -> None:
    table = _borderless_table(document, 2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), CONTENT_WIDTH - Mm(70)

    agency = _first_paragraph(left)
    agency.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.add(agency, content.issuing_agency.upper(), bold=True, size=Pt(12))
    _short_rule(left.add_paragraph(), indent=Cm(2))
    writer.paragraph(
        left,
        f"{words['number']}: …/BC-…",
        size=Pt(13),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )

    motto = list(content.national_motto)
    first = _first_paragraph(right)
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if motto:
        writer.add(first, motto[0].upper(), bold=True, size=Pt(12))
    for line in motto[1:]:
        writer.paragraph(
            right, line, bold=True, size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(0)
        )
    if len(motto) > 1:
        _short_rule(right.add_paragraph(), indent=Cm(2.5))

    writer.paragraph(
        document,
        content.place_and_date,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        space_after=Pt(12),
    )
    writer.paragraph(
        document,
        content.title.upper(),
        bold=True,
        size=Pt(14),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=Pt(2),
    )
    if content.subtitle:
        writer.paragraph(
            document,
            content.subtitle,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=Pt(12),
        )


def _set_cell_text(cell, text: str, writer: _Writer, *, bold: bool, align) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    writer.add(paragraph, text, bold=bold, size=TABLE_SIZE)


def _column_widths(table: Table, language: str) -> list[int]:
    """Column widths in twips over the text width, by the length of what they hold."""
    weights = column_weights(table, language=language)
    total_twips = round(CONTENT_WIDTH.twips)
    return [round(total_twips * weight / sum(weights)) for weight in weights]


def _cells_xml(values, widths, numeric, writer: _Writer, *, bold: bool, language: str) -> str:
    cells = []
    for index, width in enumerate(widths):
        value = values[index] if index < len(values) else None
        align = "right" if index in numeric else "left"
        runs = writer.runs_xml(format_cell(value, language=language), bold=bold, size=TABLE_SIZE)
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
            f"{runs}</w:p></w:tc>"
        )
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def _data_table(document, table: Table, writer: _Writer, language: str) -> None:
    writer.paragraph(document, table.title, bold=True, italic=True, space_after=Pt(3))
    if not table.columns:
        return
    widths = _column_widths(table, language)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for grid_column, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.w = Twips(width)
    header = grid.rows[0]
    for cell, title, width in zip(header.cells, table.columns, widths, strict=True):
        cell.width = Twips(width)
        _set_cell_text(cell, title, writer, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # The header row repeats on every page the table runs over
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    numeric = numeric_columns(table)
    rows = [
        _cells_xml(row, widths, numeric, writer, bold=False, language=language)
        for row in table.rows
    ]
    if table.total_row:
        rows.append(
            _cells_xml(table.total_row, widths, numeric, writer, bold=True, language=language)
        )
    if rows:
        body = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
        grid._tbl.extend(list(body))
    if table.note:
        writer.paragraph(document, table.note, italic=True, size=SMALL_SIZE)
    writer.paragraph(document, "", space_after=Pt(3))


def _section(
    document, section: Section, content: ReviewContent, writer: _Writer, words: dict
) -> None:
    heading = writer.paragraph(
        document, f"{roman(section.number)}. {section.title.upper()}", bold=True, space_after=Pt(6)
    )
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.keep_with_next = True
    for text in section.paragraphs:
        writer.paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=Cm(1))
    for figure in section.figures:
        writer.paragraph(
            document,
            "- "
            + format_figure(figure, language=content.language, previous_label=words["previous"]),
            first_line_indent=Cm(1),
        )
    for table in section.tables:
        _data_table(document, table, writer, content.language)
    for chart in section.charts:
        png = bar_chart_png(chart, language=content.language)
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(png), width=CONTENT_WIDTH)
        # A tall chart (many categories) is scaled to fit one page
        inline = picture.runs[0]._r.xpath(".//wp:extent")[0]
        max_height = Mm(230)
        if int(inline.get("cy")) > max_height:
            ratio = max_height / int(inline.get("cy"))
            for element in picture.runs[0]._r.xpath(".//wp:extent | .//a:ext"):
                element.set("cx", str(int(int(element.get("cx")) * ratio)))
                element.set("cy", str(int(int(element.get("cy")) * ratio)))
    for bullet in section.bullets:
        writer.paragraph(document, f"- {bullet}", first_line_indent=Cm(1))
    if section.editable:
        for _ in range(EDITABLE_BLANK_LINES):
            writer.paragraph(document, "", first_line_indent=Cm(1))


def _signature_block(document, content: ReviewContent, writer: _Writer, words: dict) -> None:
    writer.paragraph(document, "", space_after=Pt(6))
    table = _borderless_table(document, 2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(85), CONTENT_WIDTH - Mm(85)

    heading = _first_paragraph(left)
    writer.add(heading, f"{words['recipients']}:", bold=True, italic=True, size=Pt(12))
    heading.paragraph_format.space_after = Pt(0)
    for recipient in content.recipients:
        writer.paragraph(left, f"- {recipient};", italic=True, size=SMALL_SIZE, space_after=Pt(0))

    title = _first_paragraph(right)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer.add(title, content.signature_title.upper(), bold=True)
    for _ in range(4):  # room for the signature and the seal
        writer.paragraph(right, "", space_after=Pt(0))
    if content.signature_name:
        writer.paragraph(right, content.signature_name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _page_number_footer(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def build(content: ReviewContent):
    """The python-docx Document of the report (tests read it without a file)."""
    document = Document()
    writer = _Writer(content.language)
    words = captions(content)
    _setup_page(document)
    _setup_styles(document, writer)
    document.core_properties.title = content.title
    document.core_properties.language = content.language
    _title_block(document, content, writer, words)
    for section in content.sections:
        _section(document, section, content, writer, words)
    _signature_block(document, content, writer, words)
    _page_number_footer(document)
    return document


def render(content: ReviewContent, out: Path) -> None:
    build(content).save(str(out))
