"""Seizure statistics pages (included by seizures/urls.py)."""

from django.urls import path

from liaison.seizures.views import statistics

urlpatterns = [
    path("statistics/", statistics.statistics_page, name="seizures_statistics"),
    path(
        "statistics/export.<str:fmt>",
        statistics.statistics_export,
        name="seizures_statistics_export",
    ),
]
