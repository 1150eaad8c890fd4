"""`liaison load_reference`: countries, provinces (incl. Viet Nam's 2025 merger), districts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from liaison.agencies.demo import load_reference


class Command(BaseCommand):
    help = (
        "Load the reference data: countries VN, LA, KH, their provinces with validity "
        "dates and successors, and the demo districts. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            report = load_reference()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Reference data: {report.summary()}.")
