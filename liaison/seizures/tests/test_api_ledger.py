"""Ledger API: list with the ledger filter, detail, create/update via services, cancel,
import and export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped
from liaison.seizures.models import Incident
from liaison.seizures.tests.factories import IncidentFactory
from liaison.seizures.tests.test_selectors import Ledger, build_ledger

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seizures/incidents/"


@pytest.fixture
def ledger(cast) -> Ledger:
    return build_ledger(cast)


def test_list_is_scoped_and_filtered(cast, ledger):
    client = cast.client_for(cast.la_officer)
    body = client.get(BASE).json()
    assert [r["ref"] for r in body["results"]] == ["SE-1", "QN-1"]
    assert body["count"] == 2 and body["count_capped"] is False
    qn1 = body["results"][1]
    assert qn1["case_code"] == "522H" and qn1["transit"] == ["LA"]
    assert [i["drug"] for i in qn1["items"]] == ["meth_tablets", "heroin"]
    body = client.get(BASE, {"drug": "heroin"}).json()
    assert [r["ref"] for r in body["results"]] == ["QN-1"]


def test_list_bad_filter_is_400_naming_the_parameter(cast, ledger):
    response = cast.client_for(cast.vn_officer).get(BASE, {"from": "yesterday", "drug": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"from", "drug"}


def test_list_hides_codes_of_cases_the_caller_is_not_in(cast, ledger):
    Incident.objects.filter(pk=ledger.qn2.pk).update(case=ledger.case)
    rows = cast.client_for(cast.vn_district_officer).get(BASE).json()["results"]
    qn2 = next(r for r in rows if r["ref"] == "QN-2")
    assert qn2["case"] is None and qn2["case_code"] == ""


def test_list_query_count_is_fixed(cast, ledger, django_assert_max_num_queries):
    for n in range(30):
        IncidentFactory(
            ref=f"B-{n}", agency=cast.quang_nam, province=ledger.quang_nam_area,
            items=[("heroin", "1", "kg"), ("opium", "1", "kg")],
        )  # fmt: skip
    client = cast.client_for(cast.vn_officer)
    # session, user, scope token, count, ids+rows, items, visible cases (+ token auth slack)
    with django_assert_max_num_queries(9):
        response = client.get(BASE)
    assert response.status_code == 200 and len(response.json()["results"]) == 34


def test_list_and_detail_and_export_are_scoped(cast, ledger):
    assert_scoped(
        cast,
        f"{BASE}{ledger.qn1.pk}/",
        allowed=[cast.vn_officer, cast.la_officer, cast.platform_admin],
        denied=[cast.outsider, cast.vn_district_officer],
    )
    for url in (f"{BASE}?case={ledger.case.pk}", f"{BASE}export/?case={ledger.case.pk}"):
        assert_scoped(
            cast, url, allowed=[cast.vn_officer, cast.la_officer],
            denied=[cast.outsider, cast.vn_district_officer],
        )  # fmt: skip


def test_detail_is_audited_and_hides_persons_the_caller_may_not_see(cast, ledger):
    body = cast.client_for(cast.la_officer).get(f"{BASE}{ledger.qn1.pk}/").json()
    assert {(a["nationality"], a["person"]) for a in body["arrests"]} == {
        ("LA", None),
        ("VN", None),
    }
    mine = cast.client_for(cast.vn_officer).get(f"{BASE}{ledger.qn1.pk}/").json()
    assert any(a["person"] for a in mine["arrests"])
    assert AuditEvent.objects.filter(verb="seizures.incident_read").count() == 2


def _payload(ledger, **overrides) -> dict:
    payload = {
        "ref": "API-1",
        "occurred_on": "2024-06-10",
        "country": "VN",
        "province": ledger.quang_nam_area.pk,
        "district": ledger.nam_giang_area.pk,
        "modus": "river",
        "origin": "LA",
        "transit": ["KH"],
        "case": ledger.case.pk,
        "items": [{"drug": "meth_tablets", "quantity": "5000", "unit": "tablets"}],
        "arrests": [{"nationality": "LA", "count": 2}],
    }
    payload.update(overrides)
    return payload


def test_create_update_and_cancel_through_services(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    response = client.post(BASE, _payload(ledger), content_type="application/json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["agency"] == cast.quang_nam.pk
    assert created["items"][0]["kg"] == "0.500000"
    assert created["arrested_count"] == 2
    pk = created["id"]
    response = client.put(
        f"{BASE}{pk}/",
        _payload(ledger, items=[{"drug": "heroin", "quantity": "1", "unit": "kg"}]),
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert [i["drug"] for i in response.json()["items"]] == ["heroin"]
    assert AuditEvent.objects.filter(verb="seizures.incident_update", object_id=str(pk)).exists()
    response = client.post(f"{BASE}{pk}/cancel/", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(
        f"{BASE}{pk}/cancel/", {"reason": "Duplicate"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["cancelled_at"]


def test_create_errors_are_keyed_by_field(cast, ledger):
    response = cast.client_for(cast.vn_officer).post(
        BASE, _payload(ledger, occurred_on="2099-01-01", origin="ZZ"),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"occurred_on", "origin"} <= set(response.json())
    assert not Incident.objects.filter(ref="API-1").exists()


def test_writes_refused_by_role_or_agency(cast, ledger):
    auditor = cast.client_for(cast.vn_auditor)
    assert auditor.post(BASE, _payload(ledger), content_type="application/json").status_code == 403
    partner = cast.client_for(cast.la_officer)
    response = partner.post(
        f"{BASE}{ledger.qn1.pk}/cancel/", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    outsider = cast.client_for(cast.outsider)
    response = outsider.post(
        f"{BASE}{ledger.qn1.pk}/cancel/", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert outsider.delete(f"{BASE}{ledger.kh1.pk}/").status_code == 405


HEADER = (
    "incident_ref,date,country,province,district,modus,drug,quantity,unit,arrested,"
    "origin,transit,destination,case_code\n"
)


def test_import_returns_counts_or_row_errors(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    good = HEADER + "IMP-9,2024-05-05,VN,Quang Nam,,land,heroin,2,kg,VN:1,,,,\n"
    response = client.post(
        "/api/v1/seizures/import/", {"file": SimpleUploadedFile("g.csv", good.encode())}
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {"created": 1, "replaced": 0, "rows": 1, "incidents": 1}
    bad = HEADER + "IMP-10,2030-05-05,VN,Quang Nam,,land,heroin,2,kg,,,,,\n"
    response = client.post(
        "/api/v1/seizures/import/", {"file": SimpleUploadedFile("b.csv", bad.encode())}
    )
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "date")]
    assert not Incident.objects.filter(ref="IMP-10").exists()
    response = client.post(
        "/api/v1/seizures/import/",
        {"file": SimpleUploadedFile("g.csv", good.encode()), "agency": cast.sekong.pk},
    )
    assert response.status_code == 403


def test_import_refuses_a_file_over_the_upload_limit_like_the_page(cast, ledger, monkeypatch):
    monkeypatch.setattr("liaison.seizures.imports.MAX_UPLOAD_BYTES", 10)
    good = HEADER + "IMP-11,2024-05-05,VN,Quang Nam,,land,heroin,2,kg,VN:1,,,,\n"
    for url in ("/api/v1/seizures/import/", "/seizures/import/"):
        response = cast.client_for(cast.vn_officer).post(
            url, {"agency": cast.quang_nam.pk, "file": SimpleUploadedFile("g.csv", good.encode())}
        )
        assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not Incident.objects.filter(ref="IMP-11").exists()


def test_export_endpoint_streams_csv_and_audits(cast, ledger):
    response = cast.client_for(cast.la_officer).get(
        f"{BASE}export/", {"layout": "ids", "file_type": "csv"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Date of seizure"
    assert [r[3] for r in rows[1:]] == [
        "Methamphetamine (tablets)",
        "Heroin",
        "Methamphetamine (crystalline)",
    ]
    event = AuditEvent.objects.get(verb="seizures.export_ids")
    assert event.changes["rows"] == 3 and event.changes["format"] == "csv"
    bad = cast.client_for(cast.la_officer).get(f"{BASE}export/", {"layout": "pdf"})
    assert bad.status_code == 400 and "layout" in bad.json()
