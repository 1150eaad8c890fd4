"""Token sign-in (POST/DELETE /api/v1/auth/token/) and the token_create command."""

from __future__ import annotations

from io import StringIO

import pyotp
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from liaison.core.models import AuditEvent, LoginFailure

URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # DRF's per-address throttle lives in the cache, shared by every test in the process
    cache.clear()
    yield
    cache.clear()


def sign_in(client, **data):
    return client.post(URL, data, content_type="application/json")


def test_good_credentials_return_a_token_that_authenticates(cast, client):
    response = sign_in(client, username="vn_officer", password=cast.password)
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=cast.vn_officer).key == key

    me = client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200
    assert me.json()["username"] == "vn_officer"


def test_form_encoded_credentials_work_and_the_token_is_reused(cast, client):
    first = client.post(URL, {"username": "la_officer", "password": cast.password})
    second = client.post(URL, {"username": "la_officer", "password": cast.password})
    assert first.status_code == second.status_code == 200
    assert first.json()["token"] == second.json()["token"]
    assert Token.objects.filter(user=cast.la_officer).count() == 1


def test_token_creation_and_login_are_audited_without_the_secret(cast, client):
    key = sign_in(client, username="vn_officer", password=cast.password).json()["token"]
    created = AuditEvent.objects.get(verb="token_create")
    assert created.action == AuditEvent.Action.CREATE
    assert created.actor_id == cast.vn_officer.pk
    assert created.object_type == "authtoken.token"
    assert created.object_id == str(cast.vn_officer.pk)
    login = AuditEvent.objects.get(verb="login_token")
    assert login.action == AuditEvent.Action.LOGIN
    assert login.ip == "127.0.0.1"
    for event in AuditEvent.objects.all():
        assert key not in f"{event.object_id}{event.object_repr}{event.changes}"
    # a second sign-in reuses the token: a login event, no second creation
    sign_in(client, username="vn_officer", password=cast.password)
    assert AuditEvent.objects.filter(verb="token_create").count() == 1
    assert AuditEvent.objects.filter(verb="login_token").count() == 2


@pytest.mark.parametrize("username", ["vn_officer", "nobody-like-this"])
def test_wrong_credentials_get_one_generic_error(cast, client, username):
    response = sign_in(client, username=username, password="wrong-password-1")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["non_field_errors"]
    assert not Token.objects.exists()
    assert LoginFailure.objects.filter(username=username.lower()).count() == 1
    assert AuditEvent.objects.filter(verb="login_failed", actor_username=username).exists()


def test_missing_fields_are_named(cast, client):
    response = sign_in(client, username="vn_officer")
    assert response.status_code == 400
    assert "password" in response.json()


def test_repeated_failures_lock_the_username_out_with_429(cast, client, settings):
    settings.LIAISON_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert sign_in(client, username="vn_officer", password="nope-nope-1").status_code == 400
    response = sign_in(client, username="vn_officer", password=cast.password)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(verb="login_throttled").exists()


