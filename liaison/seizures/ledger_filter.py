"""One filter for the ledger list, its exports, the statistics and the map.

`LedgerFilter.from_params()` reads a query string (or CLI options put in a dict) and
raises `ValidationError` keyed by the parameter name on bad input; `apply()` narrows an
incident queryset. Every page and endpoint of the seizures app filters through it, so
"filtered like the statistics" means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from liaison.seizures.models import DrugType, Modus, SeizedItem

# parameter name -> (attribute, kind); lists accept "a,b" and repeated parameters
_LIST_PARAMS = {
    "country": "countries",
    "province": "provinces",
    "district": "districts",
    "agency": "agencies",
    "drug": "drugs",
    "modus": "modi",
    "origin": "origins",
    "destination": "destinations",
    "case": "cases",
}
_ID_LISTS = {"provinces", "districts", "agencies", "cases"}
_COUNTRY_LISTS = {"countries", "origins", "destinations"}


@dataclass(frozen=True)
class LedgerFilter:
    date_from: date | None = None
    date_to: date | None = None
    countries: tuple[str, ...] = ()
    provinces: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()
    agencies: tuple[int, ...] = ()
    drugs: tuple[str, ...] = ()
    modi: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    cases: tuple[int, ...] = ()
    include_cancelled: bool = False

    @classmethod
    def from_params(cls, params: Mapping) -> LedgerFilter:
        """Parse `from`, `to` (YYYY-MM-DD) and the list parameters of `_LIST_PARAMS`."""
        errors: dict[str, str] = {}
        values: dict = {}
        for name, attr in (("from", "date_from"), ("to", "date_to")):
            raw = (params.get(name) or "").strip()
            if raw:
                parsed = _parse_day(raw)
                if parsed is None:
                    errors[name] = _("Enter a date as YYYY-MM-DD.")
                else:
                    values[attr] = parsed
        if "date_from" in values and "date_to" in values:
            if values["date_to"] < values["date_from"]:
                errors["to"] = _("The end date is before the start date.")
        for name, attr in _LIST_PARAMS.items():
            items = _list_param(params, name)
            if not items:
                continue
            if attr in _ID_LISTS:
                try:
                    values[attr] = tuple(sorted({int(v) for v in items}))
                except ValueError:
                    errors[name] = _("Choose from the list.")
            elif attr in _COUNTRY_LISTS:
                values[attr] = tuple(sorted({v.upper() for v in items}))
            else:
                values[attr] = tuple(sorted(set(items)))
        bad_drugs = set(values.get("drugs", ())) - set(DrugType.values)
        if bad_drugs:
            errors["drug"] = _("Unknown drug type: %(value)s.") % {
                "value": ", ".join(sorted(bad_drugs))
            }
        bad_modi = set(values.get("modi", ())) - set(Modus.values)
        if bad_modi:
            errors["modus"] = _("Unknown modus: %(value)s.") % {
                "value": ", ".join(sorted(bad_modi))
            }
        if errors:
            raise ValidationError(errors)
        return cls(**values)

    def is_empty(self) -> bool:
        return self == LedgerFilter(include_cancelled=self.include_cancelled)

    def apply(self, incidents: QuerySet) -> QuerySet:
        """Narrow an Incident queryset (already scoped with `visible_to`)."""
        qs = incidents if self.include_cancelled else incidents.filter(cancelled_at__isnull=True)
        if self.date_from:
            qs = qs.filter(occurred_on__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(occurred_on__lte=self.date_to)
        for attr, lookup in (
            ("countries", "country_id__in"),
            ("provinces", "province_id__in"),
            ("districts", "district_id__in"),
            ("agencies", "agency_id__in"),
            ("modi", "modus__in"),
            ("origins", "origin__in"),
            ("destinations", "destination__in"),
            ("cases", "case_id__in"),
        ):
            value = getattr(self, attr)
            if value:
                qs = qs.filter(**{lookup: value})
        if self.drugs:
            qs = qs.filter(
                Exists(SeizedItem.objects.filter(incident=OuterRef("pk"), drug__in=self.drugs))
            )
        return qs

    def as_params(self) -> dict[str, str]:
        """The query string form (for links to exports, the map, the next page)."""
        out: dict[str, str] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for name, attr in _LIST_PARAMS.items():
            value = getattr(self, attr)
            if value:
                out[name] = ",".join(str(v) for v in value)
        return out


def _parse_day(raw: str) -> date | None:
    try:
        return parse_date(raw)
    except ValueError:
        return None


def _list_param(params: Mapping, name: str) -> list[str]:
    raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name) or ""]
    if isinstance(raw, str):
        raw = [raw]
    items: list[str] = []
    for chunk in raw:
        if isinstance(chunk, (list, tuple)):
            items.extend(str(c).strip() for c in chunk)
        else:
            items.extend(part.strip() for part in str(chunk or "").split(","))
    return [item for item in items if item]
