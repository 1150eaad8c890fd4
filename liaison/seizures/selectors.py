"""Reads of the seizure ledger, always scoped to the acting user.

Every read starts from `Incident.objects.visible_to(user)` and is narrowed by the one
`LedgerFilter`. A filter naming a joint case the user may not see answers 404 (as the
case's own page would), so a query string cannot probe for hidden cases. A case the
user may not see is never named either: an incident shared nationally may belong to a
case of another unit — its code is left out of lists, pages and exports.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from liaison.agencies.models import Agency, Area
from liaison.cases.models import CaseParticipant, JointCase
from liaison.core.access import access_object, get_scope
from liaison.registry.models import Person
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models import Arrest, Incident, SeizedItem

EXPORT_CHUNK = 2_000

# Incident columns of one flat export row, then the item's (LEFT JOIN: an incident with
# no item — arrests only — still gives one row with empty item columns).
_ROW_VALUES = (
    "pk",
    "ref",
    "occurred_on",
    "country_id",
    "country__iso3",
    "province__code",
    "province__name",
    "district__name",
    "place",
    "border_gate__name",
    "latitude",
    "longitude",
    "agency__code",
    "agency__name",
    "modus",
    "origin",
    "transit",
    "destination",
    "case_id",
    "arrested_count",
    "items__drug",
    "items__substance",
    "items__quantity",
    "items__unit",
    "items__kg",
    "items__conversion",
    "cancelled_at",
)
_CASE_COLUMN = _ROW_VALUES.index("case_id")


def check_filter_scope(*, user, flt: LedgerFilter) -> None:
    """404 when the filter names a case the user may not see (the case's own answer)."""
    if not flt.cases:
        return
    visible = JointCase.objects.visible_to(user).filter(pk__in=flt.cases).count()
    if visible != len(flt.cases):
        raise Http404


def ledger_incidents(*, user, flt: LedgerFilter) -> QuerySet[Incident]:
    """The ledger list: one page costs its ids, its rows (joined) and its items."""
    return (
        flt.apply(Incident.objects.visible_to(user))
        .select_related("agency", "province", "district", "case")
        .prefetch_related(
            Prefetch("items", queryset=SeizedItem.objects.order_by("id")),
        )
        .order_by("-occurred_on", "-id")
    )


def visible_case_ids(*, user, case_ids) -> set[int]:
    """Which of these cases the user may see (one query; none for no ids)."""
    ids = {pk for pk in case_ids if pk}
    if not ids:
        return set()
    if get_scope(user).sees_everything:
        return ids
    return set(JointCase.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def incident_get(*, user, pk: int) -> Incident:
    """One incident with everything its page shows; 404 when missing or out of scope."""
    queryset = Incident.objects.select_related(
        "agency", "country", "province", "district", "border_gate", "case", "created_by"
    ).prefetch_related(
        Prefetch("items", queryset=SeizedItem.objects.order_by("id")),
        Prefetch("arrests", queryset=Arrest.objects.select_related("person").order_by("id")),
    )
    return access_object(queryset, user, pk=pk)


def visible_person_ids(*, user, person_ids) -> set[int]:
    ids = {pk for pk in person_ids if pk}
    if not ids:
        return set()
    return set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def recording_agencies(*, user) -> QuerySet[Agency]:
    """Agencies the user may record incidents for: their own agency and its sub-units."""
    scope = get_scope(user)
    if scope.sees_everything:
        return Agency.objects.order_by("country_id", "name")
    return Agency.objects.filter(pk__in=scope.own_subtree).order_by("name")


def cases_of_agencies(*, agency_ids) -> QuerySet[JointCase]:
    """Cases an incident of these agencies may be linked to: those they take part in."""
    participating = CaseParticipant.objects.filter(agency_id__in=list(agency_ids)).values("case_id")
    return JointCase.objects.filter(pk__in=participating).order_by("code")


def border_gates(*, user) -> QuerySet:
    """Live border gates of the registry the user may see (all of them for the command
    line, user None): the incident form's choices and the rule the services check."""
    from liaison.registry.models_records import Location

    gates = Location.objects.visible_to(user) if user is not None else Location.objects.all()
    return (
        gates.live()
        .filter(kind=Location.Kind.BORDER_GATE)
        .select_related("area")
        .order_by("area__country_id", "name")
    )


def areas(*, country: str, parent_id: int | None = None, on=None) -> QuerySet[Area]:
    """Provinces of a country (or districts of a province) that existed on a day."""
    queryset = Area.objects.filter(country_id=country) if country else Area.objects.all()
    if parent_id:
        queryset = queryset.filter(parent_id=parent_id)
    else:
        queryset = queryset.filter(parent__isnull=True).exclude(kind=Area.Kind.DISTRICT)
    if on is not None:
        queryset = queryset.valid_on(on)
    return queryset.order_by("name")


# --- exports --------------------------------------------------------------------------


def ledger_row_count(*, user, flt: LedgerFilter, items_only: bool = False) -> int:
    """How many item rows an export of this filter writes (for the audit)."""
    return _row_queryset(user=user, flt=flt, items_only=items_only).count()


def _row_queryset(*, user, flt: LedgerFilter, items_only: bool = False) -> QuerySet:
    incidents = flt.apply(Incident.objects.visible_to(user))
    if flt.drugs:
        # an export filtered by drug lists those drugs' items, not the incidents' others
        incidents = incidents.filter(items__drug__in=flt.drugs)
    elif items_only:
        incidents = incidents.filter(items__isnull=False)
    return incidents.values_list(*_ROW_VALUES).order_by("occurred_on", "pk", "items__id")


def ledger_item_rows(
    *, user, flt: LedgerFilter, chunk_size: int = EXPORT_CHUNK, items_only: bool = False
) -> Iterator:
    """Flat rows (`exports_shape.LEDGER_FIELDS`), one per seized item, read in chunks.

    Streams: the database cursor is read `chunk_size` rows at a time and nothing is
    kept, so a million rows cost the memory of one chunk. Case codes come from a dict of
    the cases the user may see (read once), not from a join. `items_only` leaves out
    incidents without a seized item (arrests only).
    """
    scope = get_scope(user)
    cases = JointCase.objects.all() if scope.sees_everything else JointCase.objects.visible_to(user)
    case_codes = dict(cases.values_list("pk", "code"))
    rows = _row_queryset(user=user, flt=flt, items_only=items_only)
    for row in rows.iterator(chunk_size=chunk_size):
        row = list(row)
        row[_CASE_COLUMN] = case_codes.get(row[_CASE_COLUMN], "")
        yield row


def arq_aggregates(*, user, flt: LedgerFilter) -> tuple[list, list]:
    """(cases, quantities) for `exports_shape.arq_rows`: two grouped queries."""
    items = SeizedItem.objects.filter(incident__in=flt.apply(Incident.objects.visible_to(user)))
    if flt.drugs:
        items = items.filter(drug__in=flt.drugs)
    items = items.annotate(year=ExtractYear("incident__occurred_on"))
    cases = list(
        items.values("year", "drug")
        .annotate(n=Count("incident_id", distinct=True))
        .values_list("year", "drug", "n")
        .order_by()
    )
    quantities = list(
        items.values("year", "drug", "unit")
        .annotate(q=Sum("quantity"), k=Sum(F("kg")))
        .values_list("year", "drug", "unit", "q", "k")
        .order_by()
    )
    return cases, quantities
