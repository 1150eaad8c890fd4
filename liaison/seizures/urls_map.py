"""Seizure map pages (included by seizures/urls.py)."""

urlpatterns: list = []
