"""Seizure ledger endpoints (included by seizures/api/urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from liaison.seizures.api.views import ImportView, IncidentViewSet

router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="api-seizures-incident")

urlpatterns = [
    path("import/", ImportView.as_view(), name="api-seizures-import"),
    *router.urls,
]
