"""Agreements, commitments, activities, conferences, the calendar, partnership pages."""

urlpatterns: list = []
