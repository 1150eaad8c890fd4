"""Every rule of agencies/services.py: who may act, what is refused, what is audited,
and that nothing is written when a service refuses."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.agencies import services
from liaison.agencies.models import Agency, Area, Country, HotlineContact, Partnership, Role, User
from liaison.core.access import get_scope
from liaison.core.models import AuditEvent

A, L = Agency.Kind, Agency.Level


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def _error_fields(exc: pytest.ExceptionInfo) -> set[str]:
    return set(exc.value.message_dict)


class _NoNewEvents:
    """Context manager asserting a refused call leaves the audit trail untouched."""

    def __enter__(self):
        self.count = AuditEvent.objects.count()

    def __exit__(self, *exc):
        assert AuditEvent.objects.count() == self.count


# --- Countries and areas -------------------------------------------------------------


def test_country_save_creates_then_updates(cast):
    country = services.country_save(
        actor=cast.platform_admin, code="th", iso3="tha", name="Thailand", name_local="ประเทศไทย"
    )
    assert (country.code, country.iso3) == ("TH", "THA")
    assert _last_event().action == AuditEvent.Action.CREATE
    services.country_save(
        actor=cast.platform_admin, code="TH", iso3="THA", name="Thailand", name_local="ไทย"
    )
    event = _last_event()
    assert event.action == AuditEvent.Action.UPDATE
    assert event.changes == {"name_local": ["ประเทศไทย", "ไทย"]}


def test_country_save_is_for_platform_admins(cast):
    with _NoNewEvents(), pytest.raises(PermissionDenied):
        services.country_save(actor=cast.vn_admin, code="TH", iso3="THA", name="T", name_local="T")
    assert not Country.objects.filter(code="TH").exists()


def test_area_save_rules(cast):
    admin = cast.platform_admin
    province = services.area_save(
        actor=admin,
        country=cast.quang_nam.country,
        code="VN-27",
        kind=Area.Kind.PROVINCE,
        name="Quảng Nam",
    )
    assert _last_event().verb == "area_save"
    la_province = services.area_save(
        actor=admin,
        country=cast.sekong.country,
        code="LA-XE",
        kind=Area.Kind.PROVINCE,
        name="ເຊກອງ",
    )
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.area_save(
            actor=admin,
            country=cast.quang_nam.country,
            code="VN-X",
            kind=Area.Kind.DISTRICT,
            name="X",
            parent=la_province,
        )
    assert _error_fields(exc) == {"parent"}
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.area_save(
            actor=admin, area=province, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2019, 1, 1)
        )
    assert _error_fields(exc) == {"valid_to"}
    with pytest.raises(ValidationError) as exc:
        services.area_save(actor=admin, area=province, borders=[])
    assert _error_fields(exc) == {"borders"}  # not a field this service sets
    with pytest.raises(PermissionDenied):
        services.area_save(actor=cast.vn_admin, area=province, name="Y")
    province.refresh_from_db()
    assert province.name == "Quảng Nam" and province.valid_to is None


# --- Agencies ------------------------------------------------------------------------


def _new_agency(cast, **values):
    data = {
        "code": "vn-taygiang",
        "name": "Công an huyện Tây Giang",
        "kind": A.DISTRICT_POLICE,
        "level": L.DISTRICT,
        "country": cast.quang_nam.country,
        "parent": cast.quang_nam,
    }
    data.update(values)
    return services.agency_create(actor=cast.platform_admin, **data)


def test_agency_create_with_contacts_is_audited(cast):
    agency = _new_agency(cast, contacts=[{"channel": "phone", "value": "+84 1"}])
    assert agency.contacts.get().value == "+84 1"
    verbs = list(AuditEvent.objects.order_by("-seq").values_list("verb", flat=True)[:2])
    assert verbs == ["agency_create", "contact_add"]
    # the new agency is in the tree at once: its parent's officers see it
    assert Agency.objects.visible_to(cast.vn_officer).filter(pk=agency.pk).exists()


def test_agency_create_is_for_platform_admins(cast):
    with _NoNewEvents(), pytest.raises(PermissionDenied):
        services.agency_create(
            actor=cast.vn_admin,
            code="x",
            name="x",
            kind=A.BLO,
            level=L.BORDER,
            country=cast.quang_nam.country,
        )
    assert not Agency.objects.filter(code="x").exists()


@pytest.mark.parametrize("bad", ["parent", "area"])
def test_agency_in_another_country_is_refused_and_nothing_written(cast, bad):
    la_area = Area.objects.create(
        country=cast.sekong.country, code="LA-XE", kind="province", name="ເຊກອງ"
    )
    values = {"parent": cast.sekong} if bad == "parent" else {"area": la_area}
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        _new_agency(cast, contacts=[{"channel": "phone", "value": "1"}], **values)
    assert _error_fields(exc) == {bad}
    assert not Agency.objects.filter(code="vn-taygiang").exists()
    assert not HotlineContact.objects.exists()


@pytest.mark.parametrize("new_parent", ["self", "child", "grandchild"])
def test_agency_cycles_are_refused(cast, new_parent):
    target = {"self": cast.c04, "child": cast.quang_nam, "grandchild": cast.nam_giang}[new_parent]
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.agency_update(actor=cast.platform_admin, agency=cast.c04, parent=target)
    assert exc.value.message_dict["parent"] == [
        "An agency cannot be placed under itself or one of its sub-units."
    ]
    assert Agency.objects.get(pk=cast.c04.pk).parent_id == cast.vn_ministry.pk


def test_agency_update_without_a_change_writes_no_event(cast):
    with _NoNewEvents():
        services.agency_update(
            actor=cast.platform_admin, agency=cast.quang_nam, name=cast.quang_nam.name
        )


def test_agency_update_audits_the_change(cast):
    services.agency_update(actor=cast.platform_admin, agency=cast.quang_nam, require_totp=True)
    event = _last_event()
    assert event.verb == "agency_update"
    assert event.changes["require_totp"] == [False, True]


def test_agency_update_refuses_unknown_fields_and_non_admins(cast):
    with pytest.raises(ValidationError) as exc:
        services.agency_update(actor=cast.platform_admin, agency=cast.c04, created_at=None)
    assert _error_fields(exc) == {"created_at"}
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=cast.vn_admin, agency=cast.quang_nam, name="x")


def test_moving_an_agency_changes_who_sees_it(cast):
    # Nam Giang moves under the ministry directly: still Vietnamese, still visible to a
    # Quảng Nam officer (national), but no longer in the Quảng Nam admin's subtree.
    services.agency_update(
        actor=cast.platform_admin, agency=cast.nam_giang, parent=cast.vn_ministry
    )
    admin = User.objects.get(pk=cast.vn_admin.pk)
    assert cast.nam_giang.pk not in get_scope(admin).own_subtree


# --- Contact points ------------------------------------------------------------------


def test_contact_points_are_managed_inside_the_subtree_only(cast):
    contact = services.contact_add(
        actor=cast.vn_admin, agency=cast.nam_giang, channel="fax", value="+84 235 2"
    )
    assert _last_event().verb == "contact_add"
    for actor, agency in (
        (cast.vn_admin, cast.c04),
        (cast.vn_admin, cast.sekong),
        (cast.vn_officer, cast.quang_nam),
        (cast.la_officer, cast.sekong),
    ):
        with _NoNewEvents(), pytest.raises(PermissionDenied):
            services.contact_add(actor=actor, agency=agency, channel="fax", value="1")
    with _NoNewEvents(), pytest.raises(PermissionDenied):
        services.contact_remove(actor=cast.vn_officer, contact=contact)
    services.contact_remove(actor=cast.platform_admin, contact=contact)
    event = _last_event()
    assert (event.verb, event.changes["value"]) == ("contact_remove", ["+84 235 2", None])
    assert not HotlineContact.objects.exists()


def test_contact_with_an_unknown_channel_is_refused(cast):
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.contact_add(
            actor=cast.vn_admin, agency=cast.quang_nam, channel="pigeon", value="1"
        )
    assert _error_fields(exc) == {"channel"}


# --- Partnerships --------------------------------------------------------------------


def test_partnership_create_records_parties(cast):
    partnership = services.partnership_create(
        actor=cast.platform_admin,
        parties=[cast.c04, cast.kh_add],
        code="vn-kh",
        name="Viet Nam – Cambodia",
        kind=Partnership.Kind.BILATERAL,
    )
    assert _last_event().changes["parties"] == [[], sorted([cast.c04.pk, cast.kh_add.pk])]
    assert set(partnership.parties.all()) == {cast.c04, cast.kh_add}
    # the outsider now partners with C04's subtree
    outsider = User.objects.get(pk=cast.outsider.pk)
    assert Agency.objects.visible_to(outsider).filter(pk=cast.quang_nam.pk).exists()


@pytest.mark.parametrize("parties", ["one", "same_country"])
def test_partnership_needs_two_countries(cast, parties):
    chosen = [cast.c04] if parties == "one" else [cast.c04, cast.quang_nam]
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.partnership_create(
            actor=cast.platform_admin,
            parties=chosen,
            code="p",
            name="p",
            kind=Partnership.Kind.BILATERAL,
        )
    assert _error_fields(exc) == {"parties"}
    assert not Partnership.objects.filter(code="p").exists()


def test_partnership_update_rules(cast):
    partnership = cast.partnership
    with _NoNewEvents(), pytest.raises(ValidationError):
        services.partnership_update(
            actor=cast.platform_admin,
            partnership=partnership,
            parties=[cast.quang_nam, cast.nam_giang],
            name="renamed",
        )
    partnership.refresh_from_db()
    assert partnership.name == "Quảng Nam – Sekong"
    assert set(partnership.parties.all()) == {cast.quang_nam, cast.sekong}
    with pytest.raises(PermissionDenied):
        services.partnership_update(actor=cast.vn_admin, partnership=partnership, active=False)
    services.partnership_update(
        actor=cast.platform_admin,
        partnership=partnership,
        parties=[cast.quang_nam, cast.sekong, cast.lamam],
    )
    assert _last_event().changes == {
        "parties": [
            sorted([cast.quang_nam.pk, cast.sekong.pk]),
            sorted([cast.quang_nam.pk, cast.sekong.pk, cast.lamam.pk]),
        ]
    }


def test_deactivating_a_partnership_ends_the_partners_view(cast):
    services.partnership_update(
        actor=cast.platform_admin, partnership=cast.partnership, active=False
    )
    officer = User.objects.get(pk=cast.vn_officer.pk)
    assert not Agency.objects.visible_to(officer).filter(pk=cast.sekong.pk).exists()


# --- Users ---------------------------------------------------------------------------


def test_user_create_by_an_agency_admin(cast):
    user = services.user_create(
        actor=cast.vn_admin,
        username="new_officer",
        agency=cast.nam_giang,
        roles=[Role.OFFICER, Role.OFFICER],
        full_name="Lê Thị Hoa",
        password="a-long-enough-secret-7",
    )
    assert user.role_set == {Role.OFFICER}
    assert user.check_password("a-long-enough-secret-7")
    event = _last_event()
    assert (event.verb, event.actor_id, event.changes["roles"]) == (
        "user_create",
        cast.vn_admin.pk,
        [[], ["officer"]],
    )


def test_user_create_without_password_has_an_unusable_one(cast):
    user = services.user_create(actor=cast.vn_admin, username="nopass", agency=cast.quang_nam)
    assert not user.has_usable_password()


def test_user_create_by_set_up_commands_is_audited_to_the_agency(cast):
    services.user_create(actor=None, username="demo", agency=cast.sekong)
    event = _last_event()
    assert event.actor_id is None and event.agency_id == cast.sekong.pk
    assert event.country == "LA"


@pytest.mark.parametrize(
    ("actor", "agency", "extra"),
    [
        ("vn_officer", "quang_nam", {}),  # not an administrator
        ("vn_admin", "c04", {}),  # above the admin's agency
        ("vn_admin", "sekong", {}),  # another country
        ("vn_admin", "quang_nam", {"is_superuser": True}),  # only platform admins make them
    ],
)
def test_user_create_refused(cast, actor, agency, extra):
    with _NoNewEvents(), pytest.raises(PermissionDenied):
        services.user_create(
            actor=getattr(cast, actor), username="refused", agency=getattr(cast, agency), **extra
        )
    assert not User.objects.filter(username="refused").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"agency": None}, "agency"),
        ({"roles": ["chief"]}, "roles"),
        ({"username": "vn_officer"}, "username"),  # taken
        ({"email": "not-an-address"}, "email"),
        ({"language": "fr"}, "language"),
    ],
)
def test_user_create_bad_input(cast, values, field):
    data = {"username": "bad_input", "agency": cast.quang_nam, **values}
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.user_create(actor=cast.vn_admin, **data)
    assert field in _error_fields(exc)
    assert User.objects.filter(username=data["username"]).count() == (
        1 if data["username"] == "vn_officer" else 0
    )


def test_user_create_weak_password(cast):
    with _NoNewEvents(), pytest.raises(ValidationError):
        services.user_create(
            actor=cast.vn_admin, username="weak", agency=cast.quang_nam, password="1234"
        )
    assert not User.objects.filter(username="weak").exists()


def test_user_update_roles_and_fields(cast):
    services.user_update(
        actor=cast.vn_admin,
        user=cast.vn_district_officer,
        roles=[Role.SUPERVISOR],
        position="Trưởng công an huyện",
    )
    user = User.objects.get(pk=cast.vn_district_officer.pk)
    assert user.role_set == {Role.SUPERVISOR} and user.position == "Trưởng công an huyện"
    event = _last_event()
    assert event.changes["roles"] == [["officer"], ["supervisor"]]
    assert event.changes["position"] == ["", "Trưởng công an huyện"]


def test_user_update_own_profile_without_admin_role(cast):
    services.user_update(actor=cast.vn_officer, user=cast.vn_officer, language="en", phone="+84 90")
    assert User.objects.get(pk=cast.vn_officer.pk).language == "en"
    with pytest.raises(PermissionDenied):
        services.user_update(actor=cast.vn_officer, user=cast.vn_officer, roles=[Role.AGENCY_ADMIN])
    with pytest.raises(PermissionDenied):
        services.user_update(actor=cast.vn_officer, user=cast.vn_officer, is_active=False)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=cast.vn_officer, user=cast.vn_supervisor, phone="1")


def test_user_update_cannot_leave_the_admins_subtree(cast):
    with _NoNewEvents(), pytest.raises(PermissionDenied):
        services.user_update(actor=cast.vn_admin, user=cast.vn_officer, agency=cast.c04)
    with _NoNewEvents(), pytest.raises(PermissionDenied):
        services.user_update(actor=cast.vn_admin, user=cast.la_officer, phone="1")
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.user_update(actor=cast.vn_admin, user=cast.vn_officer, agency=None)
    assert _error_fields(exc) == {"agency"}
    assert User.objects.get(pk=cast.vn_officer.pk).agency_id == cast.quang_nam.pk


def test_admin_cannot_remove_their_own_admin_role(cast):
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.user_update(actor=cast.vn_admin, user=cast.vn_admin, roles=[Role.OFFICER])
    assert _error_fields(exc) == {"roles"}
    assert User.objects.get(pk=cast.vn_admin.pk).has_role(Role.AGENCY_ADMIN)


def test_user_update_refuses_fields_it_does_not_manage(cast):
    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=cast.vn_admin, user=cast.vn_officer, is_superuser=True)
    assert _error_fields(exc) == {"is_superuser"}


def test_password_change_and_reset(cast):
    with _NoNewEvents(), pytest.raises(ValidationError) as exc:
        services.user_set_password(
            actor=cast.vn_officer,
            user=cast.vn_officer,
            new_password="brand-new-secret-9",
            old_password="wrong",
        )
    assert _error_fields(exc) == {"old_password"}
    services.user_set_password(
        actor=cast.vn_officer,
        user=cast.vn_officer,
        new_password="brand-new-secret-9",
        old_password=cast.password,
    )
    assert _last_event().changes == {"password": ["***", "***"]}  # never the hash
    with pytest.raises(ValidationError) as exc:
        services.user_set_password(actor=cast.vn_admin, user=cast.vn_officer, new_password="short")
    assert _error_fields(exc) == {"new_password"}
    with pytest.raises(PermissionDenied):
        services.user_set_password(
            actor=cast.vn_admin, user=cast.la_officer, new_password="brand-new-secret-9"
        )
    with pytest.raises(PermissionDenied):
        services.user_set_password(
            actor=cast.vn_supervisor, user=cast.vn_officer, new_password="brand-new-secret-9"
        )
    services.user_set_password(
        actor=cast.vn_admin, user=cast.vn_officer, new_password="admin-set-secret-10"
    )
    assert User.objects.get(pk=cast.vn_officer.pk).check_password("admin-set-secret-10")


# --- Second factor -------------------------------------------------------------------


def test_totp_enable_check_and_replay(cast):
    secret = pyotp.random_base32()
    user = User.objects.get(pk=cast.vn_officer.pk)
    with pytest.raises(ValidationError) as exc:
        services.user_totp_enable(actor=user, secret=secret, code="000000")
    assert _error_fields(exc) == {"code"}
    assert not User.objects.get(pk=user.pk).totp_enabled
    code = pyotp.TOTP(secret).now()
    services.user_totp_enable(actor=user, secret=secret, code=code)
    assert User.objects.get(pk=user.pk).totp_enabled
    # the code used to turn it on cannot be replayed to log in
    assert services.user_totp_check(user=user, code=code) is False
    assert _last_event().action == AuditEvent.Action.LOGIN_FAILED


def test_totp_disable_rules(cast):
    secret = pyotp.random_base32()
    user = User.objects.get(pk=cast.vn_officer.pk)
    services.user_totp_enable(actor=user, secret=secret, code=pyotp.TOTP(secret).now())
    Agency.objects.filter(pk=cast.quang_nam.pk).update(require_totp=True)
    user = User.objects.get(pk=user.pk)
    with pytest.raises(ValidationError) as exc:
        services.user_totp_disable(actor=user, user=user)
    assert _error_fields(exc) == {"totp"}
    with pytest.raises(PermissionDenied):
        services.user_totp_disable(actor=cast.la_officer, user=user)
    # the agency admin may turn it off (lost phone); the user sets it up again
    services.user_totp_disable(actor=cast.vn_admin, user=user)
    assert not User.objects.get(pk=user.pk).totp_enabled
