"""Ledger pages: the list, an incident's page, its forms, the cancellation, the import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped
from liaison.registry.models_records import Location
from liaison.registry.tests.helpers import make_person
from liaison.seizures.models import Incident
from liaison.seizures.tests.factories import IncidentFactory
from liaison.seizures.tests.test_selectors import Ledger, build_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast) -> Ledger:
    return build_ledger(cast)


def test_ledger_lists_visible_incidents_with_their_items(cast, ledger):
    response = cast.client_for(cast.vn_officer).get("/seizures/")
    assert response.status_code == 200
    body = response.content.decode()
    for ref in ("QN-1", "QN-2", "NG-1", "SE-1"):
        assert ref in body
    assert "KH-1" not in body and "QN-X" not in body  # out of scope, cancelled
    assert "20000 tablets (2 kg)" in body
    assert "MM → LA → VN" in body
    assert "522H" in body
    assert "15/03/2024" in body


def test_ledger_filter_and_links_keep_the_query(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    response = client.get("/seizures/", {"drug": "heroin", "from": "2024-01-01"})
    body = response.content.decode()
    assert "QN-1" in body and "QN-2" not in body
    assert "/seizures/export/ids.xlsx?from=2024-01-01&amp;drug=heroin" in body
    assert "/seizures/statistics/?from=2024-01-01&amp;drug=heroin" in body
    assert "/seizures/map/?from=2024-01-01&amp;drug=heroin" in body


def test_ledger_bad_filter_names_the_field(cast, ledger):
    response = cast.client_for(cast.vn_officer).get("/seizures/", {"from": "15/03/2024"})
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()
    assert "QN-1" not in response.content.decode()


def test_ledger_hides_the_case_code_of_a_case_the_viewer_is_not_in(cast, ledger):
    Incident.objects.filter(pk=ledger.qn2.pk).update(case=ledger.case)
    body = cast.client_for(cast.vn_district_officer).get("/seizures/").content.decode()
    assert "QN-2" in body and "522H" not in body


def test_ledger_filter_case_is_scoped(cast, ledger):
    url = f"/seizures/?case={ledger.case.pk}"
    assert_scoped(
        cast,
        url,
        allowed=[cast.vn_officer, cast.la_officer, cast.platform_admin],
        denied=[cast.outsider, cast.vn_district_officer],
    )


def test_ledger_page_query_count_is_fixed(cast, ledger, django_assert_max_num_queries):
    for n in range(60):
        IncidentFactory(
            ref=f"BULK-{n}",
            agency=cast.quang_nam,
            province=ledger.quang_nam_area,
            items=[("heroin", "1", "kg"), ("opium", "1", "kg")],
        )
    client = cast.client_for(cast.vn_officer)
    # session, user, scope token, filter choices (countries, provinces, agencies, cases),
    # the count, the rows, the items, the visible cases
    with django_assert_max_num_queries(14):
        response = client.get("/seizures/")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get("/seizures/", {"page": 2})
    assert "Page 2 of 2" in response.content.decode()


def test_incident_page_shows_everything_and_is_audited(cast, ledger):
    url = f"/seizures/incidents/{ledger.qn1.pk}/"
    response = cast.client_for(cast.vn_officer).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cửa khẩu Nam Giang" in body
    assert "1 tablet = 0.1 g" in body or "0.1 g" in body
    assert "P-1" in body  # the registry person, visible to the owner agency
    assert f"/cases/{ledger.case.pk}/" in body
    assert AuditEvent.objects.filter(
        verb="seizures.incident_read", object_id=str(ledger.qn1.pk), actor=cast.vn_officer
    ).exists()


def test_incident_page_for_a_partner_counts_persons_it_may_not_see(cast, ledger):
    body = (
        cast.client_for(cast.la_officer)
        .get(f"/seizures/incidents/{ledger.qn1.pk}/")
        .content.decode()
    )
    assert "P-1" not in body
    assert "1 person of nationality VN" in body
    assert "1 person of nationality LA" in body


def test_incident_page_is_scoped(cast, ledger):
    assert_scoped(
        cast,
        f"/seizures/incidents/{ledger.qn1.pk}/",
        allowed=[cast.vn_officer, cast.la_officer, cast.vn_auditor, cast.platform_admin],
        denied=[cast.outsider, cast.vn_district_officer],
    )
    assert_scoped(
        cast, f"/seizures/incidents/{ledger.kh1.pk}/", allowed=[cast.outsider],
        denied=[cast.vn_officer, cast.la_officer],
    )  # fmt: skip


def test_cancelled_incident_shows_its_reason(cast, ledger):
    body = (
        cast.client_for(cast.vn_officer)
        .get(f"/seizures/incidents/{ledger.cancelled.pk}/")
        .content.decode()
    )
    assert "Entered twice" in body and "Cancelled on" in body


def _post_data(ledger, **overrides) -> dict:
    data = {
        "ref": "QN-NEW",
        "agency": ledger.qn1.agency_id,
        "occurred_on": "2024-06-10",
        "country": "VN",
        "province": ledger.quang_nam_area.pk,
        "district": ledger.nam_giang_area.pk,
        "place": "Đắk Pring",
        "modus": "land",
        "origin": "la",
        "transit": "",
        "destination": "VN",
        "case": ledger.case.pk,
        "notes": "",
        "sharing": "national",
        "handling_code": "H0",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-drug": "heroin",
        "items-0-quantity": "3.5",
        "items-0-unit": "kg",
        "items-1-drug": "",
        "items-1-quantity": "",
        "items-1-unit": "",
        "arrests-TOTAL_FORMS": "1",
        "arrests-INITIAL_FORMS": "0",
        "arrests-0-nationality": "vn",
        "arrests-0-count": "2",
    }
    data.update(overrides)
    return data


def test_create_incident_through_the_form(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    assert client.get("/seizures/incidents/new/").status_code == 200
    response = client.post("/seizures/incidents/new/", _post_data(ledger))
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get(ref="QN-NEW")
    assert incident.origin == "LA" and incident.case == ledger.case
    assert [(i.drug, str(i.quantity)) for i in incident.items.all()] == [("heroin", "3.500")]
    assert incident.arrested_count == 2
    assert response["Location"] == f"/seizures/incidents/{incident.pk}/"


def test_incident_records_a_border_gate_the_officer_may_see(cast, ledger):
    gate = Location.objects.create(
        owner_agency=cast.sekong, sharing="partners", kind="border_gate",
        name="ດ່ານສາກົນ ດາກຕະອອກ",
    )  # fmt: skip
    foreign = Location.objects.create(
        owner_agency=cast.kh_add, sharing="agency", kind="border_gate", name="Bavet"
    )
    hotspot = Location.objects.create(
        owner_agency=cast.quang_nam, sharing="national", kind="hotspot", name="Bến xe A Xan"
    )
    client = cast.client_for(cast.vn_officer)
    form_page = client.get("/seizures/incidents/new/")
    choices = {str(c[0]) for c in form_page.context["form"].fields["border_gate"].choices}
    assert str(gate.pk) in choices
    assert str(foreign.pk) not in choices and str(hotspot.pk) not in choices

    refused = client.post("/seizures/incidents/new/", _post_data(ledger, border_gate=foreign.pk))
    assert refused.status_code == 400
    assert refused.context["form"].errors["border_gate"]
    assert not Incident.objects.filter(ref="QN-NEW").exists()

    response = client.post("/seizures/incidents/new/", _post_data(ledger, border_gate=gate.pk))
    assert response.status_code == 302
    incident = Incident.objects.get(ref="QN-NEW")
    assert incident.border_gate == gate
    assert incident.border_gate == gate
    page = client.get(f"/seizures/incidents/{incident.pk}/").content.decode()
    assert "ດ່ານສາກົນ ດາກຕະອອກ" in page
    edit = client.get(f"/seizures/incidents/{incident.pk}/edit/")
    assert edit.context["form"].initial["border_gate"] == gate.pk


def test_an_arrest_names_a_registry_person_found_with_the_picker(cast, ledger):
    courier = make_person(
        cast.sekong, "XE-7", names=["ບຸນມີ ພົມມະຈັນ", "Bounmy Phommachan"], sharing="partners"
    )
    hidden = make_person(cast.kh_add, "KH-7", names=["Bounmy Phommachanh"])
    client = cast.client_for(cast.vn_officer)
    page = client.get("/seizures/incidents/new/").content.decode()
    assert 'name="arrests-0-person_q"' in page and "/registry/persons/options/" in page
    options = client.get(
        "/registry/persons/options/",
        {"field": "arrests-0-person", "arrests-0-person_q": "bounmy phommachan"},
    ).content.decode()
    assert f'name="arrests-0-person" value="{courier.pk}"' in options
    assert f'value="{hidden.pk}"' not in options

    overrides = {"arrests-0-nationality": "LA", "arrests-0-count": "1"}
    refused = client.post(
        "/seizures/incidents/new/",
        _post_data(ledger, **overrides, **{"arrests-0-person": hidden.pk}),
    )
    assert refused.status_code == 400 and not Incident.objects.filter(ref="QN-NEW").exists()
    response = client.post(
        "/seizures/incidents/new/",
        _post_data(ledger, **overrides, **{"arrests-0-person": courier.pk}),
    )
    assert response.status_code == 302
    incident = Incident.objects.get(ref="QN-NEW")
    assert incident.arrests.get().person == courier
    edit = client.get(f"/seizures/incidents/{incident.pk}/edit/").content.decode()
    assert f'value="{courier.pk}" checked' in edit and "ບຸນມີ ພົມມະຈັນ" in edit


def test_the_service_refuses_a_cancelled_or_foreign_border_gate(cast, ledger):
    from dataclasses import replace

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from liaison.seizures import services
    from liaison.seizures.validation import ArrestInput, IncidentInput, ItemInput

    cancelled = Location.objects.create(
        owner_agency=cast.quang_nam, sharing="national", kind="border_gate", name="Cũ",
        cancelled_at=timezone.now(), cancel_reason="đóng cửa",
    )  # fmt: skip
    foreign = Location.objects.create(
        owner_agency=cast.kh_add, sharing="agency", kind="border_gate", name="Bavet"
    )
    data = IncidentInput(
        ref="QN-GATE", agency_id=ledger.qn1.agency_id, occurred_on=date(2024, 6, 10),
        country="VN", province_id=ledger.quang_nam_area.pk, modus="land",
        items=[ItemInput(drug="heroin", quantity=Decimal("1"), unit="kg")],
        arrests=[ArrestInput(nationality="VN", count=1)],
    )  # fmt: skip
    for gate in (cancelled, foreign):
        with pytest.raises(ValidationError) as error:
            services.incident_create(
                actor=cast.vn_officer, data=replace(data, border_gate_id=gate.pk)
            )
        assert "Unknown border gate." in error.value.message_dict["border_gate"]
    assert not Incident.objects.filter(ref="QN-GATE").exists()


def test_service_errors_land_on_their_field_and_nothing_is_written(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        "/seizures/incidents/new/",
        _post_data(ledger, occurred_on="2099-01-01", **{"items-0-unit": "plants"}),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["occurred_on"]
    assert not Incident.objects.filter(ref="QN-NEW").exists()


def test_item_errors_are_shown_above_the_rows(cast, ledger):
    response = cast.client_for(cast.vn_officer).post(
        "/seizures/incidents/new/",
        _post_data(ledger, **{"items-0-drug": "", "items-0-quantity": "", "items-0-unit": ""}),
    )
    assert response.status_code == 400
    assert "Record at least one seized item." in response.content.decode()


def test_add_row_button_keeps_the_entered_values(cast, ledger):
    response = cast.client_for(cast.vn_officer).post(
        "/seizures/incidents/new/", {**_post_data(ledger), "add_items": "1"}
    )
    assert response.status_code == 200
    assert response.context["items"].total_form_count() == 3
    assert not Incident.objects.filter(ref="QN-NEW").exists()


def test_edit_keeps_previous_values_in_the_audit(cast, ledger):
    client = cast.client_for(cast.vn_supervisor)
    url = f"/seizures/incidents/{ledger.qn2.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="QN-2"' in page.content.decode()
    data = _post_data(
        ledger, ref="QN-2", occurred_on="2023-06-01", district="", case="", origin="",
        destination="", **{"items-0-drug": "cannabis_herb", "items-0-quantity": "12"},
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(verb="seizures.incident_update").get()
    assert event.object_id == str(ledger.qn2.pk)
    assert "items" in event.changes


def test_only_writers_of_the_recording_agency_or_above_may_change(cast, ledger):
    # visible but not theirs: 403; not visible: 404; no writing role: 403
    assert (
        cast.client_for(cast.la_officer)
        .get(f"/seizures/incidents/{ledger.qn1.pk}/edit/")
        .status_code
        == 403
    )
    assert (
        cast.client_for(cast.vn_district_officer)
        .get(f"/seizures/incidents/{ledger.qn2.pk}/edit/")
        .status_code
        == 403
    )
    assert (
        cast.client_for(cast.outsider).get(f"/seizures/incidents/{ledger.qn1.pk}/edit/").status_code
        == 404
    )
    assert cast.client_for(cast.vn_auditor).get("/seizures/incidents/new/").status_code == 403
    assert cast.client_for(cast.vn_admin).get("/seizures/import/").status_code == 403
    # the province officer corrects the district's incident (above it)
    assert (
        cast.client_for(cast.vn_officer)
        .get(f"/seizures/incidents/{ledger.ng1.pk}/edit/")
        .status_code
        == 200
    )


def test_cancel_needs_a_reason(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    url = f"/seizures/incidents/{ledger.qn2.pk}/cancel/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"reason": "Duplicate of QN-1"})
    assert response.status_code == 302
    ledger.qn2.refresh_from_db()
    assert ledger.qn2.cancelled_at is not None and ledger.qn2.cancel_reason == "Duplicate of QN-1"
    assert cast.client_for(cast.outsider).post(url, {"reason": "x"}).status_code == 404


def test_area_options_follow_country_and_date(cast, ledger):
    client = cast.client_for(cast.vn_officer)
    body = client.get("/seizures/areas/", {"country": "VN", "occurred_on": "2024-01-01"})
    assert "Quảng Nam" in body.content.decode()
    after = client.get("/seizures/areas/", {"country": "VN", "occurred_on": "2025-08-01"})
    assert "Quảng Nam" not in after.content.decode()
    districts = client.get(
        "/seizures/areas/", {"country": "VN", "province": ledger.quang_nam_area.pk}
    )
    assert "Nam Giang" in districts.content.decode()


CSV_HEADER = (
    "incident_ref,date,country,province,district,modus,drug,quantity,unit,arrested,"
    "origin,transit,destination,case_code\n"
)


def _upload(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_upload_shows_counts(cast, ledger):
    text = CSV_HEADER + "IMP-1,2024-05-05,VN,VN-27,Nam Giang,land,heroin,2,kg,VN:2,LA,,VN,\n"
    response = cast.client_for(cast.vn_officer).post(
        "/seizures/import/", {"agency": cast.quang_nam.pk, "file": _upload("a.csv", text)}
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    assert response.context["result"].created == 1
    assert "Imported 1 rows: 1 incidents (1 new, 0 replaced)." in response.content.decode()
    assert Incident.objects.filter(ref="IMP-1", agency=cast.quang_nam).exists()


def test_import_upload_lists_row_errors_and_writes_nothing(cast, ledger):
    text = (
        CSV_HEADER
        + "IMP-1,2024-05-05,VN,VN-27,,land,heroin,2,kg,,,,,\n"
        + "IMP-2,2024-05-05,VN,VN-27,,land,unicorn,2,kg,,,,,\n"
    )
    response = cast.client_for(cast.vn_officer).post(
        "/seizures/import/", {"agency": cast.quang_nam.pk, "file": _upload("a.csv", text)}
    )
    assert response.status_code == 400
    errors = response.context["row_errors"]
    assert [(e.row, e.column) for e in errors] == [(3, "drug")]
    assert "Nothing was imported" in response.content.decode()
    assert not Incident.objects.filter(ref__startswith="IMP-").exists()


def test_import_agency_choices_are_own_agency_and_sub_units(cast, ledger):
    response = cast.client_for(cast.vn_officer).post(
        "/seizures/import/",
        {"agency": cast.sekong.pk, "file": _upload("a.csv", CSV_HEADER)},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["agency"]


def test_pages_need_sign_in(cast, ledger):
    client = cast.client_for(None)
    for url in ("/seizures/", f"/seizures/incidents/{ledger.qn1.pk}/", "/seizures/import/"):
        assert client.get(url).status_code == 302


def test_ledger_page_date_is_dd_mm_yyyy(cast, ledger):
    IncidentFactory(
        ref="DATE", agency=cast.quang_nam, province=ledger.quang_nam_area,
        occurred_on=date(2024, 12, 31),
    )  # fmt: skip
    assert "31/12/2024" in cast.client_for(cast.vn_officer).get("/seizures/").content.decode()
