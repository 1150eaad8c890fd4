"""Who may do what with a partnership's cooperation records (pure-ish: user + partnership).

- read: the user's agency is a party, above a party (chain of command) or below a party
  (the units that carry the work out) — the same rule as `CooperationQuerySet`;
- write: a party is the user's agency or below it (the user's agency is a party or above
  one), and the user is an officer, liaison officer, supervisor or agency administrator
  (auditors and analysts only read); platform administrators may;
- setting a commitment's status by hand: a supervisor of a party or above one.

The callers fetched the record through `visible_to(user)` (404 otherwise); a visible
record the user may not change answers 403 (`require_*` raise PermissionDenied).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from liaison.agencies.models import Partnership, Role, User
from liaison.core.access import get_scope

WRITER_ROLES = (Role.OFFICER, Role.LIAISON_OFFICER, Role.SUPERVISOR, Role.AGENCY_ADMIN)


def party_ids(partnership: Partnership) -> frozenset[int]:
    """The partnership's parties, read once per object (from a prefetch when there is one)."""
    cached = getattr(partnership, "_cooperation_party_ids", None)
    if cached is not None:
        return cached
    prefetched = getattr(partnership, "_prefetched_objects_cache", {}).get("parties")
    if prefetched is not None:
        ids = frozenset(a.pk for a in prefetched)
    else:
        ids = frozenset(partnership.parties.values_list("pk", flat=True))
    partnership._cooperation_party_ids = ids
    return ids


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_read(user: User | None, partnership: Partnership) -> bool:
    if not _signed_in(user):
        return False
    scope = get_scope(user)
    if scope.sees_everything:
        return True
    return bool(party_ids(partnership) & (scope.own_subtree | scope.chain_up))


def _is_party_or_above(user: User, partnership: Partnership) -> bool:
    return bool(party_ids(partnership) & get_scope(user).own_subtree)


def may_write_by_role(user: User | None) -> bool:
    """By role only: whether the user writes cooperation records at all."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return user.agency_id is not None and any(user.has_role(r) for r in WRITER_ROLES)


def can_write(user: User | None, partnership: Partnership) -> bool:
    if not may_write_by_role(user):
        return False
    return user.is_superuser or _is_party_or_above(user, partnership)


def can_override(user: User | None, partnership: Partnership) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return (
        user.agency_id is not None
        and user.has_role(Role.SUPERVISOR)
        and _is_party_or_above(user, partnership)
    )


def require_write(user: User | None, partnership: Partnership) -> None:
    if not can_write(user, partnership):
        raise PermissionDenied(
            _(
                "Only officers, liaison officers, supervisors and agency administrators of a "
                "party to the partnership (or of an agency above one) record its cooperation."
            )
        )


def require_override(user: User | None, partnership: Partnership) -> None:
    if not can_override(user, partnership):
        raise PermissionDenied(
            _(
                "Only a supervisor of a party to the partnership (or of an agency above one) "
                "may set a commitment's status by hand."
            )
        )
