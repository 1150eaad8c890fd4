"""Rebuild the statistics roll-up of the ledger from scratch."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from liaison.seizures import rollup


class Command(BaseCommand):
    help = "Recompute the monthly statistics roll-up from the whole ledger."

    def handle(self, *args, **options) -> None:
        start = time.perf_counter()
        counts = rollup.rebuild()
        seconds = time.perf_counter() - start
        for table, rows in counts.items():
            self.stdout.write(f"{table}: {rows} rows")
        self.stdout.write(f"rebuilt in {seconds:.1f} s")
