"""Seizure map endpoints (included by seizures/api/urls.py)."""

from django.urls import path

from liaison.seizures.api.map import SeizureMapView

urlpatterns = [
    path("map/", SeizureMapView.as_view(), name="seizures_api_map"),
]
