"""Load the reference data (countries, provinces, districts) into the database.

Set-up code, run before any user exists (by `liaison load_reference`, `liaison demo` and
`make run`): the services require a platform administrator as actor, so this module
writes directly, but like every write in Liaison each created or changed record gets
an audit event (actor none, verb "reference_load"). Idempotent: records are matched by
code, and a second run with unchanged data writes nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from liaison.agencies.models import Area, Country
from liaison.agencies.reference import all_areas
from liaison.agencies.reference.countries import COUNTRIES
from liaison.core.audit.services import Action, audit_record, diff, snapshot

VERB = "reference_load"


@dataclass
class LoadReport:
    """What a load did, per model label: created and updated record counts."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, *, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[label] = bucket.get(label, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if not self.changed:
            return "nothing to change"
        parts = [f"{n} {label} created" for label, n in sorted(self.created.items())]
        parts += [f"{n} {label} updated" for label, n in sorted(self.updated.items())]
        return ", ".join(parts)


def _load_countries(report: LoadReport) -> dict[str, Country]:
    existing = {c.code: c for c in Country.objects.filter(code__in=[s.code for s in COUNTRIES])}
    for spec in COUNTRIES:
        country = existing.get(spec.code)
        wanted = {"iso3": spec.iso3, "name": spec.name, "name_local": spec.name_local}
        if country and all(getattr(country, k) == v for k, v in wanted.items()):
            continue
        before = snapshot(country) if country else {}
        country = country or Country(code=spec.code)
        for name, value in wanted.items():
            setattr(country, name, value)
        country.full_clean()
        country.save()
        existing[spec.code] = country
        audit_record(
            actor=None,
            action=Action.UPDATE if before else Action.CREATE,
            obj=country,
            verb=VERB,
            changes=diff(before, snapshot(country)),
        )
        report.count("countries", created=not before)
    return existing


def _load_areas(report: LoadReport) -> None:
    specs = all_areas()
    existing = {
        a.code: a
        for a in Area.objects.filter(code__in=[s.code for s in specs]).prefetch_related("borders")
    }
    ids = {code: area.pk for code, area in existing.items()}
    for spec in specs:
        area = existing.get(spec.code)
        # Parents and successors come first in all_areas(), so their ids are known here.
        wanted = {
            "country_id": spec.country,
            "kind": spec.kind,
            "name": spec.name,
            "name_en": spec.name_en,
            "parent_id": ids[spec.parent] if spec.parent else None,
            "valid_from": spec.valid_from,
            "valid_to": spec.valid_to,
            "successor_id": ids[spec.successor] if spec.successor else None,
        }
        borders_before = sorted(c.code for c in area.borders.all()) if area else []
        borders_after = sorted(spec.borders)
        same_fields = area is not None and all(getattr(area, k) == v for k, v in wanted.items())
        if same_fields and borders_before == borders_after:
            continue
        before = snapshot(area) if area else {}
        if not same_fields:
            area = area or Area(code=spec.code)
            for name, value in wanted.items():
                setattr(area, name, value)
            # The foreign keys point at records this load just read or wrote and the code
            # was looked up above, so only the field and model checks are worth their cost.
            area.full_clean(exclude=["country", "parent", "successor"], validate_unique=False)
            area.save()
            ids[spec.code] = area.pk
        changes = diff(before, snapshot(area))
        if borders_before != borders_after:
            area.borders.set(borders_after)
            changes["borders"] = [borders_before, borders_after]
        audit_record(
            actor=None,
            action=Action.UPDATE if before else Action.CREATE,
            obj=area,
            verb=VERB,
            changes=changes,
        )
        report.count("areas", created=not before)


@transaction.atomic
def load_reference(report: LoadReport | None = None) -> LoadReport:
    """Countries VN, LA, KH, their provinces (with Viet Nam's 2025 merger) and the
    districts the demo needs. All or nothing."""
    report = report if report is not None else LoadReport()
    _load_countries(report)
    _load_areas(report)
    return report
