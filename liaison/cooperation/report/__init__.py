"""The review report of a partnership over a period: compile (compile.py), render
(render_docx/render_pdf/render_xlsx), never leaving a half-written file.

    render_review_report(partnership=p, date_from=d1, date_to=d2, language="vi",
                         fmt="docx", out=Path("review.docx"))
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FORMATS = ("docx", "pdf", "xlsx")

Progress = Callable[[int, str], None]


def check_request(*, date_from: date | None, date_to: date | None, language: str, fmt: str) -> None:
    """Raise a ValidationError keyed by field for a period that is missing, reversed or
    entirely in the future, an unknown language or an unknown format."""
    errors: dict[str, str] = {}
    if date_from is None:
        errors["date_from"] = _("Enter the first day of the period.")
    if date_to is None:
        errors["date_to"] = _("Enter the last day of the period.")
    if date_from and date_to:
        if date_to < date_from:
            errors["date_to"] = _("The period ends before it starts.")
        elif date_from > timezone.localdate():
            errors["date_from"] = _("The period has not started yet.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Unknown language “%(language)s”: choose vi, lo, km or en.") % {
            "language": language
        }
    if fmt not in FORMATS:
        errors["format"] = _("Unknown format “%(format)s”: choose docx, pdf or xlsx.") % {
            "format": fmt
        }
    if errors:
        raise ValidationError(errors)


def renderer(fmt: str):
    """The render(content, out) function of a format."""
    return importlib.import_module(f"liaison.cooperation.report.render_{fmt}").render


def render_review_report(
    *,
    partnership,
    date_from: date,
    date_to: date,
    language: str,
    fmt: str,
    out: Path,
    requested_by=None,
    assessment: str = "",
    progress: Progress | None = None,
) -> Path:
    """Compile and render the report into `out` (replaced only once complete)."""
    from liaison.cooperation.report.compile import compile_review

    check_request(date_from=date_from, date_to=date_to, language=language, fmt=fmt)
    report_progress = progress or (lambda percent, stage: None)
    out = Path(out)
    report_progress(10, _("Compiling the figures"))
    content = compile_review(
        partnership=partnership,
        date_from=date_from,
        date_to=date_to,
        language=language,
        requested_by=requested_by,
        assessment=assessment,
    )
    report_progress(60, _("Laying out the document"))
    render = renderer(fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=f".{fmt}", dir=out.parent)
    os.close(handle)
    try:
        render(content, Path(temporary))
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    report_progress(95, _("Document ready"))
    return out
