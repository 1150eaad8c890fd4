"""Seizure map pages (included by seizures/urls.py)."""

from django.urls import path

from liaison.seizures.views import map as map_views

urlpatterns = [
    path("map/", map_views.map_page, name="seizures_map"),
]
