"""The account pages: sign-in, second factor, home, profile and language.

Thin views: passwords and codes are checked in `authentication` (throttled, audited),
every write goes through `services`, every read through `selectors` or `visible_to`.

Session keys used here:
- liaison_2fa_pending: the password was right but a code is still owed (or must first be
  set up); TwoFactorMiddleware then lets the session reach only the code pages;
- liaison_language: the user's language, which UserLanguageMiddleware applies;
- liaison_next: where to go once fully signed in;
- liaison_totp_setup_secret: the secret being set up, until a code confirms it.
"""

from __future__ import annotations

import math

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from liaison.agencies import selectors, services, totp
from liaison.agencies.authentication import (
    LoginThrottled,
    check_credentials,
    check_second_factor,
    record_login,
    record_logout,
)
from liaison.agencies.forms.account import (
    CodeForm,
    LanguageForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    TotpDisableForm,
)
from liaison.agencies.forms.directory import apply_service_errors
from liaison.agencies.models import Agency, User
from liaison.core.access import get_tree
from liaison.core.middleware import client_ip

PENDING = "liaison_2fa_pending"
LANGUAGE = "liaison_language"
NEXT = "liaison_next"
SETUP_SECRET = "liaison_totp_setup_secret"

# The home page shows this many sub-units and partners; the directory pages list all.
HOME_LIST_LIMIT = 30


# --- helpers ----------------------------------------------------------------------------


