"""Seizure ledger pages under /seizures/: the ledger, statistics and the map."""

from liaison.seizures import urls_ledger, urls_map, urls_stats

urlpatterns = [*urls_ledger.urlpatterns, *urls_stats.urlpatterns, *urls_map.urlpatterns]
