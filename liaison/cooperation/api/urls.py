"""Cooperation endpoints under /api/v1/cooperation/."""

from django.urls import include, path

urlpatterns = [
    path("", include("liaison.cooperation.api.urls_records")),
    path("reports/", include("liaison.cooperation.api.urls_reports")),
]
