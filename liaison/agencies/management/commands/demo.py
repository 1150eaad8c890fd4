"""`liaison demo`: load the demo agencies, partnerships and users, then print the logins.

Idempotent: run it any number of times (`make run` does, on every start).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.agencies.demo import load_demo, logins_table


class Command(BaseCommand):
    help = (
        "Load the reference data and the demo institutions of Viet Nam, Laos and Cambodia "
        "with one demo user per role, then print the demo logins. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set the demo password again on demo users whose password was changed.",
        )
        parser.add_argument(
            "--no-logins", action="store_true", help="Do not print the demo login table."
        )

    def handle(self, *args, **options) -> None:
        try:
            report = load_demo(reset_passwords=options["reset_passwords"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Demo data: {report.summary()}.")
        if options["no_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(logins_table())
        self.stdout.write(
            self.style.WARNING("Demo data only: never load it on a production server.")
        )
