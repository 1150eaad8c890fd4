"""Core endpoints under /api/v1/: tokens and the audit trail."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from liaison.core.api.views import AuditEventViewSet, TokenView

router = SimpleRouter()
router.register("audit-events", AuditEventViewSet, basename="api-audit-event")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-auth-token"),
    *router.urls,
]
