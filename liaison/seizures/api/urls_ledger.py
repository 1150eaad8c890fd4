"""Seizure ledger endpoints (included by seizures/api/urls.py)."""

urlpatterns: list = []
