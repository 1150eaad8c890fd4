"""The second factor: codes, set-up, sign-in with a code, replay, throttle, mandatory use."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from liaison.agencies import services
from liaison.agencies.authentication import LoginThrottled, check_second_factor
from liaison.agencies.models import Agency, User
from liaison.agencies.totp import new_secret, verify_code
from liaison.core.models import AuditEvent, LoginFailure


def _code(secret: str, steps_ahead: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.at(time.time() + steps_ahead * totp.interval)


def _enable(user: User) -> str:
    secret = new_secret()
    services.user_totp_enable(actor=user, secret=secret, code=_code(secret))
    user.refresh_from_db()
    return secret


def _password_step(client, user: User, password: str):
    return client.post(reverse("login"), {"username": user.username, "password": password})


# --- the code itself ----------------------------------------------------------------------


def test_verify_code_accepts_one_step_of_drift_and_refuses_replay():
    secret = new_secret()
    totp = pyotp.TOTP(secret)
    now = 1_700_000_000.0
    counter = int(now // 30)
    assert verify_code(secret, totp.at(now), last_counter=0, now=now) == counter
    assert verify_code(secret, totp.at(now - 30), last_counter=0, now=now) == counter - 1
    assert verify_code(secret, totp.at(now + 30), last_counter=0, now=now) == counter + 1
    assert verify_code(secret, totp.at(now - 90), last_counter=0, now=now) is None
    # the same code, or an older one, once a code was accepted: a replay
    assert verify_code(secret, totp.at(now), last_counter=counter, now=now) is None
    assert verify_code(secret, totp.at(now - 30), last_counter=counter, now=now) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", None])
def test_verify_code_refuses_malformed_codes(code):
    assert verify_code(new_secret(), code, last_counter=0) is None


# --- set-up -------------------------------------------------------------------------------


def test_setup_shows_qr_and_key_then_enables_with_a_right_code(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.get(reverse("totp_setup"))
    assert response.status_code == 200
    secret = client.session["liaison_totp_setup_secret"]
    body = response.content.decode()
    assert "<svg" in body and "<path" in body  # the QR code, drawn on the server
    assert secret[:4] in body  # the key, for typing in
    # the secret stays the same across reloads until confirmed
    client.get(reverse("totp_setup"))
    assert client.session["liaison_totp_setup_secret"] == secret

    wrong = client.post(reverse("totp_setup"), {"code": "000000"})
    assert "code" in wrong.context["form"].errors
    assert not User.objects.get(pk=cast.vn_officer.pk).totp_enabled

    response = client.post(reverse("totp_setup"), {"code": _code(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    user = User.objects.get(pk=cast.vn_officer.pk)
    assert user.totp_enabled and user.totp_secret == secret
    assert "liaison_totp_setup_secret" not in client.session
    assert AuditEvent.objects.filter(verb="user_totp_enable", actor_id=user.pk).exists()


def test_setup_refuses_letters(cast):
    client = cast.client_for(cast.vn_officer)
    client.get(reverse("totp_setup"))
    response = client.post(reverse("totp_setup"), {"code": "12ab56"})
    assert response.context["form"].errors["code"] == ["Enter the six digits shown in your app."]


# --- sign-in with a code ------------------------------------------------------------------


def test_login_with_code_then_replayed_code_is_refused(client, cast):
    User.objects.filter(pk=cast.vn_officer.pk).update(language="en")  # read the English text
    user = cast.vn_officer
    secret = _enable(user)  # uses the current code

    response = _password_step(client, user, cast.password)
    assert response["Location"] == reverse("totp_verify")
    assert client.session["liaison_2fa_pending"] is True
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()
    # the middleware keeps the half-signed-in session on the code page
    assert client.get(reverse("profile"))["Location"] == reverse("totp_verify")

    # the code used at set-up is spent; the next one (one step of drift) is fresh
    spent = client.post(reverse("totp_verify"), {"code": _code(secret)})
    assert "code" in spent.context["form"].errors
    next_code = _code(secret, steps_ahead=1)
    response = client.post(reverse("totp_verify"), {"code": next_code})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "liaison_2fa_pending" not in client.session
    assert client.get(reverse("profile")).status_code == 200
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).verb == "login_totp"

    # someone who saw that code cannot use it again
    client.post(reverse("logout"))
    _password_step(client, user, cast.password)
    replay = client.post(reverse("totp_verify"), {"code": next_code})
    assert replay.status_code == 200
    assert "already been used" in replay.content.decode()
    assert client.session["liaison_2fa_pending"] is True


def test_pending_session_cannot_replace_the_secret(client, cast):
    secret = _enable(cast.vn_officer)
    _password_step(client, cast.vn_officer, cast.password)
    response = client.get(reverse("totp_setup"))
    assert response["Location"] == reverse("totp_verify")
    client.post(reverse("totp_setup"), {"code": _code(new_secret())})
    assert User.objects.get(pk=cast.vn_officer.pk).totp_secret == secret


def test_code_failures_count_toward_the_login_throttle(client, cast, settings):
    settings.LIAISON_LOGIN_MAX_FAILURES = 3
    User.objects.filter(pk=cast.vn_officer.pk).update(language="en")  # read the English text
    secret = _enable(cast.vn_officer)
    _password_step(client, cast.vn_officer, cast.password)
    for _ in range(3):
        client.post(reverse("totp_verify"), {"code": "000000"})
    response = client.post(reverse("totp_verify"), {"code": _code(secret, steps_ahead=1)})
    assert "Too many failed attempts" in response.content.decode()
    assert client.session["liaison_2fa_pending"] is True
    # the right password does not reset the count for a user with a second factor
    client.post(reverse("logout"))
    assert (
        "Too many failed attempts"
        in _password_step(client, cast.vn_officer, cast.password).content.decode()
    )


def test_check_second_factor_clears_failures_on_success(cast, settings):
    settings.LIAISON_LOGIN_MAX_FAILURES = 3
    user = cast.vn_officer
    secret = _enable(user)
    assert check_second_factor(user=user, code="111111", ip="10.0.0.1") is False
    assert LoginFailure.objects.filter(username="vn_officer").count() == 1
    assert check_second_factor(user=user, code=_code(secret, 1), ip="10.0.0.1") is True
    assert not LoginFailure.objects.filter(username="vn_officer").exists()
    for _ in range(3):
        check_second_factor(user=user, code="111111", ip="10.0.0.1")
    with pytest.raises(LoginThrottled):
        check_second_factor(user=user, code=_code(secret, 1), ip="10.0.0.1")


# --- mandatory second factor --------------------------------------------------------------


def test_mandatory_second_factor_sends_to_setup_first(client, cast):
    Agency.objects.filter(pk=cast.quang_nam.pk).update(require_totp=True)
    response = _password_step(client, cast.vn_officer, cast.password)
    assert response["Location"] == reverse("totp_setup")
    assert client.session["liaison_2fa_pending"] is True
    # nothing else is reachable until it is set up
    assert client.get(reverse("home"))["Location"] == reverse("totp_verify")
    assert client.get(reverse("totp_verify"))["Location"] == reverse("totp_setup")

    client.get(reverse("totp_setup"))
    secret = client.session["liaison_totp_setup_secret"]
    response = client.post(reverse("totp_setup"), {"code": _code(secret)})
    assert response["Location"] == reverse("home")
    assert "liaison_2fa_pending" not in client.session
    assert client.session[SESSION_KEY] == str(cast.vn_officer.pk)
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).verb == "login_totp_setup"


# --- turning it off -----------------------------------------------------------------------


def test_disable_needs_the_password(cast):
    _enable(cast.vn_officer)
    client = cast.client_for(cast.vn_officer)
    response = client.post(reverse("totp_disable"), {"password": "wrong-password-0"})
    assert response.status_code == 200
    assert "password" in response.context["totp_form"].errors
    assert User.objects.get(pk=cast.vn_officer.pk).totp_enabled

    assert client.get(reverse("totp_disable")).status_code == 405
    response = client.post(reverse("totp_disable"), {"password": cast.password})
    assert response["Location"] == reverse("profile")
    assert not User.objects.get(pk=cast.vn_officer.pk).totp_enabled
    assert AuditEvent.objects.filter(verb="user_totp_disable").count() == 1


def test_disable_refused_when_the_agency_requires_it(cast):
    _enable(cast.vn_officer)
    Agency.objects.filter(pk=cast.quang_nam.pk).update(require_totp=True)
    client = cast.client_for(cast.vn_officer)
    response = client.post(reverse("totp_disable"), {"password": cast.password})
    assert response.status_code == 200
    assert "requires a second factor" in response.content.decode()
    assert User.objects.get(pk=cast.vn_officer.pk).totp_enabled
