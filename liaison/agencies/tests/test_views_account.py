"""Sign-in, home, profile, password and language pages."""

from __future__ import annotations

import array
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from liaison.agencies.models import HotlineContact, Partnership, User
from liaison.core.models import AuditEvent, LoginFailure
from liaison.core.testing.factories import AgencyFactory

GENERIC_ERROR = "The username or password is not correct."


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- sign-in ------------------------------------------------------------------------------


def test_login_page_renders_for_anonymous(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body and 'name="password"' in body
    assert '<html lang="' in body


def test_login_success_signs_in_audits_and_uses_users_language(client, cast):
    client.post(reverse("set_language"), {"language": "en"})  # creates a session
    key_before = client.session.session_key
    response = _login(client, "la_officer", cast.password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(cast.la_officer.pk)
    assert client.session.session_key != key_before  # no session fixation
    assert client.session["liaison_language"] == "lo"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "lo"
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert event.actor_id == cast.la_officer.pk
    assert event.verb == "login_password"


@pytest.mark.parametrize(
    ("username", "password"),
    [("vn_officer", "wrong-password-1"), ("nobody_here", "correct-horse-battery-42")],
)
def test_wrong_credentials_give_one_generic_error(client, cast, username, password):
    response = _login(client, username, password)
    assert response.status_code == 200
    body = response.content.decode()
    assert GENERIC_ERROR in body
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor_id is None and event.actor_username == username
    assert event.verb == "login_failed"
    assert LoginFailure.objects.filter(username=username).count() == 1


def test_empty_form_names_the_fields(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    form = response.context["form"]
    assert set(form.errors) == {"username", "password"}
    assert GENERIC_ERROR not in response.content.decode()


def test_throttle_blocks_even_the_right_password(client, cast, settings, monkeypatch):
    settings.LIAISON_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert GENERIC_ERROR in _login(client, "vn_officer", "nope-nope-nope").content.decode()

    def must_not_be_called(*args, **kwargs):
        raise AssertionError("the password must not be checked while throttled")

    monkeypatch.setattr("liaison.agencies.authentication.authenticate", must_not_be_called)
    response = _login(client, "vn_officer", cast.password)
    body = response.content.decode()
    assert "Too many failed attempts" in body
    assert GENERIC_ERROR not in body
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(verb="login_throttled").count() == 1


def test_throttle_is_per_username(client, cast, settings):
    settings.LIAISON_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        _login(client, "vn_officer", "nope-nope-nope")
    assert _login(client, "vn_supervisor", cast.password).status_code == 302


def test_login_follows_a_safe_next_only(client, cast):
    response = client.post(
        reverse("login") + "?next=/profile/",
        {"username": "vn_officer", "password": cast.password},
    )
    assert response["Location"] == "/profile/"
    client.post(reverse("logout"))
    response = client.post(
        reverse("login"),
        {"username": "vn_officer", "password": cast.password, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_signed_in_user_visiting_login_goes_home(cast):
    response = cast.client_for(cast.vn_officer).get(reverse("login"))
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_logout_is_post_only_and_audited(cast):
    client = cast.client_for(cast.vn_officer)
    assert client.get(reverse("logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGOUT, actor_id=cast.vn_officer.pk
    ).exists()


def test_pages_need_sign_in(client, db):
    for name in ("home", "profile", "totp_setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- home ---------------------------------------------------------------------------------


def test_home_shows_chain_sub_units_and_partners_with_contacts(cast):
    HotlineContact.objects.create(
        agency=cast.sekong, channel="phone", value="+856 38 211 000", label="Hotline 24/7"
    )
    body = cast.client_for(cast.vn_officer).get(reverse("home")).content.decode()
    chain = body[body.index('class="liaison-tree') :]
    # the chain of command, top first, ending with the user's own agency
    positions = [chain.index(a.name) for a in (cast.vn_ministry, cast.c04, cast.quang_nam)]
    assert positions == sorted(positions)
    assert cast.nam_giang.name in body  # sub-unit
    assert cast.sekong.name in body  # partner across the border, shown as written
    assert "+856 38 211 000" in body and "Hotline 24/7" in body
    assert "Provincial" in body  # the partner's hotline level
    assert cast.kh_add.name not in body  # not a partner


def test_home_for_agency_without_partners(cast):
    body = cast.client_for(cast.outsider).get(reverse("home")).content.decode()
    assert "not yet in a partnership" in body
    assert cast.sekong.name not in body


def test_home_query_count_does_not_grow_with_partners(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    client.get(reverse("home"))  # warm the agency-tree cache
    with django_assert_max_num_queries(14) as baseline:
        client.get(reverse("home"))
        baseline_count = len(baseline)
    extra = [AgencyFactory(country=cast.sekong.country, parent=cast.sekong) for _ in range(4)]
    extra += [AgencyFactory(country=cast.vn_ministry.country, parent=cast.quang_nam)]
    partnership = Partnership.objects.create(code="more", name="More", kind="bilateral")
    partnership.parties.set([cast.quang_nam, *extra[:4]])
    for agency in extra[:4]:
        HotlineContact.objects.create(agency=agency, channel="fax", value="123")
    client.get(reverse("home"))
    with django_assert_max_num_queries(baseline_count):
        body = client.get(reverse("home")).content.decode()
    assert all(a.name in body for a in extra)


# --- profile and password -----------------------------------------------------------------


def test_profile_edit_saves_through_the_service(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Nguyễn Văn Bình",
            "position": "Phó trưởng phòng",
            "phone": "0235 3852 000",
            "email": "binh@example.org",
            "language": "km",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=cast.vn_officer.pk)
    assert (user.full_name, user.position, user.language) == (
        "Nguyễn Văn Bình",
        "Phó trưởng phòng",
        "km",
    )
    assert client.session["liaison_language"] == "km"
    event = AuditEvent.objects.get(verb="user_update")
    assert event.changes["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Bình"]


def test_profile_bad_input_names_the_field_and_writes_nothing(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("profile"),
        {"full_name": "X", "email": "not-an-e-mail", "language": "xx"},
    )
    assert response.status_code == 200
    errors = response.context["profile_form"].errors
    assert set(errors) == {"email", "language"}
    assert User.objects.get(pk=cast.vn_officer.pk).full_name == "Nguyễn Văn An"
    assert not AuditEvent.objects.filter(verb="user_update").exists()


def test_password_change_wrong_old_password_is_a_field_error(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("profile_password"),
        {
            "old_password": "not-my-password",
            "new_password": "a-brand-new-secret-77",
            "new_password_again": "a-brand-new-secret-77",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["password_form"].errors
    assert User.objects.get(pk=cast.vn_officer.pk).check_password(cast.password)


def test_password_change_rejects_mismatch_and_weak_password(cast):
    client = cast.client_for(cast.vn_officer)
    mismatch = client.post(
        reverse("profile_password"),
        {
            "old_password": cast.password,
            "new_password": "a-brand-new-secret-77",
            "new_password_again": "another-secret-77",
        },
    )
    assert "new_password_again" in mismatch.context["password_form"].errors
    weak = client.post(
        reverse("profile_password"),
        {"old_password": cast.password, "new_password": "12345", "new_password_again": "12345"},
    )
    assert "new_password" in weak.context["password_form"].errors
    assert User.objects.get(pk=cast.vn_officer.pk).check_password(cast.password)


def test_password_change_keeps_this_session(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("profile_password"),
        {
            "old_password": cast.password,
            "new_password": "a-brand-new-secret-77",
            "new_password_again": "a-brand-new-secret-77",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=cast.vn_officer.pk).check_password("a-brand-new-secret-77")
    assert client.get(reverse("profile")).status_code == 200
    assert AuditEvent.objects.filter(verb="user_set_password").count() == 1


# --- language -----------------------------------------------------------------------------


def _write_mo(path: Path, messages: dict[str, str]) -> None:
    """A minimal GNU .mo catalog (the layout of CPython's Tools/i18n/msgfmt.py)."""
    catalog = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(catalog)
    ids = strs = b""
    offsets = []
    for key in keys:
        k, v = key.encode(), catalog[key].encode()
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    table = []
    for o1, l1, _o2, _l2 in offsets:
        table += [l1, o1 + keystart]
    for _o1, _l1, o2, l2 in offsets:
        table += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + len(keys) * 8, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + array.array("i", table).tobytes() + ids + strs)


@pytest.fixture
def lao_catalog(settings, tmp_path):
    """A Lao catalog of our own, so the test does not wait for the translators."""
    _write_mo(tmp_path / "lo" / "LC_MESSAGES" / "django.mo", {"Sign out": "ອອກຈາກລະບົບ"})
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    return "ອອກຈາກລະບົບ"


def test_language_switch_stores_choice_and_renders_lao(cast, lao_catalog):
    client = cast.client_for(cast.vn_officer)
    response = client.post(reverse("set_language"), {"language": "lo", "next": "/profile/"})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    assert User.objects.get(pk=cast.vn_officer.pk).language == "lo"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "lo"
    body = client.get(reverse("profile")).content.decode()
    assert '<html lang="lo">' in body
    assert lao_catalog in body  # a Lao UI string, not only the language's own name


def test_language_switch_for_anonymous_and_unsafe_next(client, db, lao_catalog):
    response = client.post(
        reverse("set_language"), {"language": "lo", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("login")
    assert '<html lang="lo">' in client.get(reverse("login")).content.decode()


def test_language_switch_refuses_unknown_language(cast):
    client = cast.client_for(cast.vn_officer)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert User.objects.get(pk=cast.vn_officer.pk).language == "vi"
    assert client.get(reverse("set_language")).status_code == 405


# --- the shell ----------------------------------------------------------------------------


def test_navbar_shows_admin_and_audit_links_by_role(cast):
    users_link = f'href="{reverse("user_list")}"'
    audit_link = f'href="{reverse("audit_list")}"'
    officer = cast.client_for(cast.vn_officer).get(reverse("home")).content.decode()
    admin = cast.client_for(cast.vn_admin).get(reverse("home")).content.decode()
    auditor = cast.client_for(cast.vn_auditor).get(reverse("home")).content.decode()
    assert users_link not in officer and audit_link not in officer
    assert users_link in admin and audit_link not in admin
    assert audit_link in auditor and users_link not in auditor
    assert f'href="{reverse("api-docs")}"' in officer


def test_pages_have_no_inline_script_and_no_external_assets(cast):
    for user, name in ((None, "login"), (cast.vn_officer, "home"), (cast.vn_officer, "profile")):
        body = cast.client_for(user).get(reverse(name)).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", body)
        assert scripts and all("src=" in tag for tag in scripts)
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", body)
        assert 'hx-headers=\'{"X-CSRFToken": "' in body


def test_error_pages(cast, client, settings):
    settings.DEBUG = False
    response = cast.client_for(cast.vn_officer).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()

    from django.test import RequestFactory

    from liaison.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Server error" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("lo", "ຊື່ຜູ້ໃຊ້ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ."),
        ("en", "The username or password is not correct."),
    ],
)
def test_login_error_is_translated(client, cast, language, expected):
    """The real catalogs, not a test one: a Lao browser gets the error in Lao."""
    response = client.post(
        reverse("login"),
        {"username": "vn_officer", "password": "wrong-password-1"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert expected in html
