"""Seizure endpoints under /api/v1/seizures/."""

from liaison.seizures.api import urls_ledger, urls_map, urls_stats

urlpatterns = [*urls_ledger.urlpatterns, *urls_stats.urlpatterns, *urls_map.urlpatterns]