def _safe_next(request: HttpRequest, candidate: str | None, default: str = "home") -> str:
    """`candidate` if it points into this site, else the URL named `default`."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _remember_language(response: HttpResponse, code: str) -> HttpResponse:
    """Keep the language in the cookie too, so the sign-in page after logout keeps it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _throttled_message() -> str:
    minutes = max(1, math.ceil(settings.LIAISON_LOGIN_LOCKOUT_SECONDS / 60))
    return ngettext(
        "Too many failed attempts. Wait %(minutes)d minute, then try again.",
        "Too many failed attempts. Wait %(minutes)d minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}


def _start_session(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Password accepted: sign in, then ask for the second factor if one is owed."""
    login(request, user)  # a new session key: the pre-login one cannot be fixed
    request.session[LANGUAGE] = user.language
    request.session[NEXT] = next_url
    if user.totp_enabled:
        request.session[PENDING] = True
        response = redirect("totp_verify")
    elif user.agency.require_totp:
        request.session[PENDING] = True
        with translation.override(user.language):
            messages.info(
                request,
                _("Your agency requires a second factor. Set up an authenticator app to continue."),
            )
        response = redirect("totp_setup")
    else:
        request.session.pop(PENDING, None)
        record_login(user=user, ip=client_ip(request), method="password")
        response = redirect(request.session.pop(NEXT))
    return _remember_language(response, user.language)


def _complete_second_factor(request: HttpRequest, *, method: str) -> HttpResponse:
    """Code accepted: the session is fully signed in from now on."""
    del request.session[PENDING]
    request.session.cycle_key()
    record_login(user=request.user, ip=client_ip(request), method=method)
    return redirect(request.session.pop(NEXT, None) or reverse("home"))


# --- sign-in and second factor ----------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and not request.session.get(PENDING):
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = check_credentials(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except LoginThrottled:
            form.add_error(None, _throttled_message())
        else:
            if user is not None:
                return _start_session(request, user, next_url)
            # One message for both cases: never tell which of the two was wrong.
            form.add_error(None, _("The username or password is not correct."))
    return render(request, "account/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record_logout(user=request.user, ip=client_ip(request))
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_verify(request: HttpRequest) -> HttpResponse:
    if not request.session.get(PENDING):
        return redirect("home")
    if not request.user.totp_enabled:
        return redirect("totp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accepted = check_second_factor(
                user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except LoginThrottled:
            form.add_error(None, _throttled_message())
        else:
            if accepted:
                return _complete_second_factor(request, method="totp")
            form.add_error(
                "code",
                _(
                    "The code is not correct or has already been used. "
                    "Wait for the next code in your app and try again."
                ),
            )
    return render(request, "account/totp_verify.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    pending = bool(request.session.get(PENDING))
    if user.totp_enabled:
        # Never let a session that still owes a code replace the secret.
        return redirect("totp_verify" if pending else "profile")
    secret = request.session.get(SETUP_SECRET)
    if not secret:
        secret = totp.new_secret()
        request.session[SETUP_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_totp_enable(actor=user, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_service_errors(form, exc, default_field="code")
        else:
            del request.session[SETUP_SECRET]
            messages.success(
                request,
                _("The second factor is on. From now on you sign in with a code from your app."),
            )
            if pending:
                return _complete_second_factor(request, method="totp_setup")
            return redirect("profile")
    uri = totp.provisioning_uri(secret, username=user.get_username())
    # segno writes the SVG from the URI alone: no user text is interpolated into it.
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, omitsize=True)
    return render(
        request,
        "account/totp_setup.html",
        {
            "form": form,
            "pending": pending,
            "qr_svg": mark_safe(qr_svg),  # generated markup, see above
            "secret_grouped": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": user.agency.require_totp,
        },
    )


@sensitive_post_parameters("password")
@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    form = TotpDisableForm(request.POST)
    if form.is_valid():
        # The password is checked like a sign-in: throttled and audited when wrong.
        try:
            confirmed = check_credentials(
                request=request,
                username=user.get_username(),
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except LoginThrottled:
            form.add_error(None, _throttled_message())
        else:
            if confirmed is None or confirmed.pk != user.pk:
                form.add_error("password", _("Your password is not correct."))
            else:
                try:
                    services.user_totp_disable(actor=user, user=user)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("The second factor is off."))
                    return redirect("profile")
    return _render_profile(request, totp_form=form)


# --- home and profile -------------------------------------------------------------------


def _chain_of_command(user: User, agency: Agency) -> list[Agency]:
    """The agencies above `agency`, top first, in one query (the tree is cached)."""
    ids = list(reversed(get_tree().ancestors(agency.pk)))
    found = Agency.objects.visible_to(user).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    agency = Agency.objects.select_related("country", "area").get(pk=user.agency_id)
    children = selectors.agency_children(user=user, agency=agency)
    partners = selectors.partner_agencies(user=user)
    return render(
        request,
        "home.html",
        {
            "agency": agency,
            "chain": _chain_of_command(user, agency),
            "children": children[:HOME_LIST_LIMIT],
            "children_count": children.count(),
            "partners": partners[:HOME_LIST_LIMIT],
            "partners_count": partners.count(),
        },
    )


def _render_profile(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    password_form: PasswordChangeForm | None = None,
    totp_form: TotpDisableForm | None = None,
) -> HttpResponse:
    user: User = request.user
    if profile_form is None:
        profile_form = ProfileForm(
            initial={name: getattr(user, name) for name in ProfileForm.base_fields}
        )
    return render(
        request,
        "account/profile.html",
        {
            "profile_form": profile_form,
            "password_form": password_form or PasswordChangeForm(),
            "totp_form": totp_form or TotpDisableForm(),
            "agency": user.agency,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_profile(request)
    user: User = request.user
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.user_update(actor=user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            user.refresh_from_db()  # the service changed the instance before refusing
            apply_service_errors(form, exc)
        else:
            request.session[LANGUAGE] = user.language
            # Said in the language just chosen: the next page is shown in it.
            with translation.override(user.language):
                messages.success(request, _("Your profile has been saved."))
            return _remember_language(redirect("profile"), user.language)
    return _render_profile(request, profile_form=form)


@sensitive_post_parameters("old_password", "new_password", "new_password_again")
@login_required
@require_POST
def profile_password(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(
                actor=user,
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, default_field="new_password")
        else:
            update_session_auth_hash(request, user)  # stay signed in here, not elsewhere
            messages.success(request, _("Your password has been changed."))
            return redirect("profile")
    return _render_profile(request, password_form=form)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; for a signed-in user it is kept on the profile."""
    form = LanguageForm(request.POST)
    next_url = _safe_next(
        request,
        request.POST.get("next") or request.META.get("HTTP_REFERER"),
        default="home" if request.user.is_authenticated else "login",
    )
    if not form.is_valid():
        return redirect(next_url)
    code = form.cleaned_data["language"]
    user = request.user
    if user.is_authenticated and user.language != code:
        services.user_update(actor=user, user=user, language=code)
    request.session[LANGUAGE] = code
    return _remember_language(redirect(next_url), code)
