"""Model rules of the agencies app: tree checks, areas in time, and each `visible_to`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from liaison.agencies.models import Agency, Area, HotlineContact, Partnership, Role, User
from liaison.core.testing.factories import AgencyFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


# --- Agency --------------------------------------------------------------------------


def test_agency_chain_of_command_is_top_first(cast):
    assert cast.nam_giang.ancestors() == [cast.vn_ministry, cast.c04, cast.quang_nam]
    assert cast.vn_ministry.ancestors() == []


def test_agency_clean_refuses_a_parent_abroad(cast):
    agency = Agency(
        code="x", name="x", kind="blo", level="border", country_id="VN", parent=cast.sekong
    )
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert exc.value.message_dict["parent"] == [
        "The parent agency must be in the same country as the agency."
    ]


def test_agency_clean_refuses_cycles(cast):
    cast.vn_ministry.parent = cast.nam_giang
    with pytest.raises(ValidationError) as exc:
        cast.vn_ministry.full_clean()
    assert list(exc.value.message_dict) == ["parent"]
    cast.quang_nam.parent = cast.quang_nam
    with pytest.raises(ValidationError):
        cast.quang_nam.full_clean()


def test_agency_clean_refuses_an_area_abroad(cast):
    area = Area.objects.create(country_id="LA", code="LA-XE", kind="province", name="ເຊກອງ")
    cast.quang_nam.area = area
    with pytest.raises(ValidationError) as exc:
        cast.quang_nam.full_clean()
    assert exc.value.message_dict["area"] == ["The area must be in the agency's country."]


def test_display_names(cast):
    assert cast.c04.display_name == "C04"
    assert cast.quang_nam.display_name == cast.quang_nam.name == str(cast.quang_nam)
    contact = HotlineContact(agency=cast.quang_nam, channel="fax", value="+84 235 1")
    assert str(contact) == "Fax: +84 235 1"


def test_agency_visible_to(cast):
    def visible(user):
        return set(Agency.objects.visible_to(user))

    vietnam = {cast.vn_ministry, cast.c04, cast.quang_nam, cast.nam_giang}
    # own country plus the partner (Sekong) and the partner's sub-units
    assert visible(cast.vn_officer) == vietnam | {cast.sekong, cast.lamam}
    # the district officer's chain includes Quảng Nam, so they see its partner too
    assert visible(cast.vn_district_officer) == vietnam | {cast.sekong, cast.lamam}
    assert visible(cast.la_officer) == {
        cast.la_ministry,
        cast.la_drug_dept,
        cast.sekong,
        cast.lamam,
        cast.quang_nam,
        cast.nam_giang,
    }
    assert visible(cast.outsider) == {cast.kh_add}
    assert visible(cast.platform_admin) == set(Agency.objects.all())
    assert visible(AnonymousUser()) == set()


# --- Area ----------------------------------------------------------------------------


def test_area_validity(cast):
    old = Area.objects.create(
        country_id="VN",
        code="VN-27",
        kind="province",
        name="Quảng Nam",
        valid_to=dt.date(2025, 6, 30),
    )
    new = Area.objects.create(
        country_id="VN",
        code="VN-DN",
        kind="municipality",
        name="Đà Nẵng",
        valid_from=dt.date(2025, 7, 1),
    )
    old.successor = new
    old.save()
    assert set(Area.objects.valid_on(dt.date(2025, 6, 30))) == {old}
    assert set(Area.objects.valid_on(dt.date(2025, 7, 1))) == {new}
    assert list(new.predecessors.all()) == [old]


def test_area_clean(cast):
    la = Area.objects.create(country_id="LA", code="LA-XE", kind="province", name="ເຊກອງ")
    district = Area(country_id="VN", code="VN-X", kind="district", name="X", parent=la)
    with pytest.raises(ValidationError) as exc:
        district.full_clean()
    assert list(exc.value.message_dict) == ["parent"]
    reversed_dates = Area(
        country_id="VN",
        code="VN-Y",
        kind="province",
        name="Y",
        valid_from=dt.date(2020, 1, 2),
        valid_to=dt.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        reversed_dates.full_clean()
    assert list(exc.value.message_dict) == ["valid_to"]


# --- Partnership ---------------------------------------------------------------------


def test_partnership_visible_to(cast):
    def visible(user):
        return set(Partnership.objects.visible_to(user))

    assert visible(cast.vn_officer) == {cast.partnership}
    assert visible(cast.la_officer) == {cast.partnership}
    assert visible(cast.vn_auditor) == {cast.partnership}  # national oversight
    assert visible(cast.outsider) == set()
    assert visible(cast.platform_admin) == {cast.partnership}
    assert visible(AnonymousUser()) == set()


# --- User ----------------------------------------------------------------------------


def test_roles(cast):
    user = User.objects.get(pk=cast.vn_admin.pk)
    assert user.has_role(Role.AGENCY_ADMIN) and not user.has_role(Role.AUDITOR)
    assert user.role_labels() == ["Agency administrator"]
    assert str(cast.vn_officer) == "Nguyễn Văn An"
    assert cast.vn_admin.get_full_name()  # falls back to something printable


def test_user_visible_to(cast):
    def visible(user):
        return set(User.objects.visible_to(user))

    vn_users = {
        cast.vn_officer,
        cast.vn_supervisor,
        cast.vn_admin,
        cast.vn_district_officer,
        cast.vn_auditor,
        cast.platform_admin,
    }
    assert visible(cast.vn_officer) == vn_users | {cast.la_officer}
    assert cast.la_auditor not in visible(cast.vn_officer)  # Lao ministry: not a partner
    assert visible(cast.outsider) == {cast.outsider}
    assert visible(AnonymousUser()) == set()


def test_users_administered_by(cast):
    def administered(user):
        return set(User.objects.administered_by(user))

    assert administered(cast.vn_admin) == {
        cast.vn_officer,
        cast.vn_supervisor,
        cast.vn_admin,
        cast.vn_district_officer,
    }
    assert administered(cast.vn_officer) == set()
    assert administered(cast.platform_admin) == set(User.objects.all())
    # an admin of a district sees only that district
    district_admin = UserFactory(agency=cast.nam_giang, roles=[Role.AGENCY_ADMIN], password=None)
    assert administered(district_admin) == {cast.vn_district_officer, district_admin}


def test_new_agency_is_visible_at_once(cast):
    # the scope cache is invalidated by the save signal
    before = set(Agency.objects.visible_to(cast.vn_officer))
    post = AgencyFactory(
        country=cast.quang_nam.country,
        parent=cast.nam_giang,
        level=Agency.Level.BORDER,
        kind=Agency.Kind.BORDER_POST,
    )
    officer = User.objects.get(pk=cast.vn_officer.pk)  # fresh object: no memoized scope
    assert set(Agency.objects.visible_to(officer)) == before | {post}
