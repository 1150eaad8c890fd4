"""Pages of organisations, vehicles, phones, locations and relationships, and the person
edit page: scope (404 out of scope), search, pinned queries, create/edit/cancel through
the services, audited reads, relationships on both ends' pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.core.testing.scope import assert_scoped
from liaison.registry.models import Organisation, Person, Phone, Relationship, Vehicle
from liaison.registry.services_records import (
    location_create,
    organisation_create,
    phone_create,
    relationship_create,
    vehicle_create,
)
from liaison.registry.tests.helpers import LAO_NAME, make_person

pytestmark = pytest.mark.django_db

PARTNERS = SharingLevel.PARTNERS
LAO_COMPANY = "ບໍລິສັດ ສີສະຫວາດ ການຄ້າ"


@pytest.fixture
def records(cast):
    """One record of each kind, owned by Sekong and shared with partners (Quảng Nam)."""
    person = make_person(cast.sekong, "LA-1", sharing=PARTNERS)
    organisation = organisation_create(
        actor=None,
        owner_agency=cast.sekong,
        name=LAO_COMPANY,
        kind="front_company",
        names=[{"text": "Sisavath Trading", "kind": "romanization"}],
        registrations=[{"number": "ENT-01/234", "country": "LA"}],
        sharing=PARTNERS,
    )
    vehicle = vehicle_create(
        actor=None, owner_agency=cast.sekong, plate="ກຂ 1234", kind="truck", sharing=PARTNERS
    )
    phone = phone_create(
        actor=None, owner_agency=cast.sekong, number="020 5555 1234", country="LA", sharing=PARTNERS
    )
    location = location_create(
        actor=None, owner_agency=cast.sekong, kind="hotspot", name="ບ້ານ ລະມາມ", sharing=PARTNERS
    )
    relationship = relationship_create(
        actor=None,
        owner_agency=cast.sekong,
        kind="leads",
        from_record=person,
        to_record=organisation,
        sharing=PARTNERS,
    )
    return {
        "person": person,
        "organisation": organisation,
        "vehicle": vehicle,
        "phone": phone,
        "location": location,
        "relationship": relationship,
    }


KINDS = ["organisation", "vehicle", "phone", "location", "relationship"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_scoped(cast, records, kind):
    record = records[kind]
    allowed = [cast.la_officer, cast.vn_officer, cast.platform_admin]
    assert_scoped(
        cast, reverse(f"registry_{kind}", args=[record.pk]), allowed=allowed, denied=[cast.outsider]
    )
    # the writer's pages: another agency's record answers 403 (role), an unseen one 404
    assert_scoped(
        cast,
        reverse(f"registry_{kind}_edit", args=[record.pk]),
        allowed=[cast.la_officer],
        denied=[cast.outsider],
    )
    assert_scoped(
        cast,
        reverse(f"registry_{kind}_cancel", args=[record.pk]),
        allowed=[cast.la_officer],
        denied=[cast.outsider],
    )
    assert (
        cast.client_for(cast.vn_officer)
        .get(reverse(f"registry_{kind}_edit", args=[record.pk]))
        .status_code
        == 403
    )
    # lists: the outsider sees none of them
    listing = reverse(f"registry_{kind}s")
    assert cast.client_for(cast.outsider).get(listing).context["rows"] == []
    rows = cast.client_for(cast.vn_officer).get(listing).context["rows"]
    assert [row["record"] for row in rows] == [record]


def test_detail_is_an_audited_read_and_shows_names_as_written(cast, records):
    organisation = records["organisation"]
    response = cast.client_for(cast.vn_officer).get(
        reverse("registry_organisation", args=[organisation.pk])
    )
    body = response.content.decode()
    assert LAO_COMPANY in body and "Sisavath Trading" in body and "ENT-01/234" in body
    event = AuditEvent.objects.get(verb="registry.organisation_read")
    assert (event.actor, event.object_id) == (cast.vn_officer, str(organisation.pk))


def test_relationship_shown_on_both_ends_only_when_both_are_visible(cast, records):
    person, organisation = records["person"], records["organisation"]
    client = cast.client_for(cast.vn_officer)
    org_page = client.get(reverse("registry_organisation", args=[organisation.pk]))
    assert [s["relationship"] for s in org_page.context["relationships"]] == [
        records["relationship"]
    ]
    assert LAO_NAME in org_page.content.decode()  # the other end, as written
    person_page = client.get(reverse("registry_person", args=[person.pk]))
    assert [s["relationship"] for s in person_page.context["relationships"]] == [
        records["relationship"]
    ]
    assert LAO_COMPANY in person_page.content.decode()
    # the person back to agency level: Quảng Nam no longer sees the relationship
    Person.objects.filter(pk=person.pk).update(sharing=SharingLevel.AGENCY)
    org_page = client.get(reverse("registry_organisation", args=[organisation.pk]))
    assert org_page.context["relationships"] == []
    assert LAO_NAME not in org_page.content.decode()
    assert_scoped(
        cast,
        reverse("registry_relationship", args=[records["relationship"].pk]),
        allowed=[cast.la_officer],
        denied=[cast.vn_officer, cast.outsider],
    )


@pytest.mark.parametrize(
    ("kind", "q", "found"),
    [
        ("organisation", "sisavath", True),
        ("organisation", "ent01234", True),
        ("organisation", "nothing", False),
        ("vehicle", "ກຂ-1234", True),
        ("phone", "020 5555", True),
        ("phone", "999999", False),
        ("location", "ລະມາມ", True),
        ("relationship", "leads", True),
    ],
)
def test_search(cast, records, kind, q, found):
    response = cast.client_for(cast.la_officer).get(reverse(f"registry_{kind}s"), {"q": q})
    rows = [row["record"] for row in response.context["rows"]]
    assert rows == ([records[kind]] if found else [])


@pytest.mark.parametrize("kind", ["organisation", "vehicle", "phone", "location"])
def test_lists_are_paginated_with_fixed_queries(cast, kind, django_assert_max_num_queries):
    create = {
        "organisation": lambda n: organisation_create(
            actor=None,
            owner_agency=cast.quang_nam,
            name=f"Công ty {n}",
            kind="company",
            names=[f"Cong ty {n}"],
            registrations=[f"REG{n}"],
        ),
        "vehicle": lambda n: vehicle_create(
            actor=None, owner_agency=cast.quang_nam, plate=f"92C-{n:05d}", kind="car", country="VN"
        ),
        "phone": lambda n: phone_create(
            actor=None, owner_agency=cast.quang_nam, number=f"0905{n:06d}", country="VN"
        ),
        "location": lambda n: location_create(
            actor=None, owner_agency=cast.quang_nam, kind="hotspot", name=f"Điểm {n}"
        ),
    }[kind]
    for n in range(30):
        create(n)
    client = cast.client_for(cast.vn_officer)
    client.get(reverse(f"registry_{kind}s"))  # warm the session and scope caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"registry_{kind}s"))
    assert len(response.context["rows"]) == 25
    assert response.context["page_obj"].paginator.count == 30


def test_relationship_list_queries_do_not_grow(cast, django_assert_max_num_queries):
    ring = organisation_create(actor=None, owner_agency=cast.quang_nam, name="Ring", kind="ring")
    for n in range(12):
        person = make_person(cast.quang_nam, f"VN-{n}", names=[f"Trần Văn {n}"])
        relationship_create(
            actor=None,
            owner_agency=cast.quang_nam,
            kind="member_of",
            from_record=person,
            to_record=ring,
        )
    client = cast.client_for(cast.vn_officer)
    client.get(reverse("registry_relationships"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("registry_relationships"))
    assert len(response.context["rows"]) == 12
    assert "Trần Văn 11" in response.content.decode()


def test_create_edit_and_cancel_a_vehicle(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("registry_vehicle_create"),
        {
            "plate": "92C-123.45",
            "country": "VN",
            "kind": "truck",
            "sharing": "agency",
            "handling_code": "H0",
        },
    )
    vehicle = Vehicle.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry_vehicle", args=[vehicle.pk]
    )
    assert (vehicle.owner_agency, vehicle.plate) == (cast.quang_nam, "92C12345")
    response = client.post(
        reverse("registry_vehicle_edit", args=[vehicle.pk]),
        {"plate": "92C-999.99", "kind": "car", "sharing": "national", "handling_code": "H1"},
    )
    assert response.status_code == 302
    vehicle.refresh_from_db()
    assert (vehicle.plate, vehicle.kind, vehicle.sharing) == ("92C99999", "car", "national")
    # a reason is needed; nothing is cancelled without it
    response = client.post(reverse("registry_vehicle_cancel", args=[vehicle.pk]), {"reason": " "})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    vehicle.refresh_from_db()
    assert vehicle.cancelled_at is None
    client.post(reverse("registry_vehicle_cancel", args=[vehicle.pk]), {"reason": "Duplicate"})
    vehicle.refresh_from_db()
    assert (vehicle.cancel_reason, vehicle.cancelled_at is not None) == ("Duplicate", True)
    assert client.get(reverse("registry_vehicles")).context["rows"] == []
    assert client.get(reverse("registry_vehicle_edit", args=[vehicle.pk])).status_code == 404
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "registry.vehicle_create",
        "registry.vehicle_update",
        "registry.vehicle_cancel",
    } <= verbs


def test_bad_input_is_named_and_nothing_written(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("registry_phone_create"),
        {"number": "call me", "sharing": "agency", "handling_code": "H0"},
    )
    assert response.status_code == 200 and response.context["form"].errors["number"]
    response = client.post(
        reverse("registry_location_create"),
        {
            "kind": "hotspot",
            "name": "X",
            "latitude": "15",
            "sharing": "agency",
            "handling_code": "H0",
        },
    )
    assert response.context["form"].errors["longitude"]
    assert not Phone.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="registry.").exists()


def test_organisation_form_keeps_names_and_registrations(cast):
    client = cast.client_for(cast.la_officer)
    client.post(
        reverse("registry_organisation_create"),
        {
            "name": LAO_COMPANY,
            "kind": "front_company",
            "other_names": "Sisavath Trading\nSSV Co.",
            "registrations": "ENT-01/234; LA",
            "addresses": "ບ້ານ ລະມາມ",
            "sharing": "partners",
            "handling_code": "H0",
        },
    )
    organisation = Organisation.objects.get()
    assert [n.text for n in organisation.names.all()] == ["Sisavath Trading", "SSV Co."]
    assert organisation.registrations.get().country_id == "LA"
    edit = client.get(reverse("registry_organisation_edit", args=[organisation.pk]))
    assert edit.context["form"].initial["registrations"] == "ENT-01/234; LA"


def test_relationship_created_from_a_record_page_and_refused_for_unseen_ends(cast, records):
    client = cast.client_for(cast.la_officer)
    person = records["person"]
    form = client.get(
        reverse("registry_relationship_create"), {"from_type": "person", "from_id": person.pk}
    ).context["form"]
    assert form.initial == {"from_type": "person", "from_id": str(person.pk)}
    data = {
        "kind": "uses",
        "from_type": "person",
        "from_id": person.pk,
        "to_type": "vehicle",
        "to_id": records["vehicle"].pk,
        "sharing": "agency",
        "handling_code": "H0",
    }
    response = client.post(reverse("registry_relationship_create"), data)
    assert response.status_code == 302
    assert Relationship.objects.filter(kind="uses", to_vehicle=records["vehicle"]).exists()
    hidden = make_person(cast.quang_nam, "VN-HIDDEN", names=["Trần Văn Hải"])
    response = client.post(
        reverse("registry_relationship_create"),
        {**data, "to_type": "person", "to_id": hidden.pk, "kind": "associate"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Relationship.objects.filter(to_person=hidden).exists()


def test_auditor_may_read_but_not_write(cast, records):
    client = cast.client_for(cast.la_auditor)
    assert client.get(reverse("registry_vehicle_create")).status_code == 403
    response = client.get(reverse("registry_vehicle", args=[records["vehicle"].pk]))
    assert response.status_code == 200 and not response.context["may_edit"]


class TestPersonEdit:
    def test_edit_names_documents_flags_and_sharing(self, cast):
        person = make_person(
            cast.quang_nam,
            "VN-1",
            names=["Trần Văn Hải", {"text": "TRAN VAN HAI", "kind": "romanization"}],
            documents=[{"type": "passport", "number": "C1234567", "country": "VN"}],
        )
        client = cast.client_for(cast.vn_officer)
        url = reverse("registry_person_edit", args=[person.pk])
        form = client.get(url).context["form"]
        assert form.initial["aliases"] == "TRAN VAN HAI"
        assert form.initial["documents_text"] == "passport; C1234567; VN"
        response = client.post(
            url,
            {
                "primary_name": "Trần Văn Hải",
                "aliases": "TRAN VAN HAI\nHai Sẹo",
                "birth_date": "1975-03",
                "nationalities": ["VN"],
                "documents_text": "passport; C1234567; VN\nnational_id; 049075000123; VN",
                "status": ["subject", "wanted"],
                "warrant_ref": "QĐ-12/2025",
                "sharing": "partners",
                "handling_code": "H1",
            },
        )
        assert response.status_code == 302
        person = Person.objects.get(pk=person.pk)
        assert [(n.text, n.kind) for n in person.names.all()] == [
            ("Trần Văn Hải", "primary"),
            ("TRAN VAN HAI", "romanization"),
            ("Hai Sẹo", "alias"),
        ]
        assert person.documents.count() == 2
        assert (person.birth_date_text, person.status, person.sharing) == (
            "1975-03",
            ["subject", "wanted"],
            "partners",
        )
        assert person.warrant_ref == "QĐ-12/2025"
        assert AuditEvent.objects.filter(verb="registry.person_update").count() == 1

    def test_bad_input_is_named_and_nothing_changes(self, cast):
        person = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"])
        client = cast.client_for(cast.vn_officer)
        url = reverse("registry_person_edit", args=[person.pk])
        base = {"primary_name": "Trần Văn Hải", "sharing": "agency", "handling_code": "H0"}
        response = client.post(url, {**base, "birth_date": "2024-02-30"})
        assert response.status_code == 200 and response.context["form"].errors["birth_date"]
        response = client.post(url, {**base, "documents_text": "passport"})
        assert response.context["form"].errors["documents_text"]
        person.refresh_from_db()
        assert person.birth_date is None
        assert not AuditEvent.objects.filter(verb="registry.person_update").exists()

    def test_scope_and_role(self, cast):
        person = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], sharing=PARTNERS)
        url = reverse("registry_person_edit", args=[person.pk])
        assert_scoped(cast, url, allowed=[cast.vn_officer], denied=[cast.outsider])
        assert cast.client_for(cast.la_officer).get(url).status_code == 403
