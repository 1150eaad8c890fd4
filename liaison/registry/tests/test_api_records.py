"""API of organisations, vehicles, phones, locations and relationships: scope, search,
pinned queries, writes through the services, cancel, bad input as 400 naming the field."""

from __future__ import annotations

import json

import pytest

from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.core.testing.scope import assert_scoped
from liaison.registry.models import Organisation, Relationship, Vehicle
from liaison.registry.services_records import (
    location_create,
    organisation_create,
    phone_create,
    relationship_create,
    vehicle_create,
)
from liaison.registry.tests.helpers import LAO_NAME, make_person

pytestmark = pytest.mark.django_db

API = "/api/v1/registry/"
PARTNERS = SharingLevel.PARTNERS
LAO_COMPANY = "ບໍລິສັດ ສີສະຫວາດ ການຄ້າ"


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def records(cast):
    person = make_person(cast.sekong, "LA-1", sharing=PARTNERS)
    organisation = organisation_create(
        actor=None,
        owner_agency=cast.sekong,
        name=LAO_COMPANY,
        kind="front_company",
        registrations=[{"number": "ENT-01/234", "country": "LA"}],
        officers=[{"person": person, "role": "director"}],
        sharing=PARTNERS,
    )
    return {
        "organisations": organisation,
        "vehicles": vehicle_create(
            actor=None, owner_agency=cast.sekong, plate="ກຂ 1234", kind="truck", sharing=PARTNERS
        ),
        "phones": phone_create(
            actor=None,
            owner_agency=cast.sekong,
            number="020 5555 1234",
            country="LA",
            sharing=PARTNERS,
        ),
        "locations": location_create(
            actor=None, owner_agency=cast.sekong, kind="hotspot", name="ບ້ານ ລະມາມ", sharing=PARTNERS
        ),
        "relationships": relationship_create(
            actor=None,
            owner_agency=cast.sekong,
            kind="leads",
            from_record=person,
            to_record=organisation,
            sharing=PARTNERS,
        ),
        "person": person,
    }


@pytest.mark.parametrize(
    "kind", ["organisations", "vehicles", "phones", "locations", "relationships"]
)
def test_detail_and_list_are_scoped_and_reads_audited(cast, records, kind):
    record = records[kind]
    url = f"{API}{kind}/{record.pk}/"
    assert_scoped(cast, url, allowed=[cast.la_officer, cast.vn_officer], denied=[cast.outsider])
    assert (
        AuditEvent.objects.filter(
            verb=f"registry.{kind[:-1]}_read", object_id=str(record.pk)
        ).count()
        == 2
    )
    assert cast.client_for(cast.outsider).get(f"{API}{kind}/").json()["results"] == []
    ids = [r["id"] for r in cast.client_for(cast.vn_officer).get(f"{API}{kind}/").json()["results"]]
    assert ids == [record.pk]


def test_shapes_keep_what_was_written(cast, records):
    client = cast.client_for(cast.la_officer)
    organisation = client.get(f"{API}organisations/{records['organisations'].pk}/").json()
    assert organisation["name"] == LAO_COMPANY and organisation["script"] == "lao"
    assert organisation["registrations"] == [{"number": "ENT-01/234", "country": "LA"}]
    assert organisation["officers"] == [{"person": records["person"].pk, "role": "director"}]
    vehicle = client.get(f"{API}vehicles/{records['vehicles'].pk}/").json()
    assert (vehicle["plate"], vehicle["plate_normalized"]) == ("ກຂ 1234", "ກຂ1234")
    phone = client.get(f"{API}phones/{records['phones'].pk}/").json()
    assert phone["number_normalized"] == "+8562055551234"
    relationship = client.get(f"{API}relationships/{records['relationships'].pk}/").json()
    assert relationship["from_record"] == {
        "type": "person",
        "id": records["person"].pk,
        "label": LAO_NAME,
    }
    assert relationship["to_record"]["label"] == LAO_COMPANY


def test_officers_out_of_scope_are_left_out(cast, records):
    # the director back to agency level: Quảng Nam sees the company without its director
    records["person"].sharing = SharingLevel.AGENCY
    records["person"].save()
    data = (
        cast.client_for(cast.vn_officer)
        .get(f"{API}organisations/{records['organisations'].pk}/")
        .json()
    )
    assert data["officers"] == []


@pytest.mark.parametrize(
    ("kind", "q", "found"),
    [
        ("organisations", "ສີສະຫວາດ", True),
        ("organisations", "ent01234", True),
        ("vehicles", "ກຂ1234", True),
        ("vehicles", "zz9", False),
        ("phones", "5555 1234", True),
        ("locations", "ລະມາມ", True),
    ],
)
def test_search(cast, records, kind, q, found):
    data = cast.client_for(cast.la_officer).get(f"{API}{kind}/", {"q": q}).json()
    assert [r["id"] for r in data["results"]] == ([records[kind].pk] if found else [])


