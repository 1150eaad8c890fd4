"""Seizure map endpoints (included by seizures/api/urls.py)."""

urlpatterns: list = []
