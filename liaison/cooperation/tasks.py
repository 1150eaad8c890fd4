"""Background work of cooperation (django-tasks, run by `liaison worker`)."""

from __future__ import annotations

from django_tasks import task

from liaison.cooperation.services_reports import report_run


@task()
def generate_review_report(report_id: int) -> str:
    """Generate one queued review report; returns its final status."""
    return report_run(report_id=report_id).status
