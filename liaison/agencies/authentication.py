"""Password check with throttling and audit, shared by the login page and the API."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from liaison.agencies.models import User
from liaison.core.audit.services import Action, audit_record
from liaison.core.models import LoginFailure


class LoginThrottled(Exception):
    """Too many recent failures for this username or address."""


def is_throttled(*, username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LIAISON_LOGIN_LOCKOUT_SECONDS)
    limit = settings.LIAISON_LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(created_at__gte=since)
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    # an address gets more room: several officers may share one post's connection
    return bool(ip) and recent.filter(ip=ip).count() >= limit * 4


def check_credentials(*, request, username: str, password: str, ip: str | None) -> User:
    """Return the user for good credentials; raise LoginThrottled or return None."""
    username = (username or "").strip()
    if is_throttled(username=username, ip=ip):
        with transaction.atomic():
            audit_record(
                actor=None,
                action=Action.LOGIN_FAILED,
                username=username,
                verb="login_throttled",
                ip=ip,
            )
        raise LoginThrottled
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None or not user.is_active:
            LoginFailure.objects.create(username=username.lower(), ip=ip)
            audit_record(
                actor=None,
                action=Action.LOGIN_FAILED,
                username=username,
                verb="login_failed",
                ip=ip,
            )
            return None
        if not user.totp_enabled:
            # With a second factor the count is cleared only once the code is right
            # (check_second_factor): a known password must not reset the code throttle.
            LoginFailure.objects.filter(username=username.lower()).delete()
    return user


def check_second_factor(*, user: User, code: str, ip: str | None) -> bool:
    """Check a login code; wrong codes count toward the same throttle as passwords."""
    from liaison.agencies.services import user_totp_check

    if is_throttled(username=user.get_username(), ip=ip):
        with transaction.atomic():
            audit_record(
                actor=user, action=Action.LOGIN_FAILED, obj=user, verb="totp_throttled", ip=ip
            )
        raise LoginThrottled
    with transaction.atomic():
        if not user_totp_check(user=user, code=code):
            LoginFailure.objects.create(username=user.get_username().lower(), ip=ip)
            return False
        LoginFailure.objects.filter(username=user.get_username().lower()).delete()
    return True


def record_login(*, user: User, ip: str | None, method: str = "password") -> None:
    with transaction.atomic():
        audit_record(actor=user, action=Action.LOGIN, obj=user, verb=f"login_{method}", ip=ip)


def record_logout(*, user: User, ip: str | None) -> None:
    with transaction.atomic():
        audit_record(actor=user, action=Action.LOGOUT, obj=user, verb="logout", ip=ip)
