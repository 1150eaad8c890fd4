"""The review-report renderers (DOCX, PDF, XLSX, charts) on a hand-built ReviewContent in
Vietnamese, Lao and Khmer: the generated files are opened again and their text, numbers,
fonts and pictures checked. No database: the renderers take plain data."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from liaison.cooperation.report import charts, render_docx, render_pdf, render_xlsx
from liaison.cooperation.report.content import (
    Chart,
    Figure,
    Party,
    ReviewContent,
    Section,
    Table,
)
from liaison.cooperation.report.render_format import format_number, roman
from liaison.cooperation.report.render_xlsx import sheet_names

LAO_PROVINCE = "ແຂວງເຊກອງ"
KHMER_PROVINCE = "ខេត្តរតនគិរី"
LONG_KEY = "commitments_of_the_agreements_in_force"  # > 31 characters
LONG_KEY_TWIN = "commitments_of_the_agreements_in_force_2024"  # same 31-character stem

TEXTS = {
    "vi": {
        "agency": "Công an tỉnh Quảng Nam",
        "motto": ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"),
        "title": "Báo cáo kết quả hợp tác phòng, chống ma túy",
        "sections": ("Tình hình", "Trao đổi thông tin", "Đánh giá và đề xuất"),
        "drug": "Ma túy đá",
        "place": "Tam Kỳ, ngày 21 tháng 12 năm 2023",
        "signature": "Giám đốc",
        "previous": "kỳ trước",
    },
    "lo": {
        "agency": "ກອງບັນຊາການ ປກສ ແຂວງເຊກອງ",
        "motto": (
            "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ",
            "ສັນຕິພາບ ເອກະລາດ ປະຊາທິປະໄຕ ເອກະພາບ ວັດທະນະຖາວອນ",
        ),
        "title": "ບົດລາຍງານ ການຮ່ວມມືຕ້ານຢາເສບຕິດ",
        "sections": ("ສະພາບການ", "ການແລກປ່ຽນຂໍ້ມູນ", "ການປະເມີນ ແລະ ຂໍ້ສະເໜີ"),
        "drug": "ຢາບ້າ",
        "place": "ລະມາມ, 14/08/2024",
        "signature": "ຫົວໜ້າກອງບັນຊາການ",
        "previous": "ໄລຍະກ່ອນ",
    },
    "km": {
        "agency": "អាជ្ញាធរជាតិប្រយុទ្ធប្រឆាំងគ្រឿងញៀន",
        "motto": ("ព្រះរាជាណាចក្រកម្ពុជា", "ជាតិ សាសនា ព្រះមហាក្សត្រ"),
        "title": "របាយការណ៍ កិច្ចសហប្រតិបត្តិការប្រឆាំងគ្រឿងញៀន",
        "sections": ("ស្ថានភាព", "ការផ្លាស់ប្តូរព័ត៌មាន", "ការវាយតម្លៃ និងសំណើ"),
        "drug": "មេតំហ្វេតាមីន",
        "place": "រតនគិរី, 14/08/2024",
        "signature": "ប្រធាន",
        "previous": "រយៈពេលមុន",
    },
}


def make_content(language: str) -> ReviewContent:
    text = TEXTS[language]
    situation = Section(
        number="1",
        title=text["sections"][0],
        paragraphs=(f"{text['title']} — Quảng Nam, {LAO_PROVINCE}.",),
        figures=(
            Figure(label="Incidents", value=17, previous=11),
            Figure(label="Seized", value=Decimal("1246.75"), previous=Decimal("807.25"), unit="kg"),
        ),
        tables=(
            Table(
                key="seizures_by_drug",
                title="Seizures by drug",
                columns=("Drug", "kg", "Previous kg", "Tablets"),
                rows=(
                    ("Heroin", Decimal("12.25"), Decimal("7.25"), 0),
                    (text["drug"], Decimal("1234.50"), Decimal("800.00"), 120000),
                ),
                total_row=("Total", Decimal("1246.75"), Decimal("807.25"), 120000),
                note="kg",
            ),
            Table(
                key="incidents_by_province",
                title="Incidents by province",
                columns=("Province", "Incidents", "Previous"),
                rows=(("Quảng Nam", 10, 6), (LAO_PROVINCE, 7, 5), (KHMER_PROVINCE, 0, None)),
                total_row=("Total", 17, 11),
            ),
        ),
        charts=(
            Chart(
                key="incidents_by_province",
                title="Incidents by province",
                categories=("Quảng Nam", LAO_PROVINCE, KHMER_PROVINCE),
                series=(
                    (text["sections"][0], (10.0, 7.0, 0.0)),
                    (text["previous"], (6.0, 5.0, 0.0)),
                ),
            ),
        ),
    )
    exchange = Section(
        number="2",
        title=text["sections"][1],
        figures=(Figure(label="Messages", value=1523, previous=None),),
        tables=(
            Table(
                key=LONG_KEY,
                title="Activities",
                columns=("Date", "Activity", "Participants"),
                rows=((date(2024, 3, 5), f"Awareness session {LAO_PROVINCE}", 104),),
            ),
            Table(
                key=LONG_KEY_TWIN,
                title="Activities 2024",
                columns=("Date", "Activity", "Participants"),
                rows=((date(2024, 4, 9), "Joint patrol", 12),),
            ),
        ),
    )
    assessment = Section(
        number="6",
        title=text["sections"][2],
        bullets=("Commitment 2: 1 of 2 awareness conferences missing",),
        editable=True,
    )
    return ReviewContent(
        language=language,
        partnership_code="qnam-sekong",
        partnership_name=f"Quảng Nam – {LAO_PROVINCE}",
        parties=(
            Party(agency="Công an tỉnh Quảng Nam", country="VN", country_name="Việt Nam"),
            Party(agency=LAO_PROVINCE, country="LA", country_name="ລາວ"),
        ),
        date_from=date(2024, 1, 1),
        date_to=date(2024, 6, 30),
        previous_from=date(2023, 7, 1),
        previous_to=date(2023, 12, 31),
        generated_on=date(2024, 8, 1),
        issuing_agency=text["agency"],
        national_motto=text["motto"],
        title=text["title"],
        subtitle="01/01/2024 – 30/06/2024",
        place_and_date=text["place"],
        sections=(situation, exchange, assessment),
        signature_title=text["signature"],
        signature_name="Nguyễn Văn A",
        recipients=("Bộ Công an", LAO_PROVINCE),
        labels={"previous": text["previous"]},
    )


LANGUAGES = ("vi", "lo", "km")
KG_TEXT = {"vi": "1.234,50", "lo": "1,234.50", "km": "1,234.50"}
TABLETS_TEXT = {"vi": "120.000", "lo": "120,000", "km": "120,000"}


# --- formatting ------------------------------------------------------------------------


def test_numbers_follow_the_language():
    assert format_number(Decimal("1234.5"), language="vi") == "1.234,50"
    assert format_number(Decimal("1234.5"), language="en") == "1,234.50"
    assert format_number(120000, language="vi") == "120.000"
    assert format_number(Decimal("0.005"), language="lo") == "0.01"
    assert [roman(n) for n in ("1", "4", "6", "9", "14")] == ["I", "IV", "VI", "IX", "XIV"]


def test_sheet_names_are_short_unique_and_valid():
    names = sheet_names([LONG_KEY, LONG_KEY_TWIN, "a/b:c", "Summary"], reserved=("Summary",))
    assert all(len(name) <= 31 for name in names)
    assert len({name.lower() for name in names} | {"summary"}) == 5
    assert names[2] == "a_b_c"


# --- DOCX ------------------------------------------------------------------------------


def _docx(tmp_path: Path, language: str):
    out = tmp_path / f"review-{language}.docx"
    render_docx.render(make_content(language), out)
    return Document(str(out))


@pytest.mark.parametrize("language", LANGUAGES)
def test_docx_layout_and_numbers(tmp_path, language):
    document = _docx(tmp_path, language)
    text = TEXTS[language]

    title_block = document.tables[0]
    left, right = (cell.text for cell in title_block.rows[0].cells)
    assert text["agency"].upper() in left
    assert text["motto"][0].upper() in right and text["motto"][1] in right
    # The title-block table has no borders (no table style)
    assert title_block._tbl.tblPr.find(qn("w:tblStyle")) is None

    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert text["title"].upper() in paragraphs
    headings = [p for p in paragraphs if re.match(r"^[IVX]+\. ", p)]
    assert headings == [
        f"I. {text['sections'][0].upper()}",
        f"II. {text['sections'][1].upper()}",
        f"VI. {text['sections'][2].upper()}",
    ]
    assert any(f"{text['previous']}: 11" in p for p in paragraphs)  # figure with previous

    drugs = document.tables[1]
    cells = [[cell.text for cell in row.cells] for row in drugs.rows]
    assert cells[0] == ["Drug", "kg", "Previous kg", "Tablets"]
    assert cells[2] == [text["drug"], KG_TEXT[language], cells[2][2], TABLETS_TEXT[language]]
    assert all(run.bold for run in drugs.rows[-1].cells[1].paragraphs[0].runs)  # total row
    assert drugs.rows[2].cells[1].paragraphs[0].alignment == 2  # numbers right-aligned

    assert len(document.inline_shapes) == 1  # the chart
    assert any(rel.reltype.endswith("/image") for rel in document.part.rels.values())
    signature = document.tables[-1]
    assert text["signature"].upper() in signature.rows[0].cells[1].text
    assert LAO_PROVINCE in signature.rows[0].cells[0].text  # recipients

    page = document.sections[0]
    assert (page.top_margin.mm, page.bottom_margin.mm) == pytest.approx((20, 20), abs=0.1)
    assert (page.left_margin.mm, page.right_margin.mm) == pytest.approx((30, 15), abs=0.1)


def _run_fonts(document):
    body = document.element.body
    for run in body.iter(qn("w:r")):
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        run_text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if run_text:
            yield run_text, fonts


@pytest.mark.parametrize(
    ("language", "font", "script"),
    [("lo", "Noto Sans Lao", "[\u0e80-\u0eff]"), ("km", "Noto Sans Khmer", "[\u1780-\u17ff]")],
)
def test_docx_runs_declare_the_script_font(tmp_path, language, font, script):
    document = _docx(tmp_path, language)
    runs = list(_run_fonts(document))
    in_script = [fonts for run_text, fonts in runs if re.search(script, run_text)]
    assert in_script
    for fonts in in_script:
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(attribute)) == font
    # Runs of Latin text (numbers, Vietnamese names) still name the script font as their
    # complex-script font; a Khmer name in a Lao report keeps the Khmer font
    latin = [f for t, f in runs if not re.search("[\u0e80-\u0eff\u1780-\u17ff]", t)]
    assert latin and all(fonts.get(qn("w:cs")) == font for fonts in latin)
    assert all(fonts.get(qn("w:ascii")) == "Times New Roman" for fonts in latin)


def test_docx_vietnamese_runs_use_times_new_roman(tmp_path):
    document = _docx(tmp_path, "vi")
    latin = [fonts for run_text, fonts in _run_fonts(document) if "Quảng Nam" in run_text]
    assert latin and all(fonts.get(qn("w:ascii")) == "Times New Roman" for fonts in latin)


# --- PDF -------------------------------------------------------------------------------


def _embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            for candidate in [font, *(d.get_object() for d in descendants or [])]:
                descriptor = candidate.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    # "/ABCDEF+Noto-Sans-Lao-Bold" -> "NotoSansLaoBold"
                    names.add(str(candidate["/BaseFont"]).split("+")[-1].replace("-", ""))
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_text_numbers_and_fonts(tmp_path, language):
    out = tmp_path / f"review-{language}.pdf"
    render_pdf.render(make_content(language), out)
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 1
    extracted = "\n".join(page.extract_text() for page in reader.pages)
    assert KG_TEXT[language] in extracted
    assert TABLETS_TEXT[language] in extracted
    assert "Quảng Nam" in extracted
    if language == "vi":
        assert TEXTS["vi"]["title"].upper() in extracted
    fonts = _embedded_fonts(reader)
    assert "NotoSans" in fonts
    assert any(name.startswith("NotoSansLao") for name in fonts)  # Lao names in every report
    assert any(name.startswith("NotoSansKhmer") for name in fonts)  # the Khmer province


def test_pdf_escapes_entered_text_and_fetches_nothing_remote(tmp_path):
    content = make_content("vi")
    hostile = '<img src="http://example.invalid/x.png">'
    content = ReviewContent(
        **{
            **{f: getattr(content, f) for f in content.__slots__},
            "sections": (Section(number="1", title="x", paragraphs=(hostile,)),),
        }
    )
    html = render_pdf.html_string(content)
    assert hostile not in html and "&lt;img" in html
    render_pdf.render(content, tmp_path / "escaped.pdf")
    with pytest.raises(ValueError, match="disallowed protocol"):
        render_pdf.URLFetcher(allowed_protocols=render_pdf.ALLOWED_PROTOCOLS).fetch(
            "http://example.invalid/x.png"
        )


# --- XLSX ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_xlsx_sheets_numbers_and_dates(tmp_path, language):
    content = make_content(language)
    out = tmp_path / f"review-{language}.xlsx"
    render_xlsx.render(content, out)
    workbook = load_workbook(str(out))
    tables = [table for section in content.sections for table in section.tables]
    assert len(workbook.sheetnames) == 1 + len(tables)
    assert all(len(name) <= 31 for name in workbook.sheetnames)

    summary = workbook[workbook.sheetnames[0]]
    summary_values = [cell for row in summary.iter_rows(values_only=True) for cell in row]
    assert TEXTS[language]["motto"][0] in summary_values
    assert datetime(2024, 1, 1) in summary_values
    figure_row = next(row for row in summary.iter_rows(values_only=True) if row[0] == "Seized")
    assert figure_row[1:4] == (1246.75, 807.25, "kg")

    for number, (table, name) in enumerate(zip(tables, workbook.sheetnames[1:], strict=True), 1):
        sheet = workbook[name]
        # named in the report's language, numbered in order, shortened with an ellipsis
        assert name.startswith(f"{number}. ")
        assert table.title.startswith(name.removesuffix("…")[len(f"{number}. ") :])
        assert sheet.freeze_panes == "A4"
        assert sheet["A1"].value == table.title
        header = [cell.value for cell in sheet[3]]
        assert header == list(table.columns)
        assert all(cell.font.bold for cell in sheet[3])
        expected_rows = list(table.rows) + ([table.total_row] if table.total_row else [])
        for row_cells, expected in zip(sheet.iter_rows(min_row=4), expected_rows, strict=True):
            for cell, value in zip(row_cells, expected, strict=True):
                if isinstance(value, Decimal):
                    assert isinstance(cell.value, (int, float)) and cell.value == float(value)
                    assert cell.number_format == "#,##0.00"
                elif isinstance(value, date):
                    assert cell.value == datetime.combine(value, datetime.min.time())
                else:
                    assert cell.value == value
                if isinstance(value, int):
                    assert isinstance(cell.value, int)
    drugs = workbook[workbook.sheetnames[1 + [t.key for t in tables].index("seizures_by_drug")]]
    assert drugs["B6"].value == 1246.75 and drugs["B6"].font.bold  # total row


# --- charts ----------------------------------------------------------------------------


def _chart(label: str) -> Chart:
    return Chart(
        key="k",
        title="Incidents",
        categories=(label, "Quảng Nam"),
        series=(("2024", (3.0, 5.0)), ("2023", (1.0, 2.0))),
    )


def test_chart_is_a_deterministic_png():
    png = charts.bar_chart_png(_chart(LAO_PROVINCE), language="lo", width_px=900)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.width == 900 and image.height > 200
    assert png == charts.bar_chart_png(_chart(LAO_PROVINCE), language="lo", width_px=900)


@pytest.mark.parametrize("labels", [("ກຂຄງຈ", "ຊຍດຕຖ"), ("កខគឃង", "ចឆជឈញ")])
def test_chart_draws_lao_and_khmer_glyphs_not_boxes(monkeypatch, labels):
    first, second = labels
    shaped = [charts.bar_chart_png(_chart(label), language="lo") for label in labels]
    # Different words of the same length look different when their glyphs are drawn...
    assert shaped[0] != shaped[1]
    # ...whereas with Noto Sans only (no Lao/Khmer glyphs) both become the same boxes
    latin_only = charts.font_path(charts.SCRIPT_LATIN)
    monkeypatch.setattr(charts, "font_path", lambda script, *, bold=False: latin_only)
    charts._load_font.cache_clear()
    tofu = [charts.bar_chart_png(_chart(label), language="lo") for label in (first, second)]
    assert tofu[0] == tofu[1]
    assert shaped[0] != tofu[0]


def test_long_sheet_names_are_cut_between_letters_not_inside_one():
    from liaison.cooperation.report.render_xlsx import _shortened

    lao = "1. ຢາເສບຕິດທີ່ຍຶດໄດ້ແຍກຕາມປະເພດ ແລະ ໄລຍະກ່ອນ"
    for text in (lao, "1. " + "ក្រុមការងាររួមប្រឆាំងគ្រឿងញៀនតាមព្រំដែន"):
        name = _shortened(text)
        assert len(name) <= 31 and name.endswith("…")
        assert text.startswith(name[:-1])
        # the letter after the cut is a base letter, so no vowel sign lost its consonant
        assert not unicodedata.category(text[len(name) - 1]).startswith("M")
    assert _shortened("2. Messages by kind") == "2. Messages by kind"
