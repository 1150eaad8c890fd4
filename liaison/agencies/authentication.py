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
                actor=None, action=Action.LOGIN_FAILED, username=username,
                verb="login_throttled", ip=ip,
            )
        raise LoginThrottled
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None or not user.is_active:
            LoginFailure.objects.create(username=username.lower(), ip=ip)
            audit_record(
                actor=None, action=Action.LOGIN_FAILED, username=username,
                verb="login_failed", ip=ip,
            )
            return None
        LoginFailure.objects.filter(username=username.lower()).delete()
    return user


def record_login(*, user: User, ip: str | None, method: str = "password") -> None:
    with transaction.atomic():
        audit_record(actor=user, action=Action.LOGIN, obj=user, verb=f"login_{method}", ip=ip)
