"""Seizure ledger pages (included by seizures/urls.py)."""

urlpatterns: list = []
