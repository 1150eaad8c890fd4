"""`liaison report review`: a partnership's review report into a file, run as the
system (no user: the operator's view of the whole database).

    liaison report review --partnership qnam-sekong --from 2024-01-01 --to 2024-06-30 \
        --lang vi --format docx --out review.docx

Bad input (unknown partnership, language or format, a reversed, missing or future
period) is said on stderr with exit code 2, and no file is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from liaison.agencies.models import Partnership
from liaison.core.audit.services import Action, audit_record
from liaison.core.commandline import COMMAND_LINE

BAD_INPUT = 2

_OPTION = {"date_from": "--from", "date_to": "--to", "language": "--lang", "format": "--format"}


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"{option}: {value!r} is not a date (YYYY-MM-DD).", returncode=BAD_INPUT
        ) from error


class Command(BaseCommand):
    help = "Write the review report of a partnership over a period (DOCX, PDF or XLSX)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--partnership", required=True, help="partnership code")
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--lang", default="vi", help="vi, lo, km or en")
        parser.add_argument("--format", default="docx", help="docx, pdf or xlsx")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--assessment", default="", help="text of section 6")

    def handle(self, *args, **options) -> None:
        from liaison.cooperation.report import check_request, render_review_report

        partnership = Partnership.objects.filter(code=options["partnership"]).first()
        if partnership is None:
            raise CommandError(
                f"--partnership: no partnership with the code {options['partnership']!r}.",
                returncode=BAD_INPUT,
            )
        date_from = _day(options["date_from"], "--from")
        date_to = _day(options["date_to"], "--to")
        language, fmt = options["lang"], options["format"].lower()
        try:
            check_request(date_from=date_from, date_to=date_to, language=language, fmt=fmt)
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{_OPTION.get(field, field)}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                ),
                returncode=BAD_INPUT,
            ) from error
        out = Path(options["out"])
        render_review_report(
            partnership=partnership,
            date_from=date_from,
            date_to=date_to,
            language=language,
            fmt=fmt,
            out=out,
            assessment=options["assessment"],
        )
        with transaction.atomic():
            audit_record(
                actor=None,
                username=COMMAND_LINE,
                action=Action.EXPORT,
                obj=partnership,
                verb="cooperation_report",
                changes={
                    "period": [date_from.isoformat(), date_to.isoformat()],
                    "language": language,
                    "format": fmt,
                    "file": out.name,
                },
            )
        self.stdout.write(str(out))
