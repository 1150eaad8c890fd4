"""What every management command needs about who runs it."""

from __future__ import annotations

from django.core.management.base import CommandError

# the name audit events carry when an operator, not a user, runs a command
COMMAND_LINE = "(command line)"


def active_user(username: str | None):
    """The active user named by --user/--as, None when none was named; an unknown or
    inactive name stops the command."""
    if not username:
        return None
    from liaison.agencies.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user
