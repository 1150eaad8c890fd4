"""`liaison seizures import FILE --agency CODE [--actor USERNAME]`: import the ledger."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from liaison.agencies.models import Agency
from liaison.core.commandline import active_user
from liaison.seizures.imports import ImportFailed, import_seizures


class Command(BaseCommand):
    help = (
        "Import seizures (CSV or XLSX, one row per seized item) for a recording agency; "
        "all rows or none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="code of the recording agency")
        parser.add_argument("--actor", help="import as this user (checked and audited)")

    def handle(self, *args, file: str, agency: str, actor: str | None, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        recording = Agency.objects.filter(code=agency).first()
        if recording is None:
            raise CommandError(f"unknown agency code: {agency}")
        user = active_user(actor)
        try:
            result = import_seizures(actor=user, agency=recording, name=path.name, content=content)
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"nothing imported: {len(failed.errors)} problem(s) in {path.name}"
            ) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"created {result.created}, replaced {result.replaced} "
            f"({result.rows} rows, {result.incidents} incidents)"
        )
