"""`liaison persons import FILE --agency CODE`: import persons (CSV, XLSX or JSONL)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.agencies.models import Agency
from liaison.core.commandline import active_user
from liaison.registry.services import persons_import


class Command(BaseCommand):
    help = "Import persons into the registry for an agency; all rows or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="code of the owner agency")
        parser.add_argument("--format", choices=["csv", "xlsx", "jsonl"])
        parser.add_argument("--as", dest="username", help="import as this user (audited)")

    def handle(
        self, *args, file: str, agency: str, format: str | None, username: str | None, **options
    ):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        owner = Agency.objects.filter(code=agency).first()
        if owner is None:
            raise CommandError(f"unknown agency code: {agency}")
        actor = active_user(username)
        try:
            result = persons_import(
                actor=actor, agency=owner, file=data, format=format, filename=path.name
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created {result.created}, updated {result.updated}")
