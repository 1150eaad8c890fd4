"""Django side of access scoping: cached agency tree, per-user scope, queryset filters.

Every `visible_to(user)` in Liaison goes through `get_scope(user)`. The agency tree is
cached per process and keyed by a token that every agency or partnership change
replaces (see signals in agencies), so all web and worker processes stay consistent
for the price of one tiny query per request.
"""

from __future__ import annotations

import threading
import uuid

from django.db import models
from django.db.models import Q
from django.http import Http404

from liaison.core.models import ScopeVersion
from liaison.core.request_context import request_cache
from liaison.core.scope import NO_SCOPE, AccessScope, AgencyTree, compute_scope
from liaison.core.sharing import SharingLevel

_lock = threading.Lock()
_cache: dict = {"token": None, "tree": None, "scopes": {}}


def _current_token() -> str:
    token = ScopeVersion.objects.filter(id=1).values_list("version", flat=True).first()
    return str(token or 0)


def bump_scope_version() -> None:
    """Invalidate every process's cached tree (called on agency/partnership writes)."""
    # A random value, not a counter: a rolled-back bump must never be reused.
    token = uuid.uuid4().int >> 65
    updated = ScopeVersion.objects.filter(id=1).update(version=token)
    if not updated:
        ScopeVersion.objects.create(id=1, version=token)
    with _lock:
        _cache.update(token=None, tree=None, scopes={})
    per_request = request_cache()
    if per_request is not None:
        per_request.pop("agency_tree", None)


def _load_tree() -> AgencyTree:
    from liaison.agencies.models import Agency, Partnership

    agencies = Agency.objects.values_list("id", "parent_id", "country_id")
    parties: dict[int, list[int]] = {}
    through = Partnership.parties.through
    for pid, aid in through.objects.filter(partnership__active=True).values_list(
        "partnership_id", "agency_id"
    ):
        parties.setdefault(pid, []).append(aid)
    return AgencyTree.build(agencies, parties.values())


def get_tree() -> AgencyTree:
    per_request = request_cache()
    if per_request is not None and "agency_tree" in per_request:
        return per_request["agency_tree"]
    token = _current_token()
    with _lock:
        tree = _cache["tree"] if _cache["token"] == token else None
    if tree is None:
        tree = _load_tree()
        with _lock:
            _cache.update(token=token, tree=tree, scopes={})
    if per_request is not None:
        per_request["agency_tree"] = tree
    return tree


def scope_for_agency(agency_id: int | None, *, is_platform_admin: bool = False) -> AccessScope:
    tree = get_tree()
    key = (agency_id, is_platform_admin)
    scopes = _cache["scopes"]
    scope = scopes.get(key)
    if scope is None or _cache["tree"] is not tree:
        scope = compute_scope(tree, agency_id, is_platform_admin=is_platform_admin)
        if _cache["tree"] is tree:
            scopes[key] = scope
    return scope


def get_scope(user) -> AccessScope:
    """The user's scope, computed once per request (memoized on the user object)."""
    if user is None or not user.is_authenticated:
        return NO_SCOPE
    cached = getattr(user, "_liaison_scope", None)
    if cached is not None:
        return cached
    scope = scope_for_agency(user.agency_id, is_platform_admin=user.is_superuser)
    user._liaison_scope = scope
    return scope


def _below(tree: AgencyTree, agency_id: int) -> set[int]:
    # an agency created in this very transaction, not yet in the cached tree, stands
    # for itself
    return tree.subtree(agency_id) if agency_id in tree.nodes else {agency_id}


def agencies_below(agency_ids) -> set[int]:
    """The agencies and every unit below them."""
    tree = get_tree()
    found: set[int] = set()
    for agency_id in agency_ids:
        found |= _below(tree, agency_id)
    return found


def side_of(party_ids) -> dict[int, int]:
    """{agency id: the party it belongs to} for the parties and every unit below them;
    a unit below two parties counts for the first one given."""
    tree = get_tree()  # once: outside a request every get_tree() reads the scope token
    sides: dict[int, int] = {}
    for party_id in party_ids:
        for agency_id in _below(tree, party_id):
            sides.setdefault(agency_id, party_id)
    return sides


def agency_country(agency_id: int | None) -> str | None:
    if agency_id is None:
        return None
    node = get_tree().nodes.get(agency_id)
    if node is None:  # agency created in this very transaction
        from liaison.agencies.models import Agency

        return Agency.objects.filter(pk=agency_id).values_list("country_id", flat=True).first()
    return node.country


def sharing_q(scope: AccessScope, *, owner: str = "owner_agency", level: str = "sharing") -> Q:
    """Records owned by `owner` at sharing level `level` that the scope may see."""
    if scope.sees_everything:
        return Q()
    if scope.agency_id is None:
        return Q(pk__in=[])
    q = Q(**{f"{owner}_id__in": scope.own_subtree})
    q |= Q(
        **{
            f"{level}__in": [
                SharingLevel.NATIONAL,
                SharingLevel.PARTNERS,
                SharingLevel.NETWORK,
            ],
            f"{owner}__country_id": scope.country,
        }
    )
    if scope.partner_subtree:
        q |= Q(
            **{
                f"{level}__in": [SharingLevel.PARTNERS, SharingLevel.NETWORK],
                f"{owner}_id__in": scope.partner_subtree,
            }
        )
    q |= Q(**{level: SharingLevel.NETWORK})
    return q


class SharedQuerySet(models.QuerySet):
    """Base for records that carry an owner agency and a sharing level."""

    owner_field = "owner_agency"
    sharing_field = "sharing"

    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(
            sharing_q(get_scope(user), owner=self.owner_field, level=self.sharing_field)
        )


def access_object(queryset: models.QuerySet, user, **lookup) -> models.Model:
    """Fetch one record through its `visible_to(user)`.

    Missing and not-allowed answer the same 404, so an outsider cannot learn that a
    record exists.
    """
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def ids_visible(scope: AccessScope) -> frozenset[int] | None:
    """Agencies whose directory entry the scope may see (None means all)."""
    if scope.sees_everything:
        return None
    if scope.agency_id is None:
        return frozenset()
    return scope.national_agencies | scope.partner_subtree
