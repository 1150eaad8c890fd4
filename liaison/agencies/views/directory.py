"""The agency directory: agencies, partner agencies, partnerships and user pages.

Every page reads through the scoped selectors; a record outside the viewer's scope
answers 404 (via `access_object`), never 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from liaison.agencies import selectors
from liaison.agencies.forms.directory import AgencyFilterForm
from liaison.agencies.models import Agency, Country, Partnership, Role, User
from liaison.core.access import get_scope, get_tree, ids_visible
from liaison.core.scope import AgencyTree

AGENCY_PAGE_SIZE = 50
PARTNER_PAGE_SIZE = 100
PARTNERSHIP_PAGE_SIZE = 50

# The hotline levels from the top of the chain down, as the directory groups them.
LEVEL_ORDER = [
    Agency.Level.CENTRAL,
    Agency.Level.PROVINCIAL,
    Agency.Level.DISTRICT,
    Agency.Level.BORDER,
]


def may_administer_agency(user: User, agency_id: int | None) -> bool:
    """Platform admins administer everything; agency admins their own subtree."""
    if user.is_superuser:
        return True
    return (
        agency_id is not None
        and user.has_role(Role.AGENCY_ADMIN)
        and agency_id in get_scope(user).own_subtree
    )


def _visible_ancestors(tree: AgencyTree, agency_id: int, visible) -> list[int]:
    """Ancestor ids, top first, cut where the viewer's directory scope ends.

    A partner agency's chain above the partner is not part of the viewer's directory,
    so it is neither shown nor used for ordering.
    """
    if agency_id not in tree.nodes:
        return []
    chain: list[int] = []
    for ancestor in tree.ancestors(agency_id):  # nearest first
        if visible is not None and ancestor not in visible:
            break
        chain.append(ancestor)
    return list(reversed(chain))


@dataclass
class AgencyRow:
    agency: Agency
    depth: int
    path: list[str] = field(default_factory=list)


def _tree_ordered_ids(
    names: dict[int, str], tree: AgencyTree, visible
) -> tuple[list[int], dict[int, list[int]], dict[int, str]]:
    """Order agencies as the national trees read: country, then the path from the top.

    Sorting by the tuple of names from the root down is a depth-first walk with
    siblings alphabetical, and it still works for a filtered subset. Returns the
    ordered ids, each id's visible ancestors (top first) and the names of all of them.
    """
    chains = {aid: _visible_ancestors(tree, aid, visible) for aid in names}
    missing = {a for chain in chains.values() for a in chain if a not in names}
    all_names = dict(names)
    if missing:
        all_names.update(Agency.objects.filter(pk__in=missing).values_list("id", "name"))

    def key(aid: int) -> tuple:
        node = tree.nodes.get(aid)
        path = [all_names.get(a, "").casefold() for a in chains[aid]]
        return (node.country if node else "", [*path, names[aid].casefold()], aid)

    ordered = sorted(names, key=key)
    return ordered, chains, all_names


@login_required
@require_safe
def agency_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = get_scope(user)
    tree = get_tree()
    visible = ids_visible(scope)
    country_codes = (
        {tree.nodes[a].country for a in visible if a in tree.nodes} if visible is not None else None
    )
    countries = (
        Country.objects.all()
        if country_codes is None
        else Country.objects.filter(code__in=country_codes)
    )
    form = AgencyFilterForm(request.GET or None, countries=countries)
    filters = form.cleaned_data if form.is_valid() else {}
    country = filters.get("country")
    queryset = selectors.agency_list(
        user=user,
        country=country.pk if country else None,
        level=filters.get("level") or None,
        q=filters.get("q") or None,
    )
    names = dict(queryset.values_list("id", "name"))
    ordered, chains, all_names = _tree_ordered_ids(names, tree, visible)
    page = Paginator(ordered, AGENCY_PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = Agency.objects.select_related("country", "area").in_bulk(list(page.object_list))
    rows = [
        AgencyRow(
            agency=by_id[aid],
            depth=len(chains[aid]),
            path=[all_names[a] for a in chains[aid]],
        )
        for aid in page.object_list
        if aid in by_id
    ]
    filtered = bool(filters.get("level") or filters.get("q"))
    return render(
        request,
        "agencies/agency_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "filtered": filtered,
            "total": len(ordered),
            "is_platform_admin": user.is_superuser,
        },
    )


@login_required
@require_safe
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agency = selectors.agency_get(user=user, pk=pk)
    visible = ids_visible(get_scope(user))
    ancestor_ids = _visible_ancestors(get_tree(), agency.pk, visible)
    found = Agency.objects.in_bulk(ancestor_ids)
    ancestors = [found[a] for a in ancestor_ids if a in found]
    partnerships = (
        Partnership.objects.visible_to(user)
        .filter(parties=agency)
        .prefetch_related(Prefetch("parties", queryset=Agency.objects.select_related("country")))
        .order_by("name")
    )
    may_administer = may_administer_agency(user, agency.pk)
    users = (
        User.objects.administered_by(user)
        .filter(agency=agency)
        .prefetch_related("role_assignments")
        .order_by("username")
        if may_administer
        else User.objects.none()
    )
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "ancestors": ancestors,
            "children": selectors.agency_children(user=user, agency=agency),
            "partnerships": partnerships,
            "contacts": agency.contacts.all(),
            "may_administer": may_administer,
            "users": users,
            "visible_ids": visible,
            "sees_all": visible is None,
            "is_platform_admin": user.is_superuser,
        },
    )


@login_required
@require_safe
def partner_list(request: HttpRequest) -> HttpResponse:
    level_rank = Case(
        *[When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER)],
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    partners = (
        selectors.partner_agencies(user=request.user)
        .annotate(level_rank=level_rank)
        .order_by("level_rank", "country_id", "name")
    )
    page = Paginator(partners, PARTNER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/partner_list.html", {"page_obj": page})


@login_required
@require_safe
def partnership_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.partnership_list(user=user), PARTNERSHIP_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    visible = ids_visible(get_scope(user))
    return render(
        request,
        "agencies/partnership_list.html",
        {
            "page_obj": page,
            "visible_ids": visible,
            "sees_all": visible is None,
            "is_platform_admin": user.is_superuser,
        },
    )


@login_required
@require_safe
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    partnership = selectors.partnership_get(user=user, pk=pk)
    parties = partnership.parties.select_related("country").order_by("country_id", "name")
    visible = ids_visible(get_scope(user))
    return render(
        request,
        "agencies/partnership_detail.html",
        {
            "partnership": partnership,
            "parties": parties,
            "visible_ids": visible,
            "sees_all": visible is None,
            "is_platform_admin": user.is_superuser,
        },
    )


@login_required
@require_safe
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = request.user
    person = selectors.user_get(user=viewer, pk=pk)
    return render(
        request,
        "agencies/user_detail.html",
        {
            "person": person,
            "may_administer": may_administer_agency(viewer, person.agency_id),
        },
    )
