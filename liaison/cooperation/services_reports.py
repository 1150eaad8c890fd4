"""Review-report jobs: request (validated, audited, enqueued), run (the task body) and
open (a scoped, audited download).

A job's file appears only once it is complete; any failure leaves the job `failed` with
its reason in the requester's language and no file.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.agencies.models import Partnership, User
from liaison.cooperation import policy, selectors
from liaison.cooperation.models import Conference, ReportStatus, ReviewReport
from liaison.cooperation.report import check_request, render_review_report
from liaison.core.audit.services import Action, audit_record
from liaison.core.filetypes import sha256_and_size

logger = logging.getLogger(__name__)


@transaction.atomic
def report_request(
    *,
    user: User,
    partnership: Partnership,
    date_from: date | None,
    date_to: date | None,
    language: str,
    fmt: str,
    conference: Conference | None = None,
    assessment: str = "",
) -> ReviewReport:
    """Queue a review report of `partnership` (the caller fetched it through the scope);
    403 unless the user may write the partnership's records."""
    policy.require_write(user, partnership)
    check_request(date_from=date_from, date_to=date_to, language=language, fmt=fmt)
    if conference is not None and conference.partnership_id != partnership.pk:
        raise ValidationError({"conference": _("The conference belongs to another partnership.")})
    report = ReviewReport.objects.create(
        partnership=partnership,
        conference=conference,
        date_from=date_from,
        date_to=date_to,
        language=language,
        format=fmt,
        assessment=assessment or "",
        requested_by=user,
    )
    audit_record(
        actor=user,
        action=Action.CREATE,
        obj=report,
        verb="cooperation.report_request",
        changes={
            "partnership": partnership.code,
            "period": [date_from.isoformat(), date_to.isoformat()],
            "language": language,
            "format": fmt,
            "conference": conference.pk if conference else None,
        },
    )
    from liaison.cooperation.tasks import generate_review_report

    report_id = report.pk
    transaction.on_commit(lambda: generate_review_report.enqueue(report_id))
    return report


def _set(report_id: int, **values) -> None:
    ReviewReport.objects.filter(pk=report_id).update(**values)


def _reason(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        detail = " ".join(str(m) for m in error.messages)
    else:
        detail = _("an unexpected error occurred (%(error)s)") % {
            "error": f"{type(error).__name__}: {error}"[:500]
        }
    return _("The report could not be generated: %(reason)s") % {"reason": detail}


def report_run(*, report_id: int) -> ReviewReport:
    """Generate a queued report (the background task): running with its progress, then
    done with its file, or failed with its reason and no file."""
    report = ReviewReport.objects.select_related("partnership", "requested_by").get(pk=report_id)
    if report.status != ReportStatus.QUEUED:
        return report  # already taken by another worker, or finished
    user = report.requested_by
    language = (user.language if user and user.language else "") or report.language
    with translation.override(language):
        _set(
            report.pk,
            status=ReportStatus.RUNNING,
            started_at=timezone.now(),
            progress=5,
            stage=_("Started"),
            error="",
        )
        stored_name = ""
        try:
            with tempfile.TemporaryDirectory(prefix="liaison-report-") as folder:
                out = Path(folder) / report.filename
                render_review_report(
                    partnership=report.partnership,
                    date_from=report.date_from,
                    date_to=report.date_to,
                    language=report.language,
                    fmt=report.format,
                    out=out,
                    requested_by=user,
                    assessment=report.assessment,
                    progress=lambda percent, stage: _set(report.pk, progress=percent, stage=stage),
                )
                with out.open("rb") as handle:
                    sha256, size = sha256_and_size(handle)
                    report.file.save(report.filename, File(handle), save=False)
                stored_name = report.file.name
            with transaction.atomic():
                _set(
                    report.pk,
                    file=stored_name,
                    size=size,
                    sha256=sha256,
                    status=ReportStatus.DONE,
                    progress=100,
                    stage=_("Ready"),
                    finished_at=timezone.now(),
                )
                audit_record(
                    actor=None,
                    username="(system)",
                    action=Action.UPDATE,
                    obj=report,
                    verb="cooperation.report_generated",
                    changes={"sha256": sha256, "size": size},
                )
        except Exception as error:
            logger.exception("review report %s failed", report.pk)
            if stored_name:
                report.file.storage.delete(stored_name)
            _set(
                report.pk,
                file="",
                size=None,
                sha256="",
                status=ReportStatus.FAILED,
                stage=_("Failed"),
                error=_reason(error),
                finished_at=timezone.now(),
            )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_open(*, user: User, pk: int):
    """The report and its open file, for a download (an export, audited every time).
    404 when the user may not see it or it has no file (not ready or failed)."""
    report = selectors.report_get(user=user, pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT,
        obj=report,
        verb="cooperation.report_download",
        changes={"sha256": report.sha256, "format": report.format},
    )
    return report, report.file.open("rb")
