"""Administration pages: platform administration (403 for others) and agency
administration (own subtree only; other agencies' users answer 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liaison.agencies.models import Agency, Area, Country, HotlineContact, Partnership, Role, User
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import PASSWORD, UserFactory

A, L = Agency.Kind, Agency.Level


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are compared in English (the default language is Vietnamese)."""
    settings.LANGUAGE_CODE = "en"


def _errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# --- Platform administration: who may enter ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("agency_create", None),
        ("agency_edit", "agency"),
        ("partnership_create", None),
        ("partnership_edit", "partnership"),
        ("country_list", None),
        ("area_list", None),
        ("area_create", None),
        ("area_edit", "area"),
    ],
)
def test_platform_pages_are_for_platform_admins_only(cast, name, needs_pk):
    area = Area.objects.create(country_id="VN", code="VN-QNA", kind="province", name="Quảng Nam")
    pk = {"agency": cast.quang_nam.pk, "partnership": cast.partnership.pk, "area": area.pk}
    url = reverse(name, args=[pk[needs_pk]] if needs_pk else [])
    for user in (cast.vn_officer, cast.vn_admin, cast.vn_auditor, cast.outsider):
        assert cast.client_for(user).get(url).status_code == 403, user.username
        assert cast.client_for(user).post(url, {}).status_code == 403, user.username
    assert cast.client_for(cast.platform_admin).get(url).status_code == 200


# --- Agencies ------------------------------------------------------------------------------


def _agency_data(cast, **overrides):
    data = {
        "code": "vn-taygiang-police",
        "name": "Công an huyện Tây Giang",
        "name_en": "",
        "short_name": "",
        "kind": A.DISTRICT_POLICE,
        "level": L.DISTRICT,
        "country": "VN",
        "parent": cast.quang_nam.pk,
        "area": "",
        "active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_platform_admin_creates_an_agency(cast):
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.platform_admin).post(
        reverse("agency_create"), _agency_data(cast)
    )
    agency = Agency.objects.get(code="vn-taygiang-police")
    assert response.status_code == 302
    assert response["Location"] == reverse("agency_detail", args=[agency.pk])
    assert agency.parent == cast.quang_nam and agency.name == "Công an huyện Tây Giang"
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.verb, event.object_id) == ("agency_create", str(agency.pk))


def test_agency_with_a_parent_in_another_country_is_rejected(cast):
    response = cast.client_for(cast.platform_admin).post(
        reverse("agency_create"), _agency_data(cast, parent=cast.sekong.pk)
    )
    assert response.status_code == 200
    assert _errors(response, "parent") == [
        "The parent agency must be in the same country as the agency."
    ]
    assert not Agency.objects.filter(code="vn-taygiang-police").exists()


def test_agency_tree_cycle_is_rejected_and_nothing_changes(cast):
    client = cast.client_for(cast.platform_admin)
    data = _agency_data(
        cast,
        code=cast.c04.code,
        name=cast.c04.name,
        kind=A.DEPARTMENT,
        level=L.CENTRAL,
        parent=cast.nam_giang.pk,
    )
    before = AuditEvent.objects.count()
    response = client.post(reverse("agency_edit", args=[cast.c04.pk]), data)
    assert response.status_code == 200
    assert _errors(response, "parent") == [
        "An agency cannot be placed under itself or one of its sub-units."
    ]
    cast.c04.refresh_from_db()
    assert cast.c04.parent_id == cast.vn_ministry.pk
    assert AuditEvent.objects.count() == before


def test_agency_in_an_area_of_another_country_is_rejected(cast):
    sekong_area = Area.objects.create(
        country_id="LA", code="LA-XE", kind="province", name="ແຂວງເຊກອງ"
    )
    response = cast.client_for(cast.platform_admin).post(
        reverse("agency_create"), _agency_data(cast, area=sekong_area.pk)
    )
    assert _errors(response, "area") == ["The area must be in the agency's country."]
    assert not Agency.objects.filter(code="vn-taygiang-police").exists()


