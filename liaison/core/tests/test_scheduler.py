"""The periodic scheduler: due computation (pure), claiming a slot once, the command."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from liaison.cli import management_argv
from liaison.core import scheduler
from liaison.core.models import PeriodicJobRun
from liaison.core.scheduler import PeriodicJob, is_due, last_slot, run_due_jobs

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
EVERY_5 = PeriodicJob(name="t.every", task="x.y", every=timedelta(minutes=5))
DAILY_7 = PeriodicJob(name="t.daily", task="x.y", daily_at=time(7, 0))


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=HCM)


# --- pure due computation --------------------------------------------------------------
def test_a_job_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        PeriodicJob(name="both", task="x.y", every=timedelta(minutes=1), daily_at=time(7))
    with pytest.raises(ValueError):
        PeriodicJob(name="none", task="x.y")
    with pytest.raises(ValueError):
        PeriodicJob(name="zero", task="x.y", every=timedelta(0))


def test_interval_job_is_due_once_its_interval_passed():
    now = local(10, 12)
    assert is_due(EVERY_5, last_run=None, now=now, tz=HCM)
    assert not is_due(EVERY_5, last_run=now - timedelta(minutes=4, seconds=59), now=now, tz=HCM)
    assert is_due(EVERY_5, last_run=now - timedelta(minutes=5), now=now, tz=HCM)


def test_daily_slot_is_local_time_today_or_yesterday():
    assert last_slot(DAILY_7, local(10, 6, 59), HCM) == local(9, 7)
    assert last_slot(DAILY_7, local(10, 7), HCM) == local(10, 7)
    # 23:30 UTC on the 9th is 06:30 on the 10th in Hồ Chí Minh City: yesterday's slot.
    utc_now = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    assert last_slot(DAILY_7, utc_now, HCM) == local(9, 7)


def test_daily_job_runs_once_per_slot_and_catches_up_once():
    ran_today = local(10, 7)
    assert not is_due(DAILY_7, last_run=ran_today, now=local(10, 23), tz=HCM)
    assert is_due(DAILY_7, last_run=ran_today, now=local(11, 7), tz=HCM)
    # the scheduler was down at 07:00 on the 11th: it runs on start, at 09:00
    assert is_due(DAILY_7, last_run=ran_today, now=local(11, 9), tz=HCM)
    assert not is_due(DAILY_7, last_run=local(11, 7), now=local(11, 9, 1), tz=HCM)


# --- claiming and enqueueing -------------------------------------------------------------
calls: list[str] = []


@task()
def sample_task() -> int:
    calls.append("ran")
    return 1


SAMPLE_DAILY = PeriodicJob(name="sample.daily", task=f"{__name__}.sample_task", daily_at=time(7))
SAMPLE_EVERY = PeriodicJob(
    name="sample.every", task=f"{__name__}.sample_task", every=timedelta(minutes=5)
)


def queued() -> int:
    return DBTaskResult.objects.filter(task_path=f"{__name__}.sample_task").count()


@pytest.mark.django_db
def test_due_job_is_enqueued_once_and_the_run_is_remembered():
    now = local(10, 8)
    assert run_due_jobs(now=now, jobs=[SAMPLE_DAILY, SAMPLE_EVERY]) == [
        "sample.daily",
        "sample.every",
    ]
    assert queued() == 2
    assert PeriodicJobRun.objects.get(name="sample.daily").last_run_at == local(10, 7)
    assert PeriodicJobRun.objects.get(name="sample.every").last_run_at == now
    # a restarted scheduler a minute later: nothing again
    assert run_due_jobs(now=now + timedelta(minutes=1), jobs=[SAMPLE_DAILY, SAMPLE_EVERY]) == []
    assert queued() == 2
    # five minutes later only the interval job
    assert run_due_jobs(now=now + timedelta(minutes=5), jobs=[SAMPLE_DAILY, SAMPLE_EVERY]) == [
        "sample.every"
    ]
    assert queued() == 3


@pytest.mark.django_db
def test_a_slot_claimed_by_another_scheduler_is_not_enqueued_again(monkeypatch):
    # Another scheduler claims the slot between our read and our conditional update.
    real_is_due = scheduler.is_due

    def racing_is_due(job, *, last_run, now, tz):
        PeriodicJobRun.objects.filter(name=job.name).update(last_run_at=last_slot(job, now, tz))
        return real_is_due(job, last_run=last_run, now=now, tz=tz)

    monkeypatch.setattr(scheduler, "is_due", racing_is_due)
    assert run_due_jobs(now=local(10, 8), jobs=[SAMPLE_DAILY]) == []
    assert queued() == 0


@pytest.mark.django_db
def test_a_failed_enqueue_leaves_the_job_due():
    broken = PeriodicJob(name="broken", task=f"{__name__}.missing_task", every=timedelta(1))
    assert run_due_jobs(now=local(10, 8), jobs=[broken, SAMPLE_EVERY]) == ["sample.every"]
    # the claim was rolled back with the failed enqueue: the next round tries again
    assert PeriodicJobRun.objects.filter(name="broken", last_run_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_exchange_jobs_are_registered_and_enqueued_by_the_command(capsys):
    names = {job.name for job in scheduler.registered_jobs()}
    assert {"exchange.escalate_overdue", "exchange.send_daily_digest"} <= names
    call_command("liaison_scheduler", "--once")
    out = capsys.readouterr().out
    assert "Enqueued exchange.escalate_overdue" in out
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert {
        "liaison.exchange.tasks.escalate_overdue",
        "liaison.exchange.tasks.send_daily_digest",
    } <= paths
    call_command("liaison_scheduler", "--once")
    assert "Enqueued" not in capsys.readouterr().out


def test_cli_maps_scheduler():
    assert management_argv(["scheduler"]) == ["liaison_scheduler"]
    assert management_argv(["scheduler", "--once"]) == ["liaison_scheduler", "--once"]
