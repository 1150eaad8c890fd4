"""`liaison report review`: real XLSX and DOCX files whose figures match the data; bad
input exits 2 with a message and no file."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from liaison.cli import management_argv
from liaison.cooperation.tests.report_world import (  # noqa: F401
    WANTED_NAME,
    build_world,
    private_storage,
)
from liaison.core.models import AuditEvent


def test_liaison_report_review_maps_onto_the_management_command():
    argv = ["report", "review", "--partnership", "qnam-sekong", "--from", "2024-01-01"]
    argv += ["--to", "2024-06-30", "--lang", "lo", "--format", "xlsx", "--out", "r.xlsx"]
    assert management_argv(argv) == [
        "cooperation_report",
        "--partnership",
        "qnam-sekong",
        "--from",
        "2024-01-01",
        "--to",
        "2024-06-30",
        "--lang",
        "lo",
        "--format",
        "xlsx",
        "--out",
        "r.xlsx",
    ]


def _run(out, fmt="xlsx", lang="en", **extra):
    args = ["--partnership", "qnam-sekong", "--from", extra.pop("date_from", "2024-01-01")]
    args += ["--to", extra.pop("date_to", "2024-06-30"), "--lang", lang, "--format", fmt]
    call_command("cooperation_report", *args, "--out", str(out))


def _cells(workbook) -> list:
    return [
        c for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]


def test_xlsx_carries_the_figures(cast, tmp_path):
    world = build_world(cast)
    out = tmp_path / "review.xlsx"
    _run(out, fmt="xlsx")
    workbook = openpyxl.load_workbook(out)
    cells = _cells(workbook)
    assert WANTED_NAME in cells
    assert "Methamphetamine (crystal)" in cells
    numbers = [
        Decimal(str(c)) for c in cells if isinstance(c, (int, float)) and not isinstance(c, bool)
    ]
    assert Decimal(15) in numbers  # kg of crystal methamphetamine
    assert Decimal(125) in numbers  # participants of the period's activities
    total = (Decimal("16.5") + world.tablets_kg).quantize(Decimal("0.001"))
    assert any(abs(n - total) < Decimal("0.001") for n in numbers)
    assert AuditEvent.objects.filter(verb="cooperation_report").exists()


def test_docx_in_vietnamese_with_motto_and_figures(cast, tmp_path):
    build_world(cast)
    out = tmp_path / "review.docx"
    _run(out, fmt="docx", lang="vi")
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    everything = text + "\n" + "\n".join(cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    assert cast.quang_nam.name in everything
    assert WANTED_NAME in everything
    assert "125" in everything  # participants


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"partnership": "nope"}, "--partnership"),
        ({"lang": "fr"}, "--lang"),
        ({"fmt": "odt"}, "--format"),
        ({"date_from": "2024-06-30", "date_to": "2024-01-01"}, "--to"),
        ({"date_from": "2999-01-01", "date_to": "2999-02-01"}, "--from"),
        ({"date_from": "yesterday"}, "--from"),
    ],
)
def test_bad_input_exits_2_without_a_file(cast, tmp_path, change, message):
    out = tmp_path / "review.docx"
    args = ["--partnership", change.get("partnership", "qnam-sekong")]
    args += [
        "--from",
        change.get("date_from", "2024-01-01"),
        "--to",
        change.get("date_to", "2024-06-30"),
    ]
    args += ["--lang", change.get("lang", "vi"), "--format", change.get("fmt", "docx")]
    with pytest.raises(CommandError) as error:
        call_command("cooperation_report", *args, "--out", str(out))
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [] or not any(tmp_path.glob("*.docx"))