def test_the_throttle_message_is_translated(cast, client, settings):
    settings.LIAISON_LOGIN_MAX_FAILURES = 1
    sign_in(client, username="vn_officer", password="nope-nope-1")
    english = client.post(
        URL, {"username": "vn_officer", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 429
    assert english["Content-Language"] == "en"
    assert english.json()["detail"] == ("Too many failed sign-in attempts. Please try again later.")
    vietnamese = client.post(
        URL, {"username": "vn_officer", "password": "x"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert vietnamese["Content-Language"] == "vi"


def test_per_address_rate_limit(cast, client):
    statuses = [
        sign_in(client, username="vn_officer", password=cast.password).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


# --- second factor ------------------------------------------------------------------------


def _with_totp(user) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_counter = 0
    user.save()
    return pyotp.TOTP(secret)


def test_totp_user_must_send_a_valid_code(cast, client):
    totp = _with_totp(cast.vn_officer)
    missing = sign_in(client, username="vn_officer", password=cast.password)
    assert missing.status_code == 400
    assert list(missing.json()) == ["otp"]

    wrong_code = "000000" if totp.now() != "000000" else "111111"
    wrong = sign_in(client, username="vn_officer", password=cast.password, otp=wrong_code)
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["otp"]
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(verb="user_totp_check").exists()

    good = sign_in(client, username="vn_officer", password=cast.password, otp=totp.now())
    assert good.status_code == 200
    assert good.json()["token"]


def test_a_totp_code_cannot_be_replayed(cast, client):
    totp = _with_totp(cast.vn_officer)
    code = totp.now()
    assert (
        sign_in(client, username="vn_officer", password=cast.password, otp=code).status_code == 200
    )
    again = sign_in(client, username="vn_officer", password=cast.password, otp=code)
    assert again.status_code == 400
    assert "otp" in again.json()


def test_wrong_codes_count_toward_the_lockout(cast, client, settings):
    settings.LIAISON_LOGIN_MAX_FAILURES = 3
    totp = _with_totp(cast.vn_officer)
    wrong_code = "000000" if totp.now() != "000000" else "111111"
    for _ in range(3):
        response = sign_in(client, username="vn_officer", password=cast.password, otp=wrong_code)
        assert response.status_code == 400
    # the right password and the right code no longer help: locked out
    response = sign_in(client, username="vn_officer", password=cast.password, otp=totp.now())
    assert response.status_code == 429
    assert not Token.objects.exists()
    assert LoginFailure.objects.filter(username="vn_officer").count() == 3


def test_agency_requiring_totp_refuses_a_token_until_it_is_set_up(cast, client):
    cast.quang_nam.require_totp = True
    cast.quang_nam.save()
    response = sign_in(client, username="vn_officer", password=cast.password)
    assert response.status_code == 400
    assert list(response.json()) == ["otp"]
    assert not Token.objects.exists()


# --- revoking -----------------------------------------------------------------------------


def test_delete_revokes_the_callers_token(cast, client):
    key = sign_in(client, username="vn_officer", password=cast.password).json()["token"]
    other = sign_in(client, username="la_officer", password=cast.password).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.delete(URL, **auth).status_code == 204
    assert not Token.objects.filter(key=key).exists()
    assert Token.objects.filter(key=other).exists()
    assert client.get("/api/v1/users/me/", **auth).status_code == 401
    event = AuditEvent.objects.get(verb="token_revoke")
    assert event.action == AuditEvent.Action.DELETE
    assert event.actor_id == cast.vn_officer.pk


def test_delete_needs_authentication(cast, client):
    response = client.delete(URL)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_wrong_method_is_405_json(cast):
    response = cast.client_for(cast.vn_officer).get(URL)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


# --- management command -------------------------------------------------------------------


def test_token_create_command_prints_the_same_token_and_is_audited(cast):
    out = StringIO()
    call_command("token_create", "la_officer", stdout=out)
    key = out.getvalue().strip()
    assert key == Token.objects.get(user=cast.la_officer).key
    event = AuditEvent.objects.get(verb="token_create")
    assert event.actor_id is None
    assert event.object_id == str(cast.la_officer.pk)
    assert event.agency_id == cast.sekong.pk
    assert event.country == "LA"
    assert key not in f"{event.object_repr}{event.changes}"

    again = StringIO()
    call_command("token_create", "la_officer", stdout=again)
    assert again.getvalue().strip() == key
    assert AuditEvent.objects.filter(verb="token_create").count() == 1


def test_token_create_command_rotates(cast):
    first, second = StringIO(), StringIO()
    call_command("token_create", "la_officer", stdout=first)
    call_command("token_create", "la_officer", "--rotate", stdout=second)
    assert first.getvalue() != second.getvalue()
    assert Token.objects.get(user=cast.la_officer).key == second.getvalue().strip()


def test_token_create_command_refuses_unknown_and_inactive_users(cast):
    with pytest.raises(CommandError):
        call_command("token_create", "ghost", stdout=StringIO())
    cast.outsider.is_active = False
    cast.outsider.save()
    with pytest.raises(CommandError):
        call_command("token_create", "outsider", stdout=StringIO())
    assert not Token.objects.exists()
