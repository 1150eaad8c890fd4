"""Import of the ledger from CSV/XLSX: all or nothing, errors by row and column, replace."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from liaison.cases.models import CaseParticipant, JointCase
from liaison.cli import management_argv
from liaison.core.models import AuditEvent
from liaison.seizures.imports import ImportFailed, import_seizures
from liaison.seizures.models import Arrest, Incident, SeizedItem
from liaison.seizures.services import incident_cancel
from liaison.seizures.tests.factories import make_ledger_areas
from liaison.seizures.validation import ledger_today

pytestmark = pytest.mark.django_db

HEADER = (
    "incident_ref,date,country,province,district,modus,drug,quantity,unit,arrested,"
    "origin,transit,destination,case_code"
)


@pytest.fixture
def areas(cast):
    return make_ledger_areas()


def csv_bytes(*rows: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = "\n".join([header, *rows]) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def run(cast, content: bytes, *, name: str = "ledger.csv", actor=None, agency=None):
    return import_seizures(
        actor=actor or cast.vn_officer,
        agency=agency or cast.quang_nam,
        name=name,
        content=content,
    )


def failure(cast, content: bytes, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportFailed) as excinfo:
        run(cast, content, **kwargs)
    assert not Incident.objects.exists()
    assert not SeizedItem.objects.exists()
    return [(e.row, e.column, e.message) for e in excinfo.value.errors]


def test_rows_sharing_a_ref_form_one_incident(cast, areas):
    content = csv_bytes(
        "QN-1,2024-03-05,VN,quang nam,Nam Giang,land,meth_tablets,20000,tablets,VN:2;LA:1,"
        "LA,KH;TH,VN,",
        'QN-1,,,,,,heroin,"1,5",kg,,,,,',
        "QN-2,2024-03-06,vn,VN-27,,river,cannabis_plants,300,plants,,,,,",
        bom=True,
    )
    result = run(cast, content)

    assert (result.created, result.replaced, result.rows) == (2, 0, 3)
    first = Incident.objects.get(ref="QN-1")
    assert first.agency == cast.quang_nam
    assert first.province == areas.quang_nam
    assert first.district == areas.nam_giang
    assert first.route == "LA → KH → TH → VN"
    assert first.arrested_count == 3
    assert first.created_by == cast.vn_officer
    assert sorted((a.nationality, a.count) for a in first.arrests.all()) == [("LA", 1), ("VN", 2)]
    assert [(i.drug, i.quantity, i.kg) for i in first.items.order_by("id")] == [
        ("meth_tablets", Decimal("20000"), Decimal("2")),
        ("heroin", Decimal("1.5"), Decimal("1.5")),
    ]
    second = Incident.objects.get(ref="QN-2")
    assert second.modus == "river"
    assert second.items.get().kg is None  # plants: counted in plants, no guessed mass


def test_province_by_name_with_or_without_diacritics_by_script_or_romanized(cast, areas):
    content = csv_bytes(
        "A,2024-01-01,VN,Quảng Nam,,,heroin,1,kg,,,,,",
        "B,2024-01-01,VN,QUANG NAM,,,heroin,1,kg,,,,,",
        "C,2024-01-01,VN,Tỉnh Đắk Lắk,,,heroin,1,kg,,,,,",
        "D,2024-01-01,VN,dak lak,,,heroin,1,kg,,,,,",
        "E,2025-07-02,VN,Da Nang,,,heroin,1,kg,,,,,",
        "F,2025-06-02,VN,Đà Nẵng,,,heroin,1,kg,,,,,",
    )
    run(cast, content)
    provinces = dict(Incident.objects.values_list("ref", "province__code"))
    assert provinces == {
        "A": "VN-27",
        "B": "VN-27",
        "C": "VN-33",
        "D": "VN-33",
        "E": "VN-2025-DN",  # the merged city, after 01/07/2025
        "F": "VN-DN",  # the old city, before
    }


def test_lao_names_are_compared_as_written(cast, areas):
    content = csv_bytes(
        "S1,2024-01-01,LA,ເຊກອງ,ລະມາມ,,heroin,1,kg,,,,,",
        "S2,2024-01-01,LA,sekong,lamam,,heroin,1,kg,,,,,",
    )
    run(cast, content, actor=cast.la_officer, agency=cast.sekong)
    assert set(Incident.objects.values_list("province__code", "district__code")) == {
        ("LA-XE", "LA-XE-LAMAM")
    }


def test_unknown_and_missing_columns_are_named(cast, areas):
    content = csv_bytes(
        "A,2024-01-01,VN,VN-27,heroin,1", header="incident_ref,date,country,province,drug,weight"
    )
    errors = failure(cast, content)
    assert errors[0][0] == 1
    assert "Unknown columns: weight" in errors[0][2]
    assert "Missing columns: quantity, unit" in errors[1][2]


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("A,2024-01-01,VN,VN-27,,,sugar,1,kg,,,,,", "drug", "Unknown drug type “sugar”"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,pound,,,,,", "unit", "Unknown unit “pound”"),
        ("A,2024-01-01,VN,VN-27,,,heroin,-4,kg,,,,,", "quantity", "greater than zero"),
        ("A,2024-01-01,VN,VN-27,,,heroin,many,kg,,,,,", "quantity", "not a number"),
        ("A,2024-01-01,VN,VN-27,,,heroin,500000,kg,,,,,", "quantity", "Absurd quantity"),
        ("A,01/02/2024,VN,VN-27,,,heroin,1,kg,,,,,", "date", "not a date"),
        (
            "A,2024-01-01,VN,ເຊກອງ,,,heroin,1,kg,,,,,",
            "province",
            "does not belong to the country VN",
        ),
        ("A,2024-01-01,VN,LA-XE,,,heroin,1,kg,,,,,", "province", "does not belong"),
        ("A,2025-08-01,VN,Quảng Nam,,,heroin,1,kg,,,,,", "province", "did not exist on 01/08/2025"),
        ("A,2024-01-01,VN,Atlantis,,,heroin,1,kg,,,,,", "province", "Unknown province"),
        ("A,2024-01-01,VN,VN-27,Lamam,,heroin,1,kg,,,,,", "district", "Unknown district"),
        ("A,2024-01-01,XX,VN-27,,,heroin,1,kg,,,,,", "country", "Unknown country"),
        ("A,2024-01-01,VN,VN-27,,car,heroin,1,kg,,,,,", "modus", "Unknown modus"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,kg,VN:two,,,,", "arrested", "not a number of persons"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,kg,XX:2,,,,", "arrested", "nationality"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,QQ,,,", "origin", "“QQ”"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,LA;ZZ,,", "transit", "“ZZ”"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,Z1,", "destination", "“Z1”"),
        ("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,999X", "case_code", "does not participate"),
        (",2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,", "incident_ref", "required"),
        ("A,,VN,VN-27,,,heroin,1,kg,,,,,", "date", "required"),
    ],
)
def test_a_bad_row_names_row_and_column_and_nothing_is_written(cast, areas, row, column, fragment):
    content = csv_bytes("OK,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,", row)
    errors = failure(cast, content)
    assert [(r, c) for r, c, _m in errors] == [(3, column)], errors
    assert fragment in errors[0][2]


def test_a_future_date_is_refused(cast, areas):
    tomorrow = (ledger_today() + timedelta(days=1)).isoformat()
    errors = failure(cast, csv_bytes(f"A,{tomorrow},VN,VN-27,,,heroin,1,kg,,,,,"))
    assert errors[0][:2] == (2, "date")
    assert "in the future" in errors[0][2]


def test_every_error_is_reported_not_only_the_first(cast, areas):
    content = csv_bytes(
        "A,2024-01-01,VN,VN-27,,,sugar,1,kg,,,,,",
        "B,2024-01-01,VN,VN-27,,,heroin,0,kg,,,,,",
        "C,2024-01-01,VN,Atlantis,,,heroin,1,kg,,,,,",
    )
    assert [(r, c) for r, c, _m in failure(cast, content)] == [
        (2, "drug"),
        (3, "quantity"),
        (4, "province"),
    ]


def test_rows_of_one_incident_must_agree(cast, areas):
    content = csv_bytes(
        "A,2024-01-01,VN,VN-27,,,heroin,1,kg,VN:2,,,,",
        "A,2024-01-01,VN,VN-27,,,opium,1,kg,VN:2,,,,",
        "A,2024-01-02,VN,VN-27,,,opium,1,kg,VN:3,,,,",
    )
    errors = failure(cast, content)
    assert [(r, c) for r, c, _m in errors] == [(4, "date"), (4, "arrested")]
    assert "Differs from row 2 of the same incident (A)" in errors[0][2]


def test_case_code_of_a_case_the_agency_participates_in(cast, areas):
    case = JointCase.objects.create(code="522H", title="Ring", lead_agency=cast.c04)
    CaseParticipant.objects.create(case=case, agency=cast.c04)
    content = csv_bytes("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,522h")
    errors = failure(cast, content)
    assert errors[0][:2] == (2, "case_code")
    CaseParticipant.objects.create(case=case, agency=cast.quang_nam)
    run(cast, content)
    assert Incident.objects.get().case == case


def test_a_bad_row_at_90000_writes_nothing(cast, areas):
    rows = [f"R{n},2024-02-01,VN,VN-27,,,heroin,1,kg,VN:1,,,," for n in range(2, 90_000)]
    rows.append("BAD,2024-02-01,VN,VN-27,,,heroin,-1,kg,,,,,")
    errors = failure(cast, csv_bytes(*rows))
    assert [(r, c) for r, c, _m in errors] == [(90_000, "quantity")]
    assert not Arrest.objects.exists()


def test_errors_are_capped(cast, areas):
    rows = [f"R{n},2024-02-01,VN,VN-27,,,sugar,1,kg,,,,," for n in range(500)]
    assert len(failure(cast, csv_bytes(*rows))) == 200


def test_reimport_replaces_and_never_duplicates(cast, areas):
    run(cast, csv_bytes("A,2024-01-01,VN,VN-27,,,heroin,1,kg,VN:2,,,,"))
    incident = Incident.objects.get()
    Incident.objects.filter(pk=incident.pk).update(notes="kept", place="Km 5")

    result = run(
        cast,
        csv_bytes(
            "A,2024-01-03,VN,VN-27,,,opium,2,kg,LA:1,,,,",
            "A,,,,,,heroin,3,kg,,,,,",
            "B,2024-01-03,VN,VN-27,,,heroin,1,kg,,,,,",
        ),
    )

    assert (result.created, result.replaced) == (1, 1)
    assert Incident.objects.count() == 2
    incident.refresh_from_db()
    assert incident.occurred_on == date(2024, 1, 3)
    assert incident.arrested_count == 1
    assert incident.seized_kg == Decimal("5")
    assert Incident.objects.get(ref="B").seized_kg == Decimal("1")
    assert (incident.notes, incident.place) == ("kept", "Km 5")
    assert sorted(incident.items.values_list("drug", flat=True)) == ["heroin", "opium"]
    assert list(incident.arrests.values_list("nationality", "count")) == [("LA", 1)]
    assert SeizedItem.objects.count() == 3
    replaced = AuditEvent.objects.get(verb="seizures.import_replace")
    assert replaced.object_id == str(incident.pk)
    assert replaced.changes["occurred_on"] == ["2024-01-01", "2024-01-03"]
    before_items, after_items = replaced.changes["items"]
    assert [i["drug"] for i in before_items] == ["heroin"]
    assert [i["drug"] for i in after_items] == ["opium", "heroin"]
    assert replaced.changes["arrests"][0] == [{"nationality": "VN", "count": 2, "person": None}]


def test_a_cancelled_incident_is_not_imported_again(cast, areas):
    run(cast, csv_bytes("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,"))
    incident_cancel(actor=cast.vn_officer, incident=Incident.objects.get(), reason="duplicate")
    with pytest.raises(ImportFailed) as excinfo:
        run(cast, csv_bytes("A,2024-01-01,VN,VN-27,,,heroin,5,kg,,,,,"))
    assert excinfo.value.errors[0].column == "incident_ref"
    assert Incident.objects.get().items.get().quantity == 1


def test_one_audit_event_per_import_with_counts_and_sha256(cast, areas):
    content = csv_bytes(
        "A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,", "B,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,"
    )
    run(cast, content, name="march.csv")
    events = AuditEvent.objects.filter(verb__startswith="seizures.")
    assert events.count() == 1
    event = events.get()
    assert event.actor == cast.vn_officer
    assert event.changes["sha256"] == hashlib.sha256(content).hexdigest()
    assert event.changes["created"] == 2
    assert event.changes["rows"] == 2
    assert event.object_repr == "march.csv"


def test_only_writers_of_the_agency_may_import(cast, areas):
    with pytest.raises(PermissionDenied):
        run(cast, csv_bytes("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,"), actor=cast.la_officer)
    assert not Incident.objects.exists()


def test_xlsx_round_trip(cast, areas):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["incident_ref", "date", "country", "province", "drug", "quantity", "unit", "arrested"]
    )
    sheet.append(
        ["X-1", datetime(2024, 4, 1), "VN", "Quảng Nam", "meth_tablets", 15000, "tablets", "VN:1"]
    )
    sheet.append(["X-1", None, None, None, "ketamine", 0.25, "kg", None])
    sheet.append([None] * 8)  # blank rows are skipped
    buffer = io.BytesIO()
    book.save(buffer)

    result = run(cast, buffer.getvalue(), name="ledger.xlsx")

    assert (result.created, result.rows) == (1, 2)
    incident = Incident.objects.get()
    assert incident.occurred_on == date(2024, 4, 1)
    assert [(i.drug, i.quantity, i.kg) for i in incident.items.order_by("id")] == [
        ("meth_tablets", Decimal("15000"), Decimal("1.5")),
        ("ketamine", Decimal("0.25"), Decimal("0.25")),
    ]


def test_a_damaged_file_is_reported(cast, areas):
    errors = failure(cast, b"PK\x03\x04garbage", name="ledger.xlsx")
    assert "XLSX" in errors[0][2]
    errors = failure(cast, b"\xff\xfe\x00bad", name="ledger.csv")
    assert "UTF-8" in errors[0][2]
    errors = failure(cast, csv_bytes())
    assert "no rows" in errors[0][2]


def test_management_command_reports_counts_and_errors(cast, areas, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes("A,2024-01-01,VN,VN-27,,,heroin,1,kg,,,,,"))
    call_command("seizures_import", str(good), "--agency", "vn-qnam-police")
    assert "created 1, replaced 0" in capsys.readouterr().out
    call_command(
        "seizures_import", str(good), "--agency", "vn-qnam-police", "--actor", "vn_officer"
    )
    assert "created 0, replaced 1" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("B,2024-01-01,VN,VN-27,,,sugar,1,kg,,,,,"))
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("seizures_import", str(bad), "--agency", "vn-qnam-police")
    assert "Row 2, column “drug”" in capsys.readouterr().err
    with pytest.raises(CommandError, match="unknown agency"):
        call_command("seizures_import", str(good), "--agency", "nope")


def test_cli_maps_seizures_import():
    assert management_argv(["seizures", "import", "f.csv", "--agency", "vn-c04"]) == [
        "seizures_import",
        "f.csv",
        "--agency",
        "vn-c04",
    ]
    assert management_argv(["seizures", "import", "f.csv", "--agency", "vn-c04", "--actor", "bob"])[
        -2:
    ] == ["--actor", "bob"]
