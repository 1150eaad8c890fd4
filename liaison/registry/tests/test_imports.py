"""persons_import: all or nothing, re-import updates, each bad input named by line+field."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from liaison.registry.models import IdentityDocument, NameKey, Person
from liaison.registry.services import persons_import
from liaison.registry.tests.helpers import LAO_NAME, jsonl

pytestmark = pytest.mark.django_db

GOOD = {
    "ref": "LA-1",
    "names": [LAO_NAME, "Bouaphanh Inthalath"],
    "birth_date": "1980",
    "nationality": "LA",
    "sex": "M",
    "id_numbers": [{"type": "passport", "number": "P1234567", "country": "LA"}],
    "status": ["wanted"],
}


def run(cast, data: bytes, fmt: str = "jsonl"):
    return persons_import(actor=cast.la_officer, agency=cast.sekong, file=data, format=fmt)


def test_jsonl_import_then_reimport_updates_without_duplicates(cast):
    result = run(cast, jsonl(GOOD, {"ref": "LA-2", "names": ["Trần Văn Hải"]}))
    assert (result.created, result.updated) == (2, 0)
    person = Person.objects.get(ref="LA-1")
    assert person.is_wanted and person.birth_date_text == "1980"
    assert list(person.nationalities.values_list("code", flat=True)) == ["LA"]

    changed = {**GOOD, "birth_date": "1980-05-12", "status": []}
    result = run(cast, jsonl(changed))
    assert (result.created, result.updated) == (0, 1)
    assert Person.objects.count() == 2
    person.refresh_from_db()
    assert person.birth_date_text == "1980-05-12" and not person.is_wanted
    assert IdentityDocument.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    ("bad", "line", "field"),
    [
        ({"ref": "LA-9", "names": []}, 2, "names"),
        ({"ref": "LA-9", "names": ["  "]}, 2, "names"),
        ({"ref": "LA-9", "names": ["Hai"], "birth_date": "2024-02-30"}, 2, "birth_date"),
        ({"ref": "LA-9", "names": ["Hai"], "nationality": "XX"}, 2, "nationality"),
        ({"ref": "LA-1", "names": ["Hai"]}, 2, "ref"),
        ({"ref": "LA-9", "names": ["ບົວພັນ ស៊ុន"]}, 2, "names"),
        ({"ref": "LA-9", "names": ["Hai"], "status": ["innocent"]}, 2, "status"),
        (
            {"ref": "LA-9", "names": ["Hai"], "id_numbers": [{"number": "1", "country": "QQ"}]},
            2,
            "id_numbers",
        ),
    ],
)
def test_a_bad_row_aborts_with_line_and_field_and_writes_nothing(cast, bad, line, field):
    with pytest.raises(ValidationError) as caught:
        run(cast, jsonl(GOOD, bad))
    message = caught.value.messages[0]
    assert f"Line {line}" in message and f"“{field}”" in message, message
    assert not Person.objects.exists()
    assert not NameKey.objects.exists()


def test_a_bad_row_during_reimport_leaves_the_old_data(cast):
    run(cast, jsonl(GOOD))
    with pytest.raises(ValidationError):
        run(cast, jsonl({**GOOD, "birth_date": "1999"}, {"ref": "X", "names": []}))
    assert Person.objects.get().birth_date_text == "1980"


def test_csv_import_and_wrong_encoding(cast):
    csv_text = (
        "ref,names,birth_date,nationality,sex,id_type,id_number,id_country,status\n"
        "VN-1,Trần Văn Hải|Hai Tran Van,1975-03,VN,M,national_id,012345678,VN,subject\n"
    )
    persons_import(actor=None, agency=cast.quang_nam, file=csv_text.encode(), format="csv")
    person = Person.objects.get(ref="VN-1")
    assert list(person.names.values_list("text", flat=True)) == ["Trần Văn Hải", "Hai Tran Van"]
    assert person.is_subject
    with pytest.raises(ValidationError) as caught:
        persons_import(
            actor=None,
            agency=cast.quang_nam,
            file=csv_text.replace("VN-1", "VN-2").encode("cp1258", errors="replace"),
            format="csv",
        )
    assert "Line 2" in caught.value.messages[0] and "UTF-8" in caught.value.messages[0]
    assert Person.objects.count() == 1


def test_xlsx_import(cast):
    book = Workbook()
    sheet = book.active
    sheet.append(["ref", "name", "aliases", "birth_date", "nationality"])
    sheet.append(["KH-1", "សុខ ចាន់", "Sok Chan", "1990", "KH"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = persons_import(
        actor=None, agency=cast.kh_add, file=buffer.getvalue(), filename="list.xlsx"
    )
    assert result.created == 1
    assert Person.objects.get().names.first().script == "khmer"
