"""The ledger's write services: validation, permission, audit, corrections, cancellation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.cases.models import CaseParticipant, JointCase
from liaison.core.models import AuditEvent
from liaison.seizures.models import DrugConversion, Incident, SeizedItem
from liaison.seizures.services import (
    conversion_set,
    incident_cancel,
    incident_create,
    incident_update,
)
from liaison.seizures.tests.factories import IncidentFactory, make_ledger_areas
from liaison.seizures.validation import ArrestInput, IncidentInput, ItemInput, ledger_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(cast):
    return make_ledger_areas()


def incident_input(cast, areas, **changes) -> IncidentInput:
    data = IncidentInput(
        ref="QN-2024-001",
        agency_id=cast.quang_nam.pk,
        occurred_on=date(2024, 5, 2),
        country="VN",
        province_id=areas.quang_nam.pk,
        district_id=areas.nam_giang.pk,
        modus="land",
        origin="LA",
        transit=["KH"],
        destination="VN",
        items=[
            ItemInput(drug="meth_tablets", quantity=Decimal("20000"), unit="tablets"),
            ItemInput(drug="heroin", quantity=Decimal("1.5"), unit="kg"),
        ],
        arrests=[ArrestInput(nationality="VN", count=2), ArrestInput(nationality="LA")],
    )
    return replace(data, **changes)


def error_dict(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_create_writes_incident_items_arrests_and_audit(cast, areas):
    incident = incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))

    incident.refresh_from_db()
    assert incident.arrested_count == 3
    assert incident.seized_kg == Decimal("3.5")  # 20,000 tablets × 0.1 g + 1.5 kg
    assert incident.transit == "KH"
    assert incident.route == "LA → KH → VN"
    assert incident.created_by == cast.vn_officer
    items = list(incident.items.order_by("id"))
    assert [(i.drug, i.kg, i.conversion) for i in items] == [
        ("meth_tablets", Decimal("2"), "1 tablet = 0.1 g"),
        ("heroin", Decimal("1.5"), ""),
    ]
    assert sorted((a.nationality, a.count) for a in incident.arrests.all()) == [
        ("LA", 1),
        ("VN", 2),
    ]
    event = AuditEvent.objects.get(verb="seizures.incident_create")
    assert event.object_id == str(incident.pk)
    assert event.changes["items"][0]["quantity"] == "20000"
    assert event.changes["arrests"][0] == {"nationality": "VN", "count": 2, "person": None}


def test_create_calls_rollup_refresh_with_the_month(cast, areas):
    with mock.patch("liaison.seizures.services.rollup.refresh") as refresh:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    refresh.assert_called_once_with(partitions={(cast.quang_nam.pk, date(2024, 5, 1))})


def test_a_configured_conversion_is_used(cast, areas):
    DrugConversion.objects.create(drug="meth_tablets", unit="tablets", kg_per_unit="0.00009")
    incident = incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    item = incident.items.get(drug="meth_tablets")
    assert item.kg == Decimal("1.8")
    assert item.conversion == "1 tablet = 0.09 g"


def test_district_officer_records_for_own_agency_and_province_officer_for_sub_units(cast, areas):
    data = incident_input(cast, areas, agency_id=cast.nam_giang.pk)
    assert incident_create(actor=cast.vn_officer, data=data).agency == cast.nam_giang
    with pytest.raises(PermissionDenied):
        incident_create(
            actor=cast.vn_district_officer, data=incident_input(cast, areas, ref="other")
        )


@pytest.mark.parametrize("who", ["la_officer", "outsider", "vn_auditor"])
def test_others_may_not_record_for_quang_nam(cast, areas, who):
    with pytest.raises(PermissionDenied):
        incident_create(actor=getattr(cast, who), data=incident_input(cast, areas))
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"occurred_on": "tomorrow"}, "occurred_on", "in the future"),
        ({"occurred_on": date(2025, 8, 1), "district_id": None}, "province", "did not exist"),
        ({"country": "LA"}, "province", "does not belong to the country LA"),
        ({"country": "XX"}, "country", "Unknown country"),
        ({"district_id": "lamam"}, "district", "is not in the province"),
        ({"modus": "teleport"}, "modus", "Unknown modus"),
        ({"origin": "ZZ"}, "origin", "not an ISO 3166 alpha-2"),
        ({"transit": ["TH", "Q1"]}, "transit", "“Q1”"),
        ({"destination": "vn"}, "destination", "not an ISO 3166"),
        ({"latitude": Decimal("91"), "longitude": Decimal("10")}, "latitude", "between -90"),
        ({"latitude": Decimal("10")}, "latitude", "both latitude and longitude"),
        ({"longitude": Decimal("200"), "latitude": Decimal("1")}, "longitude", "-180"),
        ({"items": []}, "items", "at least one"),
        ({"ref": " "}, "ref", "required"),
        ({"sharing": "everyone"}, "sharing", "sharing level"),
    ],
)
def test_each_bad_field_is_named(cast, areas, changes, field, fragment):
    if changes.get("occurred_on") == "tomorrow":
        changes["occurred_on"] = ledger_today() + timedelta(days=1)
    if changes.get("district_id") == "lamam":
        changes["district_id"] = areas.lamam.pk
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas, **changes))
    errors = error_dict(excinfo)
    assert field in errors, errors
    assert any(fragment in message for message in errors[field]), errors[field]
    assert not Incident.objects.exists()
    assert not SeizedItem.objects.exists()


def test_quang_nam_existed_until_the_merger_and_da_nang_2025_after(cast, areas):
    last_day = incident_input(cast, areas, occurred_on=date(2025, 6, 30))
    assert incident_create(actor=cast.vn_officer, data=last_day).province == areas.quang_nam
    after = incident_input(
        cast,
        areas,
        ref="after",
        occurred_on=date(2025, 7, 1),
        province_id=areas.da_nang_2025.pk,
        district_id=None,
    )
    assert incident_create(actor=cast.vn_officer, data=after).province == areas.da_nang_2025
    district_after = incident_input(
        cast, areas, ref="x", occurred_on=date(2025, 7, 1), province_id=areas.da_nang_2025.pk
    )
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=district_after)
    assert "is not in the province" in error_dict(excinfo)["district"][0]


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        (ItemInput(drug="sugar", quantity=Decimal("1"), unit="kg"), "Unknown drug type “sugar”"),
        (ItemInput(drug="heroin", quantity=Decimal("1"), unit="pound"), "Unknown unit “pound”"),
        (ItemInput(drug="heroin", quantity=Decimal("-2"), unit="kg"), "greater than zero"),
        (ItemInput(drug="heroin", quantity=Decimal("0"), unit="kg"), "greater than zero"),
        (ItemInput(drug="heroin", quantity=Decimal("100001"), unit="kg"), "Absurd quantity"),
        (
            ItemInput(drug="meth_tablets", quantity=Decimal("2000000000"), unit="tablets"),
            "Absurd quantity",
        ),
    ],
)
def test_bad_items_name_their_row(cast, areas, item, fragment):
    good = ItemInput(drug="heroin", quantity=Decimal("1"), unit="kg")
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas, items=[good, item]))
    messages = error_dict(excinfo)["items"]
    assert len(messages) == 1
    assert messages[0].startswith("Item 2: ")
    assert fragment in messages[0]


def test_ceilings_are_configurable(cast, areas, settings):
    settings.LIAISON_SEIZURE_MAX_QUANTITY = {"kg": 1}
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    assert "ceiling of 1" in error_dict(excinfo)["items"][0]


def test_bad_arrests_name_their_row(cast, areas):
    arrests = [ArrestInput(nationality="VN"), ArrestInput(nationality="XX", count=2)]
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas, arrests=arrests))
    assert error_dict(excinfo)["arrests"] == [
        "Arrest 2: “XX” is not an ISO 3166 alpha-2 nationality."
    ]


def test_arrested_person_must_be_visible_to_the_actor(cast, areas):
    from liaison.registry.models import Person

    hidden = Person.objects.create(owner_agency=cast.kh_add, ref="KH-1", sharing="agency")
    arrests = [ArrestInput(nationality="KH", person_id=hidden.pk)]
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas, arrests=arrests))
    assert error_dict(excinfo)["arrests"] == ["Arrest 1: unknown person."]
    own = Person.objects.create(owner_agency=cast.quang_nam, ref="QN-1")
    arrests = [ArrestInput(nationality="VN", person_id=own.pk)]
    incident = incident_create(
        actor=cast.vn_officer, data=incident_input(cast, areas, arrests=arrests)
    )
    assert incident.arrests.get().person == own


def test_case_must_be_one_the_recording_agency_participates_in(cast, areas):
    case = JointCase.objects.create(code="522H", title="Ring", lead_agency=cast.c04)
    CaseParticipant.objects.create(case=case, agency=cast.c04)
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas, case_id=case.pk))
    assert "does not participate" in error_dict(excinfo)["case"][0]
    CaseParticipant.objects.create(case=case, agency=cast.quang_nam)
    incident = incident_create(
        actor=cast.vn_officer, data=incident_input(cast, areas, case_id=case.pk)
    )
    assert incident.case == case


def test_reference_is_unique_per_agency(cast, areas):
    incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    with pytest.raises(ValidationError) as excinfo:
        incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    assert "already has an incident" in error_dict(excinfo)["ref"][0]
    assert Incident.objects.count() == 1


def test_update_keeps_the_previous_values_in_the_audit(cast, areas):
    incident = incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    corrected = incident_input(
        cast,
        areas,
        occurred_on=date(2024, 6, 3),
        items=[ItemInput(drug="heroin", quantity=Decimal("2"), unit="kg")],
        arrests=[ArrestInput(nationality="LA", count=4)],
    )
    with mock.patch("liaison.seizures.services.rollup.refresh") as refresh:
        incident_update(actor=cast.vn_supervisor, incident=incident, data=corrected)

    incident.refresh_from_db()
    assert incident.arrested_count == 4
    assert [(i.drug, i.quantity) for i in incident.items.all()] == [("heroin", Decimal("2"))]
    event = AuditEvent.objects.get(verb="seizures.incident_update")
    assert event.changes["occurred_on"] == ["2024-05-02", "2024-06-03"]
    assert event.changes["arrested_count"] == [3, 4]
    old_items, new_items = event.changes["items"]
    assert [i["drug"] for i in old_items] == ["meth_tablets", "heroin"]
    assert new_items == [
        {
            "drug": "heroin",
            "substance": "",
            "quantity": "2",
            "unit": "kg",
            "kg": "2",
            "conversion": "",
        }
    ]
    assert event.changes["arrests"][0][0]["nationality"] == "VN"
    refresh.assert_called_once_with(
        partitions={(cast.quang_nam.pk, date(2024, 5, 1)), (cast.quang_nam.pk, date(2024, 6, 1))}
    )


def test_update_is_all_or_nothing(cast, areas):
    incident = incident_create(actor=cast.vn_officer, data=incident_input(cast, areas))
    bad = incident_input(cast, areas, items=[ItemInput(drug="x", quantity=Decimal(1), unit="kg")])
    with pytest.raises(ValidationError):
        incident_update(actor=cast.vn_officer, incident=incident, data=bad)
    assert incident.items.count() == 2


def test_update_needs_write_permission_on_the_incident(cast, areas):
    incident = IncidentFactory(agency=cast.quang_nam, province=areas.quang_nam)
    with pytest.raises(PermissionDenied):
        incident_update(actor=cast.la_officer, incident=incident, data=incident_input(cast, areas))


def test_cancel_needs_a_reason_and_is_audited(cast, areas):
    incident = IncidentFactory(agency=cast.quang_nam, province=areas.quang_nam)
    with pytest.raises(ValidationError) as excinfo:
        incident_cancel(actor=cast.vn_officer, incident=incident, reason="  ")
    assert "reason" in error_dict(excinfo)
    incident.refresh_from_db()
    assert incident.cancelled_at is None

    incident_cancel(actor=cast.vn_officer, incident=incident, reason="Recorded twice")
    incident.refresh_from_db()
    assert incident.cancelled_at is not None
    assert incident.cancel_reason == "Recorded twice"
    assert Incident.objects.live().count() == 0
    assert Incident.objects.count() == 1  # never deleted
    event = AuditEvent.objects.get(verb="seizures.incident_cancel")
    assert event.changes["reason"] == "Recorded twice"
    with pytest.raises(ValidationError):
        incident_cancel(actor=cast.vn_officer, incident=incident, reason="again")
    with pytest.raises(ValidationError):
        incident_update(actor=cast.vn_officer, incident=incident, data=incident_input(cast, areas))


def test_cancel_by_someone_outside_the_agency_is_refused(cast, areas):
    incident = IncidentFactory(agency=cast.quang_nam, province=areas.quang_nam)
    with pytest.raises(PermissionDenied):
        incident_cancel(actor=cast.outsider, incident=incident, reason="no")


def test_conversion_set_renormalizes_items_and_is_audited(cast, areas):
    incident = IncidentFactory(
        agency=cast.quang_nam,
        province=areas.quang_nam,
        items=[("meth_tablets", 10000, "tablets"), ("heroin", 1, "kg")],
    )
    conversion = conversion_set(
        actor=cast.platform_admin,
        drug="meth_tablets",
        unit="tablets",
        kg_per_unit=Decimal("0.0002"),
    )
    assert conversion.kg_per_unit == Decimal("0.0002")
    item = incident.items.get(drug="meth_tablets")
    assert item.kg == Decimal("2")
    assert item.conversion == "1 tablet = 0.2 g"
    incident.refresh_from_db()
    assert incident.seized_kg == Decimal("3")
    event = AuditEvent.objects.get(verb="seizures.conversion_set")
    assert event.changes["items_renormalized"] == 1
    conversion_set(actor=None, drug="meth_tablets", unit="tablets", kg_per_unit=Decimal("0.0001"))
    assert DrugConversion.objects.count() == 1


def test_conversion_set_checks_its_input_and_role(cast):
    with pytest.raises(PermissionDenied):
        conversion_set(actor=cast.vn_officer, drug="mdma", unit="tablets", kg_per_unit=Decimal(1))
    with pytest.raises(ValidationError) as excinfo:
        conversion_set(actor=None, drug="sugar", unit="kg", kg_per_unit=Decimal("-1"))
    assert set(excinfo.value.message_dict) == {"drug", "unit", "kg_per_unit"}
