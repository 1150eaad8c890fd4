"""Organisations, vehicles, phones, locations and relationships: normal forms,
visibility (both ends of a relationship), bad input, cancel, merge and audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from liaison.agencies.models import Area
from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.registry import selectors_records as selectors
from liaison.registry.models import (
    Location,
    Organisation,
    Phone,
    Relationship,
    Vehicle,
)
from liaison.registry.services_records import (
    RecordNotAvailable,
    location_create,
    normalize_phone,
    normalize_plate,
    organisation_create,
    organisation_merge,
    organisation_unmerge,
    phone_create,
    record_cancel,
    record_update,
    relationship_create,
    vehicle_create,
)
from liaison.registry.tests.helpers import make_person

PARTNERS = SharingLevel.PARTNERS
LAO_COMPANY = "ບໍລິສັດ ສີສະຫວາດ ການຄ້າ"


def test_plates_keep_letters_of_every_script():
    assert normalize_plate(" 92a-123.45 ") == "92A12345"
    assert normalize_plate("ກຂ 1234") == "ກຂ1234"
    assert normalize_plate("ភ្នំពេញ 2A-1234") == "ភ្នំពេញ2A1234"


@pytest.mark.parametrize(
    ("written", "country", "normal"),
    [
        ("0905 123 456", "VN", "+84905123456"),
        ("+856 20 5555-1234", None, "+8562055551234"),
        ("00855 12 345 678", "VN", "+85512345678"),
        ("໐໒໐ ໕໕໕໕ ໑໒໓໔", "LA", "+8562055551234"),
        ("020 5555 1234", None, "02055551234"),
    ],
)
def test_phone_numbers_in_international_form(written, country, normal):
    assert normalize_phone(written, country) == normal


@pytest.mark.parametrize("written", ["call me", "12345", "+0123456789", "1" * 16])
def test_phone_numbers_refused(written):
    with pytest.raises(ValueError):
        normalize_phone(written, "VN")


@pytest.mark.django_db
class TestWrites:
    def test_organisation_with_names_registrations_and_officers(self, cast):
        boss = make_person(cast.sekong, "LA-1")
        organisation = organisation_create(
            actor=cast.la_officer,
            owner_agency=cast.sekong,
            name=f"  {LAO_COMPANY} ",
            kind="front_company",
            names=[{"text": "Sisavath Trading Co.", "kind": "romanization"}],
            registrations=[{"number": "ent-01/234", "country": "LA"}],
            addresses=["ບ້ານ ລະມາມ, ເມືອງລະມາມ"],
            officers=[{"person": boss, "role": "director"}],
            discoverable=True,
        )
        organisation.refresh_from_db()
        assert (organisation.name, organisation.script) == (LAO_COMPANY, "lao")
        assert [(n.text, n.script) for n in organisation.names.all()] == [
            ("Sisavath Trading Co.", "latin")
        ]
        registration = organisation.registrations.get()
        assert (registration.number, registration.number_as_written) == ("ENT01234", "ent-01/234")
        assert organisation.officers.get().person == boss
        event = AuditEvent.objects.get(verb="registry.organisation_create")
        assert event.actor == cast.la_officer
        assert event.changes["officers"] == [None, [[boss.pk, "director"]]]
        assert event.changes["name"] == [None, LAO_COMPANY]

    def test_vehicle_phone_location_created_and_audited(self, cast):
        area = Area.objects.create(country_id="VN", code="VN-27", kind="province", name="Quảng Nam")
        vehicle = vehicle_create(
            actor=cast.vn_officer,
            owner_agency=cast.quang_nam,
            plate="92C-123.45",
            kind="truck",
            country="VN",
        )
        phone = phone_create(
            actor=cast.vn_officer, owner_agency=cast.quang_nam, number="0905 123 456", country="VN"
        )
        gate = location_create(
            actor=cast.vn_officer,
            owner_agency=cast.quang_nam,
            kind="border_gate",
            name="Cửa khẩu quốc tế Nam Giang",
            area=area,
            latitude="15.6123",
            longitude="107.4321",
        )
        assert (vehicle.plate, vehicle.plate_as_written) == ("92C12345", "92C-123.45")
        assert (phone.number, phone.number_as_written) == ("+84905123456", "0905 123 456")
        gate.refresh_from_db()
        assert (gate.area, str(gate.latitude)) == (area, "15.612300")
        verbs = set(AuditEvent.objects.values_list("verb", flat=True))
        assert {
            "registry.vehicle_create",
            "registry.phone_create",
            "registry.location_create",
        } <= verbs

    @pytest.mark.parametrize(
        ("create", "values", "field"),
        [
            (
                location_create,
                {"kind": "hotspot", "name": "X", "latitude": 91, "longitude": 0},
                "latitude",
            ),
            (
                location_create,
                {"kind": "hotspot", "name": "X", "latitude": 0, "longitude": -181},
                "longitude",
            ),
            (location_create, {"kind": "hotspot", "name": "X", "latitude": 15}, "longitude"),
            (
                location_create,
                {"kind": "hotspot", "name": "X", "latitude": "north", "longitude": 1},
                "latitude",
            ),
            (location_create, {"kind": "volcano", "name": "X"}, "kind"),
            (vehicle_create, {"plate": "92C-1", "kind": "spaceship"}, "kind"),
            (vehicle_create, {"plate": " -.- ", "kind": "car"}, "plate"),
            (vehicle_create, {"plate": "92C-1", "kind": "car", "country": "ZZ"}, "country"),
            (phone_create, {"number": "call me"}, "number"),
            (organisation_create, {"name": "123", "kind": "company"}, "name"),
            (organisation_create, {"name": "ABC", "kind": "company", "sharing": "all"}, "sharing"),
            (organisation_create, {"name": "ABC", "kind": "company", "color": "red"}, "color"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, cast, create, values, field):
        with pytest.raises(ValidationError) as error:
            create(actor=cast.vn_officer, owner_agency=cast.quang_nam, **values)
        assert field in error.value.message_dict
        for model in (Location, Vehicle, Phone, Organisation):
            assert not model.objects.exists()
        assert not AuditEvent.objects.filter(verb__startswith="registry.").exists()

    def test_only_own_agency_writes(self, cast):
        with pytest.raises(PermissionDenied):
            phone_create(actor=cast.outsider, owner_agency=cast.quang_nam, number="0905123456")
        with pytest.raises(PermissionDenied):
            phone_create(actor=cast.vn_auditor, owner_agency=cast.quang_nam, number="0905123456")
        assert not Phone.objects.exists()

    def test_update_is_audited_with_before_and_after(self, cast):
        phone = phone_create(actor=None, owner_agency=cast.quang_nam, number="0905123456")
        record_update(actor=cast.vn_officer, record=phone, number="0905 999 888", country="VN")
        phone.refresh_from_db()
        assert phone.number == "+84905999888"
        event = AuditEvent.objects.get(verb="registry.phone_update")
        assert event.changes["number"] == ["0905123456", "+84905999888"]
        with pytest.raises(ValidationError) as error:
            record_update(actor=cast.vn_officer, record=phone, owner_agency=cast.sekong)
        assert "owner_agency" in error.value.message_dict


@pytest.mark.django_db
class TestRelationships:
    @pytest.fixture
    def ring(self, cast):
        """A Quảng Nam ring shared with partners, led by a person kept to the agency."""
        ring = organisation_create(
            actor=None,
            owner_agency=cast.quang_nam,
            name="Đường dây Hải",
            kind="ring",
            sharing=PARTNERS,
        )
        leader = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"])
        courier = make_person(cast.quang_nam, "VN-2", names=["Lê Văn Tư"], sharing=PARTNERS)
        truck = vehicle_create(
            actor=None,
            owner_agency=cast.quang_nam,
            plate="92C-123.45",
            kind="truck",
            sharing=PARTNERS,
        )
        leads = relationship_create(
            actor=cast.vn_officer,
            owner_agency=cast.quang_nam,
            kind="leads",
            from_record=leader,
            to_record=ring,
            sharing=PARTNERS,
            date_from="2024-01-15",
            source="Biên bản hỏi cung ngày 15/01/2024",
        )
        uses = relationship_create(
            actor=cast.vn_officer,
            owner_agency=cast.quang_nam,
            kind="uses",
            from_record=courier,
            to_record=truck,
            sharing=PARTNERS,
        )
        return {
            "ring": ring,
            "leader": leader,
            "courier": courier,
            "truck": truck,
            "leads": leads,
            "uses": uses,
        }

    def test_visible_only_when_both_ends_are(self, cast, ring):
        def seen(user):
            return set(selectors.relationships_visible(user=user))

        assert seen(cast.vn_officer) == {ring["leads"], ring["uses"]}
        # the partner sees the courier's truck, but not who leads the ring
        assert seen(cast.la_officer) == {ring["uses"]}
        with pytest.raises(Http404):
            selectors.relationship_get(user=cast.la_officer, pk=ring["leads"].pk)
        assert set(selectors.relationships_of(user=cast.la_officer, record=ring["ring"])) == set()
        assert seen(cast.platform_admin) == {ring["leads"], ring["uses"]}
        leads = selectors.relationship_get(user=cast.vn_officer, pk=ring["leads"].pk)
        assert (leads.source_end, leads.target_end) == (ring["leader"], ring["ring"])
        assert str(leads.date_from) == "2024-01-15"

    def test_outsider_sees_nothing(self, cast, ring):
        user = cast.outsider
        for listing in (
            selectors.organisations_visible,
            selectors.vehicles_visible,
            selectors.phones_visible,
            selectors.locations_visible,
            selectors.relationships_visible,
        ):
            assert not listing(user=user).exists()
        for get, record in (
            (selectors.organisation_get, ring["ring"]),
            (selectors.vehicle_get, ring["truck"]),
            (selectors.relationship_get, ring["uses"]),
        ):
            with pytest.raises(Http404):
                get(user=user, pk=record.pk)

    def test_relationship_to_an_invisible_record_is_refused_like_404(self, cast, ring):
        phone = phone_create(
            actor=cast.la_officer, owner_agency=cast.sekong, number="020 5555 1234", country="LA"
        )
        with pytest.raises(RecordNotAvailable) as refused:
            relationship_create(
                actor=cast.la_officer,
                owner_agency=cast.sekong,
                kind="uses",
                from_record=ring["leader"],  # Quảng Nam keeps him to itself
                to_record=phone,
            )
        assert isinstance(refused.value, Http404)
        assert Relationship.objects.count() == 2
        assert not AuditEvent.objects.filter(
            verb="registry.relationship_create", actor=cast.la_officer
        ).exists()
        # the shared courier may be linked by the partner
        relationship_create(
            actor=cast.la_officer,
            owner_agency=cast.sekong,
            kind="uses",
            from_record=ring["courier"],
            to_record=phone,
        )

    @pytest.mark.parametrize(
        ("kind", "to", "field"),
        [
            ("enemy_of", "ring", "kind"),
            ("located_at", "ring", "to_record"),
            ("family", "ring", "to_record"),
            ("member_of", "truck", "to_record"),
            ("associate", "courier", "to_record"),
        ],
    )
    def test_bad_relationships(self, cast, ring, kind, to, field):
        with pytest.raises(ValidationError) as error:
            relationship_create(
                actor=cast.vn_officer,
                owner_agency=cast.quang_nam,
                kind=kind,
                from_record=ring["courier"],
                to_record=ring[to],
            )
        assert field in error.value.message_dict
        assert Relationship.objects.count() == 2

    def test_dates_out_of_order_refused(self, cast, ring):
        with pytest.raises(ValidationError):
            record_update(
                actor=cast.vn_officer,
                record=ring["leads"],
                date_from="2024-05-01",
                date_to="2024-01-01",
            )
        with pytest.raises(ValidationError) as error:
            record_update(actor=cast.vn_officer, record=ring["leads"], date_to="2024-02-30")
        assert "date_to" in error.value.message_dict

    def test_cancel_takes_relationships_along(self, cast, ring):
        with pytest.raises(ValidationError):
            record_cancel(actor=cast.vn_officer, record=ring["truck"], reason=" ")
        record_cancel(actor=cast.vn_officer, record=ring["truck"], reason="Entered twice")
        assert not selectors.vehicles_visible(user=cast.vn_officer).exists()
        assert set(selectors.relationships_visible(user=cast.vn_officer)) == {ring["leads"]}
        # still reachable by a link, marked cancelled
        assert selectors.vehicle_get(user=cast.vn_officer, pk=ring["truck"].pk).cancelled_at
        event = AuditEvent.objects.get(verb="registry.vehicle_cancel")
        assert event.action == AuditEvent.Action.DELETE
        assert event.changes["relationships_cancelled"] == [ring["uses"].pk]
        with pytest.raises(Http404):
            relationship_create(
                actor=cast.vn_officer,
                owner_agency=cast.quang_nam,
                kind="uses",
                from_record=ring["leader"],
                to_record=ring["truck"],
            )

    def test_lists_do_not_grow_queries(self, cast, ring, django_assert_max_num_queries):
        for n in range(5):
            relationship_create(
                actor=None,
                owner_agency=cast.quang_nam,
                kind="associate",
                from_record=ring["leader"],
                to_record=make_person(cast.quang_nam, f"VN-A{n}", names=[f"Nguyễn Văn {n}"]),
            )
        user = cast.vn_officer
        with django_assert_max_num_queries(3):
            rows = [
                (r.source_end.pk, r.target_end.pk)
                for r in selectors.relationships_visible(user=user)
            ]
        assert len(rows) == 7
        with django_assert_max_num_queries(4):
            names = [
                (o.name, [n.text for n in o.names.all()], o.owner_agency.name)
                for o in selectors.organisations_visible(user=user)
            ]
        assert names == [("Đường dây Hải", [], cast.quang_nam.name)]


@pytest.mark.django_db
class TestOrganisationMerge:
    def test_merge_and_unmerge_with_reason(self, cast):
        first = organisation_create(
            actor=None,
            owner_agency=cast.quang_nam,
            name="Công ty TNHH Hải Long",
            kind="front_company",
        )
        second = organisation_create(
            actor=None, owner_agency=cast.quang_nam, name="Cty Hai Long", kind="company"
        )
        with pytest.raises(ValidationError) as error:
            organisation_merge(actor=cast.vn_officer, organisation=second, into=first, reason="")
        assert "reason" in error.value.message_dict
        organisation_merge(
            actor=cast.vn_officer, organisation=second, into=first, reason="Same tax code"
        )
        assert list(selectors.organisations_visible(user=cast.vn_officer)) == [first]
        assert selectors.organisation_get(user=cast.vn_officer, pk=second.pk).merged_into == first
        organisation_unmerge(actor=cast.vn_officer, organisation=second, reason="Different owners")
        assert set(selectors.organisations_visible(user=cast.vn_officer)) == {first, second}
        events = AuditEvent.objects.filter(verb__startswith="registry.organisation_").order_by(
            "seq"
        )
        assert [e.verb for e in events][-2:] == [
            "registry.organisation_merge",
            "registry.organisation_unmerge",
        ]
        assert events.last().changes["reason"] == "Different owners"

    def test_merge_into_an_invisible_organisation_is_refused(self, cast):
        ours = organisation_create(
            actor=None, owner_agency=cast.quang_nam, name="Hải Long", kind="company"
        )
        theirs = organisation_create(
            actor=None, owner_agency=cast.sekong, name="ບໍລິສັດ ໄຫລ ລອງ", kind="company"
        )
        with pytest.raises(Http404):
            organisation_merge(actor=cast.vn_officer, organisation=ours, into=theirs, reason="Same")
        assert Organisation.objects.get(pk=ours.pk).merged_into is None

    def test_officers_out_of_scope_stay_hidden(self, cast):
        secret = make_person(cast.quang_nam, "VN-9", names=["Trần Văn Hải"])
        organisation = organisation_create(
            actor=cast.vn_officer,
            owner_agency=cast.quang_nam,
            name="Hải Long",
            kind="company",
            sharing=PARTNERS,
            officers=[{"person": secret, "role": "owner"}],
        )
        seen_by_partner = selectors.organisation_get(user=cast.la_officer, pk=organisation.pk)
        assert list(seen_by_partner.officers.all()) == []
        seen_at_home = selectors.organisation_get(user=cast.vn_officer, pk=organisation.pk)
        assert [o.person for o in seen_at_home.officers.all()] == [secret]
        with pytest.raises(Http404):
            organisation_create(
                actor=cast.la_officer,
                owner_agency=cast.sekong,
                name="ບໍລິສັດ",
                kind="company",
                officers=[{"person": secret.pk, "role": "owner"}],
            )
        assert Organisation.objects.count() == 1
