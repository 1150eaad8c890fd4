"""Seizure stats pages (included by seizures/urls.py)."""

urlpatterns: list = []
