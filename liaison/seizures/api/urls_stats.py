"""Seizure stats endpoints (included by seizures/api/urls.py)."""

from django.urls import path

from liaison.seizures.api.stats import SeizureStatisticsView

urlpatterns = [
    path("statistics/", SeizureStatisticsView.as_view(), name="seizures_api_statistics"),
]