def test_lists_keep_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    ring = organisation_create(actor=None, owner_agency=cast.quang_nam, name="Ring", kind="ring")
    for n in range(15):
        person = make_person(cast.quang_nam, f"VN-{n}", names=[f"Trần Văn {n}"])
        vehicle_create(actor=None, owner_agency=cast.quang_nam, plate=f"92C-{n:05d}", kind="car")
        organisation_create(
            actor=None,
            owner_agency=cast.quang_nam,
            name=f"Công ty {n}",
            kind="company",
            names=[f"Cong ty {n}"],
            registrations=[f"R{n}"],
        )
        relationship_create(
            actor=None,
            owner_agency=cast.quang_nam,
            kind="member_of",
            from_record=person,
            to_record=ring,
        )
    client = cast.client_for(cast.vn_officer)
    for kind in ("organisations", "vehicles", "relationships"):
        client.get(f"{API}{kind}/")
        with django_assert_max_num_queries(10):
            data = client.get(f"{API}{kind}/").json()
        assert len(data["results"]) >= 15


def test_create_update_cancel_through_services(cast):
    client = cast.client_for(cast.vn_officer)
    response = send(
        client, "post", f"{API}vehicles/", {"plate": "92C-123.45", "kind": "truck", "country": "VN"}
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["plate_normalized"], data["owner_agency"]) == ("92C12345", cast.quang_nam.code)
    url = f"{API}vehicles/{data['id']}/"
    response = send(client, "patch", url, {"description": "Hino, blue"})
    assert response.status_code == 200 and response.json()["description"] == "Hino, blue"
    assert response.json()["plate"] == "92C-123.45"  # unchanged fields stay
    assert send(client, "post", f"{url}cancel/", {}).status_code == 400
    response = send(client, "post", f"{url}cancel/", {"reason": "Wrong plate"})
    assert response.status_code == 200 and response.json()["cancel_reason"] == "Wrong plate"
    assert client.get(f"{API}vehicles/").json()["results"] == []
    assert send(client, "patch", url, {"description": "x"}).status_code == 400
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "registry.vehicle_create",
        "registry.vehicle_update",
        "registry.vehicle_cancel",
    } <= verbs


def test_organisation_with_children(cast):
    client = cast.client_for(cast.la_officer)
    response = send(
        client,
        "post",
        f"{API}organisations/",
        {
            "name": LAO_COMPANY,
            "kind": "front_company",
            "names": [{"text": "Sisavath Trading", "kind": "romanization"}],
            "registrations": [{"number": "ENT-01/234", "country": "LA"}],
            "addresses": ["ບ້ານ ລະມາມ"],
            "sharing": "partners",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["names"][0]["text"] == "Sisavath Trading"
    assert Organisation.objects.get().registrations.get().number == "ENT01234"


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("vehicles", {"plate": " -.- ", "kind": "car"}, "plate"),
        ("vehicles", {"plate": "92C-1", "kind": "car", "country": "ZZ"}, "country"),
        ("phones", {"number": "call me"}, "number"),
        ("locations", {"kind": "hotspot", "name": "X", "latitude": "15"}, "longitude"),
        ("organisations", {"name": "123", "kind": "company"}, "name"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(cast, kind, data, field):
    response = send(cast.client_for(cast.vn_officer), "post", f"{API}{kind}/", data)
    assert response.status_code == 400 and field in response.json()
    assert not AuditEvent.objects.filter(verb__startswith="registry.").exists()


def test_writes_refused_by_role_and_ownership(cast, records):
    vehicle = records["vehicles"]
    # Quảng Nam sees Sekong's vehicle but may not change it; the outsider does not see it
    response = send(
        cast.client_for(cast.vn_officer), "patch", f"{API}vehicles/{vehicle.pk}/", {"kind": "car"}
    )
    assert response.status_code == 403
    response = send(
        cast.client_for(cast.outsider), "patch", f"{API}vehicles/{vehicle.pk}/", {"kind": "car"}
    )
    assert response.status_code == 404
    response = send(
        cast.client_for(cast.la_auditor), "post", f"{API}vehicles/", {"plate": "1", "kind": "car"}
    )
    assert response.status_code == 403
    assert Vehicle.objects.get(pk=vehicle.pk).kind == "truck"


def test_relationship_ends_must_be_visible(cast, records):
    client = cast.client_for(cast.vn_officer)
    mine = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"])
    hidden = make_person(cast.sekong, "LA-HIDDEN")  # agency level: Quảng Nam cannot see it
    base = {"kind": "associate", "from_record": {"type": "person", "id": mine.pk}}
    response = send(
        client,
        "post",
        f"{API}relationships/",
        {**base, "to_record": {"type": "person", "id": hidden.pk}},
    )
    assert response.status_code == 400 and "to_record" in response.json()
    response = send(
        client,
        "post",
        f"{API}relationships/",
        {**base, "to_record": {"type": "person", "id": records["person"].pk}},
    )
    assert response.status_code == 201, response.json()
    created = Relationship.objects.get(pk=response.json()["id"])
    assert (created.from_person, created.to_person) == (mine, records["person"])
    # ends are fixed: an update may not move them
    response = send(
        client,
        "patch",
        f"{API}relationships/{created.pk}/",
        {"to_record": {"type": "person", "id": mine.pk}},
    )
    assert response.status_code == 200
    created.refresh_from_db()
    assert created.to_person == records["person"]
