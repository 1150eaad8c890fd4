"""Escalate overdue exchange messages (run every few minutes by the worker or cron)."""

from django.core.management.base import BaseCommand

from liaison.exchange.services import message_escalate_overdue


class Command(BaseCommand):
    help = "Escalate recipient parts past their due time without the expected response."

    def handle(self, *args, **options) -> None:
        count = message_escalate_overdue()
        self.stdout.write(f"{count} escalated")
