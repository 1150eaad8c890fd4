"""Request-wide concerns: client address for the audit, language, second factor, headers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from liaison.core.request_context import (
    end_request_cache,
    reset_ip,
    set_ip,
    start_request_cache,
)


def client_ip(request) -> str | None:
    # Behind a reverse proxy set LIAISON_TRUSTED_PROXY=1 so X-Forwarded-For is used.
    if getattr(settings, "LIAISON_TRUSTED_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_ip(client_ip(request))
        cache_token = start_request_cache()
        try:
            return self.get_response(request)
        finally:
            end_request_cache(cache_token)
            reset_ip(token)


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's.

    Runs before LocaleMiddleware and sets the language cookie value it reads; the
    session user is looked up lazily so anonymous requests cost nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.session.get("liaison_language") if hasattr(request, "session") else None
        if lang:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = lang
        response = self.get_response(request)
        return response


class TwoFactorMiddleware:
    """Sessions that still owe a second factor may only reach the verification pages.

    Everything else redirects to the code page; the API sees such a session as
    anonymous (a password alone must not open the API through the session cookie).
    """

    allowed_prefixes = ("/static/",)
    allowed_url_names = ("totp_verify", "totp_setup", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get("liaison_2fa_pending")
            and not request.path.startswith(self.allowed_prefixes)
        ):
            if request.path.startswith("/api/"):
                request.user = AnonymousUser()
            elif request.path not in {reverse(name) for name in self.allowed_url_names}:
                return redirect("totp_verify")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Strict Content-Security-Policy: every asset is ours, nothing inline from outside."""

    csp = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'self'; form-action 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            # Swagger UI (vendored) needs inline bootstrap script.
            response.setdefault(
                "Content-Security-Policy",
                self.csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
            )
        else:
            response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        translation.get_language()  # keep the active language for the response
        return response
