"""Writes for API tokens: issue and revoke, atomic and audited.

The audit event never carries the token itself (the Token model's primary key *is*
the secret): it names the user the token belongs to instead.
"""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from liaison.core.audit.services import Action, audit_record
from liaison.core.commandline import COMMAND_LINE

TOKEN_OBJECT_TYPE = "authtoken.token"


def _audit_token(*, actor, user, action: str, verb: str, changes: dict) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=TOKEN_OBJECT_TYPE,
        object_id=user.pk,
        object_repr=user.get_username(),
        verb=verb,
        changes=changes,
        # set-up commands have no acting user: file the event under the token's agency
        agency=user.agency_id if actor is None else None,
        username="" if actor is not None else COMMAND_LINE,
    )


@transaction.atomic
def token_issue(*, actor, user, rotate: bool = False, via: str = "api") -> tuple[Token, bool]:
    """The user's API token, created if they have none (or replaced when `rotate`).

    Returns (token, created). `actor` is the user themself for the API and None for
    the `token_create` management command.
    """
    if rotate:
        Token.objects.filter(user=user).delete()
    token, created = Token.objects.get_or_create(user=user)
    if created:
        _audit_token(
            actor=actor,
            user=user,
            action=Action.CREATE,
            verb="token_create",
            changes={"via": [None, via], "rotated": [None, rotate]},
        )
    return token, created


@transaction.atomic
def token_revoke(*, actor, user) -> bool:
    """Delete the user's token; returns whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        _audit_token(actor=actor, user=user, action=Action.DELETE, verb="token_revoke", changes={})
    return bool(deleted)
