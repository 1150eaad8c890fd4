"""Exports: the files are read back (csv module, openpyxl) and their values checked."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped
from liaison.seizures.exports_shape import (
    ARQ_COLUMNS,
    IDS_COLUMNS,
    LEDGER_COLUMNS,
    arq_rows,
    country_name,
    decimal_text,
    drug_name,
)
from liaison.seizures.tests.factories import IncidentFactory
from liaison.seizures.tests.test_selectors import Ledger, build_ledger


@pytest.fixture
def ledger(cast) -> Ledger:
    return build_ledger(cast)


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


# --- pure shaping -----------------------------------------------------------------------


def test_pure_helpers():
    assert country_name("LA") == "Lao People's Democratic Republic"
    assert country_name("") == "" and country_name("ZZ") == "ZZ"
    assert drug_name("precursors", "ephedrine") == "Precursor chemicals: ephedrine"
    assert decimal_text(Decimal("110.000")) == "110"
    assert decimal_text(Decimal("2.500")) == "2.5"


def test_arq_rows_merge_units_and_sort_by_year_then_unodc_order():
    rows = arq_rows(
        cases=[(2024, "heroin", 2), (2023, "cannabis_herb", 1), (2024, "meth_tablets", 1)],
        quantities=[
            (2024, "heroin", "kg", Decimal("2.5"), Decimal("2.5")),
            (2024, "heroin", "g", Decimal("500"), Decimal("0.5")),
            (2024, "meth_tablets", "tablets", Decimal("20000"), Decimal("2")),
            (2023, "cannabis_herb", "kg", Decimal("10"), Decimal("10")),
        ],
    )
    table = [dict(zip(ARQ_COLUMNS, row, strict=True)) for row in rows]
    assert [(r["year"], r["drug"]) for r in table] == [
        (2023, "cannabis_herb"),
        (2024, "heroin"),
        (2024, "meth_tablets"),
    ]
    heroin = table[1]
    assert heroin["seizure_cases"] == 2
    assert heroin["quantity_kg"] == Decimal("2.5") and heroin["quantity_g"] == Decimal("500")
    assert heroin["quantity_tablets"] == "" and heroin["total_kg"] == Decimal("3")


# --- files ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ledger_csv_has_one_row_per_item(cast, ledger):
    response = cast.client_for(cast.vn_officer).get("/seizures/export/ledger.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert tuple(rows[0]) == LEDGER_COLUMNS
    table = [dict(zip(LEDGER_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(r["incident_ref"], r["drug"]) for r in table] == [
        ("QN-2", "cannabis_herb"),
        ("QN-1", "meth_tablets"),
        ("QN-1", "heroin"),
        ("SE-1", "meth_crystal"),
        ("NG-1", "ketamine"),
    ]
    tablets = table[1]
    assert tablets["date"] == "2024-03-15" and tablets["province"] == "Quảng Nam"
    assert tablets["quantity"] == "20000" and tablets["kg"] == "2"
    assert tablets["conversion"] and tablets["case_code"] == "522H"
    assert tablets["arrested"] == "2" and tablets["transit"] == "LA"
    assert table[3]["province"] == "ເຊກອງ"  # names as written


@pytest.mark.django_db
def test_ledger_xlsx_reads_back_with_numbers(cast, ledger):
    response = cast.client_for(cast.vn_officer).get("/seizures/export/ledger.xlsx?drug=heroin")
    assert response.status_code == 200
    rows = _xlsx(response)
    assert rows[0] == LEDGER_COLUMNS
    assert len(rows) == 2
    row = dict(zip(LEDGER_COLUMNS, rows[1], strict=True))
    assert row["incident_ref"] == "QN-1" and row["drug"] == "heroin"
    assert row["quantity"] == 1.5 and row["kg"] == 1.5
    event = AuditEvent.objects.get(verb="seizures.export_ledger")
    assert event.changes == {
        "format": "xlsx",
        "layout": "ledger",
        "filter": {"drug": "heroin"},
        "rows": 1,
    }


@pytest.mark.django_db
def test_ids_columns_and_values(cast, ledger):
    url = f"/seizures/export/ids.xlsx?province={ledger.quang_nam_area.pk}"
    response = cast.client_for(cast.vn_officer).get(url)
    rows = _xlsx(response)
    assert rows[0] == IDS_COLUMNS
    first = dict(zip(IDS_COLUMNS, rows[2], strict=True))  # QN-1's tablets (QN-2 first)
    assert first["Date of seizure"] == "2024-03-15"
    assert first["Country"] == "Viet Nam" and first["ISO3 code"] == "VNM"
    assert first["Drug"] == "Methamphetamine (tablets)"
    assert first["Quantity"] == 20000 and first["Unit"] == "tablets"
    assert first["Administrative region"] == "Quảng Nam" and first["City"] == "Nam Giang"
    assert first["Physical seizure location"] == "Cửa khẩu Nam Giang"
    assert first["Mode of transportation"] == "Land (vehicle or on foot)"
    assert first["Departure country"] == "Myanmar"
    assert first["Transit countries"] == "Lao People's Democratic Republic"
    assert first["Destination country"] == "Viet Nam"


@pytest.mark.django_db
def test_ids_leaves_out_incidents_without_items(cast, ledger):
    IncidentFactory(
        ref="ONLY-ARRESTS", agency=cast.quang_nam, province=ledger.quang_nam_area, items=[],
        arrests=[("VN", 1)],
    )  # fmt: skip
    rows = _csv(cast.client_for(cast.vn_officer).get("/seizures/export/ids.csv"))
    assert len(rows) == 1 + 5
    assert AuditEvent.objects.get(verb="seizures.export_ids").changes["rows"] == 5
    ledger_rows = _csv(cast.client_for(cast.vn_officer).get("/seizures/export/ledger.csv"))
    assert any(r[0] == "ONLY-ARRESTS" for r in ledger_rows)


@pytest.mark.django_db
def test_arq_roll_up_file(cast, ledger):
    IncidentFactory(
        ref="QN-3", agency=cast.quang_nam, province=ledger.quang_nam_area,
        occurred_on=date(2024, 7, 1), items=[("heroin", "500", "g"), ("heroin", "1", "kg")],
    )  # fmt: skip
    response = cast.client_for(cast.vn_officer).get("/seizures/export/arq.csv")
    rows = _csv(response)
    assert tuple(rows[0]) == ARQ_COLUMNS
    table = {(r[0], r[1]): dict(zip(ARQ_COLUMNS, r, strict=True)) for r in rows[1:]}
    heroin = table[("2024", "heroin")]
    assert heroin["seizure_cases"] == "2"
    assert heroin["quantity_kg"] == "2.5" and heroin["quantity_g"] == "500"
    assert heroin["total_kg"] == "3"
    assert table[("2023", "cannabis_herb")]["total_kg"] == "10"
    assert ("2024", "meth_crystal") in table  # the partner's case incident, visible
    assert AuditEvent.objects.get(verb="seizures.export_arq").changes["rows"] == len(rows) - 1


@pytest.mark.django_db
def test_exports_cover_only_what_the_user_sees(cast, ledger):
    rows = _csv(cast.client_for(cast.outsider).get("/seizures/export/ledger.csv"))
    assert [r[0] for r in rows[1:]] == ["KH-1"]


@pytest.mark.django_db
def test_export_urls_are_scoped_and_validated(cast, ledger):
    for layout, fmt in (("ledger", "csv"), ("ids", "xlsx"), ("arq", "csv")):
        assert_scoped(
            cast,
            f"/seizures/export/{layout}.{fmt}?case={ledger.case.pk}",
            allowed=[cast.vn_officer, cast.la_officer],
            denied=[cast.outsider, cast.vn_district_officer],
        )
    client = cast.client_for(cast.vn_officer)
    assert client.get("/seizures/export/pdf.csv").status_code == 404
    bad = client.get("/seizures/export/ledger.csv?to=31/12/2024")
    assert bad.status_code == 400 and "to:" in bad.content.decode()
    assert cast.client_for(None).get("/seizures/export/ledger.csv").status_code == 302


@pytest.mark.django_db
def test_export_reads_in_chunks_with_a_fixed_number_of_queries(
    cast, ledger, django_assert_max_num_queries
):
    for n in range(40):
        IncidentFactory(ref=f"X-{n}", agency=cast.quang_nam, province=ledger.quang_nam_area)
    client = cast.client_for(cast.vn_officer)
    with django_assert_max_num_queries(12):
        response = client.get("/seizures/export/ledger.csv")
        rows = _csv(response)
    assert len(rows) == 1 + 5 + 40
