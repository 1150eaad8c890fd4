"""A small periodic scheduler: a registry of jobs that enqueue django-tasks tasks.

Apps register their periodic jobs (usually in `tasks.py`, imported by their AppConfig):

    register_periodic(name="exchange.escalate", task="liaison.exchange.tasks.escalate",
                      every=timedelta(minutes=5))
    register_periodic(name="exchange.digest", task="liaison.exchange.tasks.digest",
                      daily_at=time(7, 0))

`liaison scheduler` (the `liaison_scheduler` management command) wakes up every few
seconds and enqueues each job that is due; the worker (`liaison worker`) runs them. The
last run of every job is stored in `PeriodicJobRun`, and a job is claimed with a
conditional UPDATE in the same transaction as the enqueue, so a restart (or a second
scheduler) never enqueues the same slot twice, and a claim without its task cannot
happen.

The due computation (`last_slot`, `is_due`) is pure and tested without a database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("liaison.scheduler")


@dataclass(frozen=True)
class PeriodicJob:
    """Enqueue `task` (dotted path to a django-tasks Task taking no arguments) either
    `every` interval, or once a day at `daily_at` local time (settings.TIME_ZONE)."""

    name: str
    task: str
    every: timedelta | None = None
    daily_at: time | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"Periodic job {self.name!r} needs exactly one of every/daily_at.")
        if self.every is not None and self.every <= timedelta(0):
            raise ValueError(f"Periodic job {self.name!r} needs a positive interval.")


_REGISTRY: dict[str, PeriodicJob] = {}


def register_periodic(
    *, name: str, task: str, every: timedelta | None = None, daily_at: time | None = None
) -> PeriodicJob:
    """Add (or replace, on re-import) a periodic job in the registry."""
    job = PeriodicJob(name=name, task=task, every=every, daily_at=daily_at)
    _REGISTRY[name] = job
    return job


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def last_slot(job: PeriodicJob, now: datetime, tz: ZoneInfo) -> datetime:
    """The most recent time at or before `now` at which a daily job should have run."""
    assert job.daily_at is not None
    local_now = now.astimezone(tz)
    slot = datetime.combine(local_now.date(), job.daily_at, tzinfo=tz)
    if slot > local_now:
        slot -= timedelta(days=1)
        # Recombine so a DST change between the two days keeps the wall-clock time.
        slot = datetime.combine(slot.date(), job.daily_at, tzinfo=tz)
    return slot


def is_due(job: PeriodicJob, *, last_run: datetime | None, now: datetime, tz: ZoneInfo) -> bool:
    """Whether the job should be enqueued now, given when it last ran.

    An interval job is due once its interval has passed since the last run. A daily job
    is due when its most recent slot has not been run yet: a scheduler that was down at
    07:00 catches up once when it starts, never more than once per slot.
    """
    if last_run is None:
        return True
    if job.every is not None:
        return now >= last_run + job.every
    return last_run < last_slot(job, now, tz)


def run_stamp(job: PeriodicJob, now: datetime, tz: ZoneInfo) -> datetime:
    """What is stored as the last run: the slot for daily jobs, the time for interval jobs."""
    return last_slot(job, now, tz) if job.daily_at is not None else now


def _claim(job: PeriodicJob, now: datetime, tz: ZoneInfo) -> bool:
    """Record the run if the job is due; False if not due or claimed by someone else."""
    from liaison.core.models import PeriodicJobRun

    try:
        with transaction.atomic():
            row, _created = PeriodicJobRun.objects.get_or_create(name=job.name)
    except IntegrityError:  # created at the same moment by another scheduler
        row = PeriodicJobRun.objects.get(name=job.name)
    if not is_due(job, last_run=row.last_run_at, now=now, tz=tz):
        return False
    # Optimistic lock: only the scheduler that still sees the old value wins the slot.
    return bool(
        PeriodicJobRun.objects.filter(pk=row.pk, last_run_at=row.last_run_at).update(
            last_run_at=run_stamp(job, now, tz)
        )
    )


def run_due_jobs(
    *, now: datetime | None = None, jobs: list[PeriodicJob] | None = None
) -> list[str]:
    """Enqueue every due job; returns the names enqueued.

    The claim and the enqueue share one transaction (the task queue lives in the same
    database), so either both are stored or neither: a failed enqueue is retried on the
    next tick instead of being silently skipped.
    """
    now = now or timezone.now()
    tz = ZoneInfo(settings.TIME_ZONE)
    enqueued = []
    for job in registered_jobs() if jobs is None else jobs:
        try:
            with transaction.atomic():
                if not _claim(job, now, tz):
                    continue
                import_string(job.task).enqueue()
        except Exception:  # one broken job must not stop the others
            logger.exception("Enqueueing periodic job %s failed", job.name)
            continue
        logger.info("Enqueued periodic job %s", job.name)
        enqueued.append(job.name)
    return enqueued
