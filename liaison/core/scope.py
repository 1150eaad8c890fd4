"""Who may see what: the pure computation behind every `visible_to(user)`.

No Django here. The caller hands in a snapshot of the agency tree and the active
partnerships; we return an `AccessScope` holding the owner agencies whose records the
user may see at each sharing level:

- ``agency``: records owned by the user's agency or any agency below it (the owner's
  chain of command upward sees them).
- ``national``: records owned by any agency of the user's country.
- ``partners``: national, plus records owned inside the subtree of an agency that is in
  an active partnership with the user's agency or one of its ancestors.
- ``network``: everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AgencyNode:
    id: int
    parent_id: int | None
    country: str


@dataclass(frozen=True, slots=True)
class AgencyTree:
    """An immutable snapshot of all agencies and active partnerships."""

    nodes: Mapping[int, AgencyNode]
    children: Mapping[int, tuple[int, ...]]
    # agency id -> ids of agencies it is in an active partnership with (other countries)
    partners: Mapping[int, frozenset[int]]
    # country code -> ids of its agencies
    by_country: Mapping[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        agencies: Iterable[tuple[int, int | None, str]],
        partnerships: Iterable[Iterable[int]],
    ) -> AgencyTree:
        nodes = {aid: AgencyNode(aid, parent, country) for aid, parent, country in agencies}
        children: dict[int, list[int]] = {}
        for node in nodes.values():
            if node.parent_id is not None:
                children.setdefault(node.parent_id, []).append(node.id)
        partners: dict[int, set[int]] = {}
        for parties in partnerships:
            party_ids = [p for p in parties if p in nodes]
            for a in party_ids:
                for b in party_ids:
                    if nodes[a].country != nodes[b].country:
                        partners.setdefault(a, set()).add(b)
        by_country: dict[str, set[int]] = {}
        for node in nodes.values():
            by_country.setdefault(node.country, set()).add(node.id)
        return cls(
            nodes=nodes,
            children={k: tuple(v) for k, v in children.items()},
            partners={k: frozenset(v) for k, v in partners.items()},
            by_country={k: frozenset(v) for k, v in by_country.items()},
        )

    def ancestors(self, agency_id: int) -> list[int]:
        """The chain of command above an agency, nearest first."""
        chain: list[int] = []
        seen = {agency_id}
        parent = self.nodes[agency_id].parent_id
        while parent is not None and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.nodes[parent].parent_id
        return chain

    def subtree(self, agency_id: int) -> set[int]:
        """The agency and every agency below it."""
        found = {agency_id}
        stack = [agency_id]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


@dataclass(frozen=True, slots=True)
class AccessScope:
    agency_id: int | None
    country: str | None
    # owners whose `agency`-level records are visible: own agency and its subtree
    own_subtree: frozenset[int] = field(default_factory=frozenset)
    # own agency and the agencies above it (the chain of command)
    chain_up: frozenset[int] = field(default_factory=frozenset)
    # owners whose `partners`-level records are visible through a partnership
    partner_subtree: frozenset[int] = field(default_factory=frozenset)
    # agencies that are direct partners of the user's chain (for directories)
    partner_agencies: frozenset[int] = field(default_factory=frozenset)
    # every agency of the user's country (shared with the tree, not copied)
    national_agencies: frozenset[int] = field(default_factory=frozenset)
    is_platform_admin: bool = False

    @property
    def sees_everything(self) -> bool:
        return self.is_platform_admin


NO_SCOPE = AccessScope(agency_id=None, country=None)


def compute_scope(
    tree: AgencyTree, agency_id: int | None, *, is_platform_admin: bool = False
) -> AccessScope:
    if agency_id is None or agency_id not in tree.nodes:
        return AccessScope(None, None, is_platform_admin=is_platform_admin)
    node = tree.nodes[agency_id]
    chain = [agency_id, *tree.ancestors(agency_id)]
    direct_partners: set[int] = set()
    for a in chain:
        direct_partners |= tree.partners.get(a, frozenset())
    partner_subtree: set[int] = set()
    for p in direct_partners:
        partner_subtree |= tree.subtree(p)
    return AccessScope(
        agency_id=agency_id,
        country=node.country,
        own_subtree=frozenset(tree.subtree(agency_id)),
        chain_up=frozenset(chain),
        partner_subtree=frozenset(partner_subtree),
        partner_agencies=frozenset(direct_partners),
        national_agencies=tree.by_country.get(node.country, frozenset()),
        is_platform_admin=is_platform_admin,
    )
