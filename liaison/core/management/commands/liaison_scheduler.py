"""`liaison scheduler`: enqueue the registered periodic jobs when they are due.

Runs beside `liaison worker` (which executes the tasks). Every `--tick` seconds it asks
liaison.core.scheduler which jobs are due and enqueues them; `--once` does one round
and exits (for cron or a systemd timer instead of a long-running process).
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from liaison.core.scheduler import registered_jobs, run_due_jobs


class Command(BaseCommand):
    help = "Enqueue periodic background jobs (escalation, daily digest) when they are due."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument(
            "--tick", type=float, default=30.0, help="seconds between rounds (default 30)"
        )

    def handle(self, *args, once: bool = False, tick: float = 30.0, **options) -> None:
        self._stopping = False
        if once:
            self._round()
            return
        # Stop between rounds on SIGTERM (systemd stop) as on Ctrl-C.
        signal.signal(signal.SIGTERM, self._stop)
        jobs = ", ".join(job.name for job in registered_jobs())
        self.stdout.write(f"Scheduler started ({jobs}); a round every {tick:g} s.")
        try:
            while not self._stopping:
                self._round()
                slept = 0.0
                while slept < tick and not self._stopping:
                    time.sleep(min(1.0, tick - slept))
                    slept += 1.0
        except KeyboardInterrupt:
            pass
        self.stdout.write("Scheduler stopped.")

    def _round(self) -> None:
        for name in run_due_jobs():
            self.stdout.write(f"Enqueued {name}")

    def _stop(self, signum, frame) -> None:
        self._stopping = True
