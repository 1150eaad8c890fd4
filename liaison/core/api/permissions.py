"""Role-based permissions for API views.

These answer 403 by role only ("may this kind of user do this at all?"). Whether a
particular record is in the caller's scope is decided by the viewset's queryset (404),
and the fine-grained "may this user change this record" by the services (403).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

AGENCY_ADMIN = "agency_admin"
AUDITOR = "auditor"


def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def has_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and user.has_role(role))


class IsPlatformAdminOrReadOnly(BasePermission):
    """Everyone signed in reads; only platform administrators write."""

    message = _("Only a platform administrator may do this.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_superuser


class IsUserAdministratorOrReadOnly(BasePermission):
    """Everyone signed in reads; agency and platform administrators write."""

    message = _("Only an agency administrator may manage users.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return is_platform_admin(user) or has_role(user, AGENCY_ADMIN)


class IsAuditorOrPlatformAdmin(BasePermission):
    """The audit trail: auditors (their own country) and platform administrators."""

    message = _("Only auditors may read the audit trail.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return is_platform_admin(user) or has_role(user, AUDITOR)
