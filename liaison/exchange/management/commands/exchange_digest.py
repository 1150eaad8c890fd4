"""Send the daily e-mail digest of unread exchange notifications (run once a day)."""

from django.core.management.base import BaseCommand

from liaison.exchange.services import notifications_send_daily_digest


class Command(BaseCommand):
    help = "E-mail each user the unread notifications of the last day."

    def handle(self, *args, **options) -> None:
        count = notifications_send_daily_digest()
        self.stdout.write(f"{count} digest e-mails sent")
