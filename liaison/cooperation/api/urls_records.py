"""Cooperation records under /api/v1/cooperation/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from liaison.cooperation.api import views, views_overview

router = SimpleRouter()
router.register(
    "partnerships",
    views_overview.CooperationPartnershipViewSet,
    basename="api-cooperation-partnership",
)
router.register("agreements", views.AgreementViewSet, basename="api-cooperation-agreement")
router.register(
    "agreement-texts", views.AgreementTextViewSet, basename="api-cooperation-agreement-text"
)
router.register("commitments", views.CommitmentViewSet, basename="api-cooperation-commitment")
router.register("activities", views.ActivityViewSet, basename="api-cooperation-activity")
router.register(
    "activity-documents",
    views.ActivityDocumentViewSet,
    basename="api-cooperation-activity-document",
)
router.register("conferences", views.ConferenceViewSet, basename="api-cooperation-conference")

urlpatterns = [
    path("calendar/", views_overview.CalendarView.as_view(), name="api-cooperation-calendar"),
    *router.urls,
]
