"""Shared helpers of the exchange services: roles, parts, due times, audit snapshots."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Partnership, Role, User
from liaison.core.access import get_scope, get_tree
from liaison.core.audit.services import snapshot
from liaison.exchange import duetime
from liaison.exchange.models import (
    AgencyExchangePolicy,
    Message,
    PartnershipExchangeSettings,
    Recipient,
)

# Roles that take part in the exchange; analysts, auditors and admins only read.
EXCHANGE_ROLES = frozenset({Role.OFFICER, Role.LIAISON_OFFICER, Role.SUPERVISOR})
# Levels where cross-border messages need a supervisor's approval unless set otherwise.
APPROVAL_LEVELS = frozenset({Agency.Level.DISTRICT, Agency.Level.BORDER})

MESSAGE_AUDIT_FIELDS = [
    "sender_agency_id",
    "author_id",
    "kind",
    "priority",
    "due_at",
    "subject",
    "language",
    "handling_code",
    "handling_condition",
    "source_grade",
    "info_grade",
    "thread_id",
    "in_reply_to_id",
    "status",
    "sent_at",
    "approved_by_id",
    "approval_comment",
    "closed_at",
]


def message_snapshot(message: Message) -> dict[str, Any]:
    """Audit snapshot: the body is recorded by its hash, never copied into the trail."""
    data = snapshot(message, MESSAGE_AUDIT_FIELDS)
    data["body_sha256"] = hashlib.sha256(message.body.encode("utf-8")).hexdigest()
    return data


def require_exchange_role(actor: User) -> None:
    if actor is None or not actor.is_authenticated or actor.agency_id is None:
        raise PermissionDenied(_("You must belong to an agency to use the exchange."))
    if not any(actor.has_role(role) for role in EXCHANGE_ROLES):
        raise PermissionDenied(
            _("Only officers, liaison officers and supervisors take part in the exchange.")
        )


def require_author(actor: User, message: Message) -> None:
    if message.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can change or submit this message."))
    if not message.editable:
        raise ValidationError(
            {
                "status": _("This message can no longer be changed: it is %(status)s.")
                % {"status": message.get_status_display()}
            }
        )


def is_supervisor_over(actor: User, agency_id: int) -> bool:
    """A supervisor of the agency itself or of an agency above it."""
    return actor.has_role(Role.SUPERVISOR) and agency_id in get_scope(actor).own_subtree


def own_part(actor: User, message: Message) -> Recipient:
    """The acting user's agency's part of a sent message."""
    require_exchange_role(actor)
    part = (
        Recipient.objects.select_for_update()
        .filter(message=message, agency_id=actor.agency_id, sent_at__isnull=False)
        .first()
    )
    if part is None:
        raise PermissionDenied(_("Only a recipient agency of this message can do this."))
    return part


def approval_required(agency: Agency) -> bool:
    if Agency.exchange_policy.is_cached(agency):  # read along with the agency already
        row = getattr(agency, "exchange_policy", None)  # None cached: the agency has none
        policy = row.require_approval if row is not None else None
    else:
        policy = (
            AgencyExchangePolicy.objects.filter(agency=agency)
            .values_list("require_approval", flat=True)
            .first()
        )
    if policy is not None:
        return policy
    return agency.level in APPROVAL_LEVELS


def chain_of(agency_id: int, tree=None) -> set[int]:
    """The agency and its chain of command upward."""
    tree = tree or get_tree()
    if agency_id not in tree.nodes:
        return {agency_id}
    return {agency_id, *tree.ancestors(agency_id)}


# The partnerships' answer times, read once per agency tree: a new tree is built whenever
# the scope version changes, and a change of answer times bumps it (exchange.signals).
# Sending no longer pays this query per message.
_answer_times_cache: list = [None, None]  # [tree, (parties, hours)]


def _answer_times(tree) -> tuple[dict[int, set[int]], dict[int, dict[str, int]]]:
    """Parties and answer hours of the active partnerships that have answer times."""
    cached_tree, cached = _answer_times_cache
    if cached_tree is tree and cached is not None:
        return cached
    parties: dict[int, set[int]] = {}
    hours_of: dict[int, dict[str, int]] = {}
    through = Partnership.parties.through
    # One query: the parties of partnerships with answer times, and those times.
    for pid, aid, urgent, high, normal in through.objects.filter(
        partnership__active=True, partnership__exchange_settings__isnull=False
    ).values_list(
        "partnership_id",
        "agency_id",
        "partnership__exchange_settings__urgent_hours",
        "partnership__exchange_settings__high_hours",
        "partnership__exchange_settings__normal_hours",
    ):
        parties.setdefault(pid, set()).add(aid)
        hours_of[pid] = PartnershipExchangeSettings(
            partnership_id=pid, urgent_hours=urgent, high_hours=high, normal_hours=normal
        ).as_hours()
    _answer_times_cache[:] = [tree, (parties, hours_of)]
    return parties, hours_of


def due_times(
    *, message: Message, agency_ids: Iterable[int], now: datetime
) -> dict[int, datetime | None]:
    """Due time per recipient agency: the author's, or the partnership's, or the default.

    Replies owe nothing and get no due time. Across the border the strictest answer
    time of the partnerships linking the two chains of command applies.
    """
    agency_ids = list(agency_ids)
    if message.in_reply_to_id is not None:
        return dict.fromkeys(agency_ids)
    if message.due_at is not None:
        return dict.fromkeys(agency_ids, message.due_at)
    tree = get_tree()
    sender_chain = chain_of(message.sender_agency_id, tree)
    parties, hours_of = _answer_times(tree)
    relevant = {pid: members for pid, members in parties.items() if members & sender_chain}
    hours_by_partnership = {pid: hours_of[pid] for pid in relevant}
    result: dict[int, datetime | None] = {}
    for agency_id in agency_ids:
        chain = chain_of(agency_id, tree)
        candidates = [
            hours_by_partnership[pid]
            for pid, members in relevant.items()
            if members & chain and pid in hours_by_partnership
        ]
        hours = duetime.strictest(candidates, message.priority)
        result[agency_id] = duetime.default_due(now, message.priority, hours)
    return result


def now() -> datetime:
    return timezone.now()


def agency_ids(values: Iterable, *, field: str) -> list[int]:
    """Agencies or their ids (also as text, from forms) as distinct ints, in order."""
    ids: list[int] = []
    for value in values:
        try:
            agency_id = int(getattr(value, "pk", value))
        except (TypeError, ValueError) as exc:
            raise ValidationError({field: _("Unknown agency.")}) from exc
        if agency_id not in ids:
            ids.append(agency_id)
    return ids