def test_agency_edit_saves_and_audits_the_change(cast):
    client = cast.client_for(cast.platform_admin)
    form = client.get(reverse("agency_edit", args=[cast.quang_nam.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(short_name="CA Quảng Nam", active="on")
    data.pop("require_totp", None)
    response = client.post(reverse("agency_edit", args=[cast.quang_nam.pk]), data)
    assert response.status_code == 302
    cast.quang_nam.refresh_from_db()
    assert cast.quang_nam.short_name == "CA Quảng Nam"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.verb == "agency_update"
    assert event.changes["short_name"] == ["", "CA Quảng Nam"]
    assert "name" not in event.changes and "parent_id" not in event.changes


# --- Partnerships --------------------------------------------------------------------------


def test_partnership_within_one_country_is_rejected(cast):
    response = cast.client_for(cast.platform_admin).post(
        reverse("partnership_create"),
        {
            "code": "vn-only",
            "name": "VN only",
            "kind": "bilateral",
            "parties": [cast.quang_nam.pk, cast.c04.pk],
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert _errors(response, "parties") == [
        "A partnership links agencies of at least two different countries."
    ]
    assert not Partnership.objects.filter(code="vn-only").exists()


def test_platform_admin_creates_and_edits_a_partnership(cast):
    client = cast.client_for(cast.platform_admin)
    response = client.post(
        reverse("partnership_create"),
        {
            "code": "vn-kh",
            "name": "C04 – ADD",
            "kind": "trilateral",
            "since": "2024-05-10",
            "parties": [cast.c04.pk, cast.kh_add.pk],
            "active": "on",
        },
    )
    partnership = Partnership.objects.get(code="vn-kh")
    assert response["Location"] == reverse("partnership_detail", args=[partnership.pk])
    assert set(partnership.parties.all()) == {cast.c04, cast.kh_add}
    assert partnership.since == dt.date(2024, 5, 10)
    response = client.post(
        reverse("partnership_edit", args=[partnership.pk]),
        {
            "code": "vn-kh",
            "name": "C04 – ADD",
            "kind": "trilateral",
            "since": "2024-05-10",
            "parties": [cast.c04.pk, cast.kh_add.pk, cast.la_drug_dept.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert partnership.parties.count() == 3
    assert AuditEvent.objects.order_by("-seq").first().verb == "partnership_update"
    # the outsider now sees it: the new partnership makes C04 its partner
    assert (
        cast.client_for(cast.outsider)
        .get(reverse("partnership_detail", args=[partnership.pk]))
        .status_code
        == 200
    )


# --- Countries and areas -------------------------------------------------------------------


def test_country_and_area_lists(cast):
    quang_nam = Area.objects.create(
        country_id="VN",
        code="VN-27",
        kind="province",
        name="Quảng Nam",
        valid_to=dt.date(2025, 6, 30),
    )
    da_nang = Area.objects.create(
        country_id="VN",
        code="VN-DN",
        kind="municipality",
        name="Đà Nẵng",
        valid_from=dt.date(2025, 7, 1),
    )
    Area.objects.filter(pk=quang_nam.pk).update(successor=da_nang)
    Area.objects.create(country_id="LA", code="LA-XE", kind="province", name="ເຊກອງ")
    client = cast.client_for(cast.platform_admin)
    html = client.get(reverse("country_list")).content.decode()
    assert "Việt Nam" in html and "ສປປ ລາວ" in html
    response = client.get(reverse("area_list"), {"country": "VN", "kind": "province"})
    html = response.content.decode()
    assert [a.pk for a in response.context["page_obj"].object_list] == [quang_nam.pk]
    assert "30/06/2025" in html and "Đà Nẵng" in html  # validity and successor shown
    assert "ເຊກອງ" not in html


def test_area_list_is_paginated(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.platform_admin)
    client.get(reverse("area_list"))
    Area.objects.bulk_create(
        Area(country_id="VN", code=f"VN-D{i}", kind="district", name=f"Huyện {i:02d}")
        for i in range(60)
    )
    with django_assert_max_num_queries(8):
        first = client.get(reverse("area_list"))
    assert len(first.context["page_obj"].object_list) == 50
    assert len(client.get(reverse("area_list"), {"page": 2}).context["page_obj"]) == 10


def test_area_create_and_edit(cast):
    client = cast.client_for(cast.platform_admin)
    response = client.post(
        reverse("area_create"),
        {
            "country": "VN",
            "code": "VN-48",
            "kind": "municipality",
            "name": "Đà Nẵng",
            "name_en": "Da Nang",
            "valid_from": "2025-07-01",
        },
    )
    assert response.status_code == 302
    area = Area.objects.get(code="VN-48")
    response = client.post(
        reverse("area_edit", args=[area.pk]),
        {
            "country": "VN",
            "code": "VN-48",
            "kind": "municipality",
            "name": "Đà Nẵng",
            "valid_from": "2025-07-01",
            "valid_to": "2025-01-01",
        },
    )
    assert _errors(response, "valid_to") == ["The end date is before the start date."]
    area.refresh_from_db()
    assert area.valid_to is None and area.name_en == "Da Nang"


# --- Users ---------------------------------------------------------------------------------


def test_user_list_shows_the_administrators_subtree_only(cast):
    response = cast.client_for(cast.vn_admin).get(reverse("user_list"))
    shown = {u.pk for u in response.context["page_obj"].object_list}
    assert shown == {
        cast.vn_officer.pk,
        cast.vn_supervisor.pk,
        cast.vn_admin.pk,
        cast.vn_district_officer.pk,
    }
    html = response.content.decode()
    assert cast.la_officer.username not in html and cast.vn_auditor.username not in html


def test_user_list_is_for_administrators(cast):
    for user in (cast.vn_officer, cast.vn_auditor, cast.la_officer):
        assert cast.client_for(user).get(reverse("user_list")).status_code == 403
    all_users = cast.client_for(cast.platform_admin).get(reverse("user_list"))
    assert len(all_users.context["page_obj"].object_list) == User.objects.count()


def test_user_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_admin)
    client.get(reverse("user_list"))
    for i in range(30):
        UserFactory(
            username=f"officer{i}", agency=cast.nam_giang, roles=[Role.OFFICER], password=None
        )
    # session, user, roles, scope token (+ tree), agencies (filter), count, page, roles
    with django_assert_max_num_queries(11):
        response = client.get(reverse("user_list"))
    assert len(response.context["page_obj"].object_list) == 34


def test_user_create_offers_only_the_administrators_subtree(cast):
    form = cast.client_for(cast.vn_admin).get(reverse("user_create")).context["form"]
    assert set(form.fields["agency"].queryset) == {cast.quang_nam, cast.nam_giang}


def test_agency_admin_creates_a_user_with_roles(cast):
    response = cast.client_for(cast.vn_admin).post(
        reverse("user_create"),
        {
            "username": "nam_giang_liaison",
            "full_name": "Hồ Văn Lâm",
            "language": "vi",
            "agency": cast.nam_giang.pk,
            "roles": [Role.OFFICER, Role.LIAISON_OFFICER],
            "is_active": "on",
            "password": "a-long-enough-secret-7",
        },
    )
    user = User.objects.get(username="nam_giang_liaison")
    assert response["Location"] == reverse("user_detail", args=[user.pk])
    assert user.agency == cast.nam_giang and user.full_name == "Hồ Văn Lâm"
    assert user.role_set == {Role.OFFICER, Role.LIAISON_OFFICER}
    assert user.check_password("a-long-enough-secret-7")
    assert AuditEvent.objects.order_by("-seq").first().verb == "user_create"


def test_user_without_agency_is_rejected(cast):
    response = cast.client_for(cast.vn_admin).post(
        reverse("user_create"), {"username": "orphan", "language": "vi", "is_active": "on"}
    )
    assert _errors(response, "agency") == ["Every user belongs to an agency."]
    assert not User.objects.filter(username="orphan").exists()


def test_user_in_another_agency_cannot_be_created(cast):
    response = cast.client_for(cast.vn_admin).post(
        reverse("user_create"),
        {"username": "intruder", "language": "vi", "agency": cast.sekong.pk},
    )
    assert _errors(response, "agency")  # not one of the offered choices
    assert not User.objects.filter(username="intruder").exists()


def test_weak_initial_password_is_rejected_on_the_password_field(cast):
    response = cast.client_for(cast.vn_admin).post(
        reverse("user_create"),
        {"username": "weak", "language": "vi", "agency": cast.quang_nam.pk, "password": "123"},
    )
    assert _errors(response, "password")
    assert not User.objects.filter(username="weak").exists()


def test_another_agencys_user_answers_404(cast):
    client = cast.client_for(cast.vn_admin)
    for user in (cast.la_officer, cast.vn_auditor, cast.outsider):
        assert client.get(reverse("user_edit", args=[user.pk])).status_code == 404
        assert (
            client.post(reverse("user_edit", args=[user.pk]), {"set_active": "0"}).status_code
            == 404
        )
        assert client.get(reverse("user_password_reset", args=[user.pk])).status_code == 404
    cast.la_officer.refresh_from_db()
    assert cast.la_officer.is_active


def test_agency_admin_edits_roles(cast):
    client = cast.client_for(cast.vn_admin)
    url = reverse("user_edit", args=[cast.vn_officer.pk])
    form = client.get(url).context["form"]
    assert form.initial["roles"] == [Role.OFFICER]
    response = client.post(
        url,
        {
            "full_name": "Nguyễn Văn An",
            "language": "vi",
            "agency": cast.quang_nam.pk,
            "roles": [Role.OFFICER, Role.ANALYST],
            "is_active": "on",
            "position": "Đội trưởng",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=cast.vn_officer.pk)
    assert user.role_set == {Role.OFFICER, Role.ANALYST}
    assert user.position == "Đội trưởng"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.changes["roles"] == [["officer"], ["analyst", "officer"]]


def test_user_cannot_be_moved_out_of_the_administrators_subtree(cast):
    response = cast.client_for(cast.vn_admin).post(
        reverse("user_edit", args=[cast.vn_officer.pk]),
        {"full_name": "x", "language": "vi", "agency": cast.c04.pk, "is_active": "on"},
    )
    assert _errors(response, "agency")
    cast.vn_officer.refresh_from_db()
    assert cast.vn_officer.agency == cast.quang_nam


def test_deactivate_and_activate(cast):
    client = cast.client_for(cast.vn_admin)
    url = reverse("user_edit", args=[cast.vn_district_officer.pk])
    assert client.post(url, {"set_active": "0"}).status_code == 302
    cast.vn_district_officer.refresh_from_db()
    assert not cast.vn_district_officer.is_active
    client.post(url, {"set_active": "1"})
    cast.vn_district_officer.refresh_from_db()
    assert cast.vn_district_officer.is_active


def test_password_reset(cast):
    client = cast.client_for(cast.vn_admin)
    url = reverse("user_password_reset", args=[cast.vn_officer.pk])
    response = client.post(
        url, {"new_password": "brand-new-secret-9", "new_password_again": "other-secret-99"}
    )
    assert _errors(response, "new_password_again") == ["The two passwords do not match."]
    response = client.post(url, {"new_password": "short", "new_password_again": "short"})
    assert _errors(response, "new_password")
    cast.vn_officer.refresh_from_db()
    assert cast.vn_officer.check_password(PASSWORD)
    response = client.post(
        url, {"new_password": "brand-new-secret-9", "new_password_again": "brand-new-secret-9"}
    )
    assert response.status_code == 302
    cast.vn_officer.refresh_from_db()
    assert cast.vn_officer.check_password("brand-new-secret-9")
    assert AuditEvent.objects.order_by("-seq").first().verb == "user_set_password"


# --- Hotline contact points -------------------------------------------------------------


def test_agency_admin_adds_and_removes_contact_points(cast):
    client = cast.client_for(cast.vn_admin)
    response = client.post(
        reverse("contact_add", args=[cast.nam_giang.pk]),
        {
            "channel": "phone",
            "value": "+84 235 3798 111",
            "label": "Trực ban",
            "hours": "24/7",
            "languages": "vi, lo",
        },
    )
    assert response["Location"] == reverse("agency_detail", args=[cast.nam_giang.pk])
    contact = HotlineContact.objects.get(agency=cast.nam_giang)
    assert contact.value == "+84 235 3798 111"
    assert client.get(reverse("contact_remove", args=[contact.pk])).status_code == 200
    assert HotlineContact.objects.filter(pk=contact.pk).exists()  # GET only asks
    client.post(reverse("contact_remove", args=[contact.pk]))
    assert not HotlineContact.objects.filter(pk=contact.pk).exists()
    assert AuditEvent.objects.order_by("-seq").first().verb == "contact_remove"


def test_contact_points_outside_the_subtree(cast):
    data = {"channel": "phone", "value": "+1"}
    client = cast.client_for(cast.vn_admin)
    # visible but not administered: 403; invisible: 404
    assert client.post(reverse("contact_add", args=[cast.c04.pk]), data).status_code == 403
    assert client.post(reverse("contact_add", args=[cast.sekong.pk]), data).status_code == 403
    assert client.post(reverse("contact_add", args=[cast.kh_add.pk]), data).status_code == 404
    assert (
        cast.client_for(cast.vn_officer)
        .post(reverse("contact_add", args=[cast.quang_nam.pk]), data)
        .status_code
        == 403
    )
    sekong_contact = HotlineContact.objects.create(agency=cast.sekong, channel="fax", value="9")
    assert client.post(reverse("contact_remove", args=[sekong_contact.pk])).status_code == 403
    assert (
        cast.client_for(cast.outsider)
        .post(reverse("contact_remove", args=[sekong_contact.pk]))
        .status_code
        == 404
    )
    assert HotlineContact.objects.filter(pk=sekong_contact.pk).exists()
    assert not HotlineContact.objects.exclude(pk=sekong_contact.pk).exists()


def test_missing_contact_value_is_a_field_error(cast):
    response = cast.client_for(cast.vn_admin).post(
        reverse("contact_add", args=[cast.quang_nam.pk]), {"channel": "phone", "value": ""}
    )
    assert _errors(response, "value")
    assert not HotlineContact.objects.exists()


# --- Countries -------------------------------------------------------------------------


def test_platform_admin_adds_and_edits_a_country(cast):
    client = cast.client_for(cast.platform_admin)
    response = client.post(
        reverse("country_create"),
        {"code": "th", "iso3": "tha", "name": "Thailand", "name_local": "ประเทศไทย"},
    )
    assert response.status_code == 302
    thailand = Country.objects.get(code="TH")
    assert (thailand.iso3, thailand.name_local) == ("THA", "ประเทศไทย")
    assert AuditEvent.objects.filter(verb="country_save", object_id="TH").count() == 1

    response = client.post(
        reverse("country_edit", args=["TH"]),
        {"code": "XX", "iso3": "THA", "name": "Kingdom of Thailand", "name_local": "ไทย"},
    )
    assert response.status_code == 302
    assert Country.objects.get(code="TH").name == "Kingdom of Thailand"
    assert not Country.objects.filter(code="XX").exists()  # the code cannot be changed


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "VN", "iso3": "VNX", "name": "Again", "name_local": "Again"}, "code"),
        ({"code": "V1", "iso3": "ZZZ", "name": "Bad", "name_local": "Bad"}, "code"),
        ({"code": "ZZ", "iso3": "LAO", "name": "Taken", "name_local": "Taken"}, "iso3"),
        ({"code": "ZZ", "iso3": "ZZZ", "name": "", "name_local": "Zed"}, "name"),
    ],
)
def test_bad_country_is_refused_naming_the_field(cast, data, field):
    before = Country.objects.count()
    response = cast.client_for(cast.platform_admin).post(reverse("country_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Country.objects.count() == before


def test_only_platform_admins_manage_countries(cast):
    for user in (cast.vn_admin, cast.vn_officer, cast.outsider):
        client = cast.client_for(user)
        assert client.get(reverse("country_create")).status_code == 403
        assert client.get(reverse("country_edit", args=["VN"])).status_code == 403
