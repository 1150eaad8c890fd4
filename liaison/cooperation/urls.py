"""Cooperation pages under /cooperation/: records (urls_records) and review reports
(urls_reports)."""

from django.urls import include, path

urlpatterns = [
    path("", include("liaison.cooperation.urls_records")),
    path("reports/", include("liaison.cooperation.urls_reports")),
]
