"""Request-wide behaviour: second-factor gate, user language, security headers, assets."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from liaison.core.middleware import TwoFactorMiddleware
from liaison.core.templatetags.liaison_ui import nav_item

# --- second factor gate -------------------------------------------------------------------


@pytest.fixture
def pending_client(cast):
    client = cast.client_for(cast.vn_officer)
    session = client.session
    session["liaison_2fa_pending"] = True
    session.save()
    return client


@pytest.mark.parametrize("name", ["home", "profile", "agency_list", "partner_list"])
def test_pending_session_is_sent_to_the_code_page(pending_client, name):
    response = pending_client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("totp_verify")


def test_pending_session_reaches_code_pages_logout_language_and_static(pending_client):
    # totp_verify answers itself (it sends users without a code on to the set-up page)
    assert pending_client.get(reverse("totp_setup")).status_code == 200
    response = pending_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert pending_client.get("/static/css/liaison.css").status_code != 302
    assert pending_client.post(reverse("logout")).status_code == 302
    assert pending_client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_pending_session_is_anonymous_for_the_api(cast):
    seen = {}

    def view(request):
        seen["user"] = request.user
        return HttpResponse("ok")

    middleware = TwoFactorMiddleware(view)
    for path, pending, authenticated in [
        ("/api/v1/agencies/", True, False),
        ("/api/v1/agencies/", False, True),
    ]:
        request = RequestFactory().get(path)
        request.user = cast.vn_officer
        request.session = {"liaison_2fa_pending": pending}
        middleware(request)
        assert seen["user"].is_authenticated is authenticated


def test_full_session_is_not_redirected(cast):
    assert cast.client_for(cast.vn_officer).get(reverse("home")).status_code == 200


# --- language -----------------------------------------------------------------------------


def test_session_language_wins_over_the_browser(cast):
    client = cast.client_for(cast.vn_officer)
    session = client.session
    session["liaison_language"] = "en"
    session.save()
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


# --- security headers ---------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
def test_security_headers(cast, signed_in):
    client = cast.client_for(cast.vn_officer if signed_in else None)
    response = client.get(reverse("home" if signed_in else "login"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- vendored assets ----------------------------------------------------------------------

FONTS = [
    "fonts/NotoSans-Regular.ttf",
    "fonts/NotoSans-Bold.ttf",
    "fonts/NotoSansLao-Regular.ttf",
    "fonts/NotoSansLao-Bold.ttf",
    "fonts/NotoSansKhmer-Regular.ttf",
    "fonts/NotoSansKhmer-Bold.ttf",
]


def test_fonts_are_vendored_with_their_licence():
    total = 0
    for name in FONTS:
        path = finders.find(name)
        assert path, f"{name} is missing from the static files"
        data = Path(path).read_bytes()
        assert data[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true"), f"{name} is not a font"
        total += len(data)
    assert total < 2 * 1024 * 1024
    licence = Path(finders.find("fonts/OFL.txt")).read_text()
    assert "SIL Open Font License" in licence and "PERMISSION & CONDITIONS" in licence


def test_stylesheet_declares_the_fonts_for_lao_and_khmer():
    css = Path(finders.find("css/liaison.css")).read_text()
    for name in FONTS:
        assert f"../{name}" in css
    assert ":lang(lo)" in css and ":lang(km)" in css
    assert '"Noto Sans", "Noto Sans Lao", "Noto Sans Khmer", system-ui' in css
    assert "http://" not in css and "https://" not in css  # nothing from outside


@pytest.mark.parametrize(
    "name",
    [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/bootstrap/LICENSE",
        "vendor/htmx/htmx.min.js",
        "vendor/htmx/LICENSE",
        "js/liaison.js",
    ],
)
def test_front_end_is_vendored(name):
    assert finders.find(name), f"{name} is missing from the static files"


def test_nav_item_hides_pages_that_do_not_exist_yet(rf):
    request = rf.get("/agencies/")
    assert nav_item({"request": request}, "no_such_page", "X") == {"url": None}
    item = nav_item({"request": request}, "agency_list", "Agencies")
    assert item == {"url": reverse("agency_list"), "label": "Agencies", "current": True}
    assert nav_item({"request": request}, "home", "Home")["current"] is False
