"""`liaison token create USERNAME`: print a user's API token (created if needed).

The same token the user would get from ``POST /api/v1/auth/token/``; the creation is
recorded in the audit trail (the token itself never is). ``--rotate`` replaces an
existing token, e.g. after it leaked.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from liaison.core.api.services import token_issue


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed (audited)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="replace an existing token with a new one"
        )

    def handle(self, *args, username: str, rotate: bool = False, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is deactivated.")
        token, _created = token_issue(actor=None, user=user, rotate=rotate, via="cli")
        self.stdout.write(token.key)
