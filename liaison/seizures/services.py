"""Writes of the ledger: incidents recorded, corrected and cancelled; conversions set.

Keyword-only, atomic and audited. A correction keeps the previous values (items and
arrests included) in the audit trail; a cancellation is recorded with its reason and
never deletes. Every write tells `rollup.refresh` which (agency, month) partitions it
touched, old and new, inside the same transaction. The bulk import lives in
`seizures/imports.py` and reuses the helpers below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, Exists, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency
from liaison.core.audit.services import audit_record, diff, snapshot
from liaison.core.models import AuditEvent
from liaison.seizures import rollup, units
from liaison.seizures.models import Arrest, DrugConversion, DrugType, Incident, SeizedItem, Unit
from liaison.seizures.rollup import month_start
from liaison.seizures.validation import (
    ArrestInput,
    IncidentInput,
    ItemInput,
    LedgerLookups,
    check_writer,
    incident_errors,
    rounded_coordinate,
)

Action = AuditEvent.Action
# Units whose mass is fixed by definition: a conversion for them would be meaningless.
FIXED_UNITS = (Unit.KG, Unit.G)
MAX_KG_PER_UNIT = Decimal("999")


def incident_values(data: IncidentInput) -> dict[str, Any]:
    """Model field values of an (already validated) input."""
    return {
        "ref": data.ref.strip(),
        "agency_id": data.agency_id,
        "occurred_on": data.occurred_on,
        "country_id": data.country,
        "province_id": data.province_id,
        "district_id": data.district_id,
        "place": data.place.strip(),
        "border_gate_id": data.border_gate_id,
        "latitude": rounded_coordinate(data.latitude),
        "longitude": rounded_coordinate(data.longitude),
        "modus": data.modus,
        "origin": data.origin,
        "transit": ";".join(data.transit),
        "destination": data.destination,
        "case_id": data.case_id,
        "notes": data.notes,
        "sharing": data.sharing,
        "handling_code": data.handling_code,
        "arrested_count": sum(a.count for a in data.arrests),
    }


def build_items(
    incident_id: int, items: Iterable[ItemInput], lookups: LedgerLookups
) -> list[SeizedItem]:
    rows = []
    for item in items:
        kg, conversion = lookups.normalize(item)
        rows.append(
            SeizedItem(
                incident_id=incident_id,
                drug=item.drug,
                substance=item.substance.strip(),
                quantity=item.quantity,
                unit=item.unit,
                kg=kg,
                conversion=conversion,
            )
        )
    return rows


def build_arrests(incident_id: int, arrests: Iterable[ArrestInput]) -> list[Arrest]:
    return [
        Arrest(
            incident_id=incident_id,
            person_id=a.person_id,
            nationality=a.nationality,
            count=a.count,
        )
        for a in arrests
    ]


def item_state(item: SeizedItem) -> dict[str, Any]:
    return {
        "drug": item.drug,
        "substance": item.substance,
        "quantity": units.plain(Decimal(item.quantity)),
        "unit": item.unit,
        "kg": None if item.kg is None else units.plain(Decimal(item.kg)),
        "conversion": item.conversion,
    }


def arrest_state(arrest: Arrest) -> dict[str, Any]:
    return {"nationality": arrest.nationality, "count": arrest.count, "person": arrest.person_id}


def incident_state(
    incident: Incident, items: Sequence[SeizedItem], arrests: Sequence[Arrest]
) -> dict[str, Any]:
    """What the audit trail keeps of an incident: its fields, items and arrests."""
    state = snapshot(incident)
    state["items"] = [item_state(i) for i in items]
    state["arrests"] = [arrest_state(a) for a in arrests]
    return state


def current_state(incident: Incident) -> dict[str, Any]:
    return incident_state(incident, list(incident.items.all()), list(incident.arrests.all()))


def _user_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _validated(actor, data: IncidentInput, *, exclude_pk: int | None = None) -> LedgerLookups:
    """The lookups used, after the permission and every field check passed."""
    agency = Agency.objects.filter(pk=data.agency_id).first()
    if agency is None:
        if actor is None:
            raise ValidationError({"agency": _("Unknown agency.")})
        raise PermissionDenied(_("You may only record seizures for your agency and its sub-units."))
    check_writer(actor, agency)
    lookups = LedgerLookups()
    errors = incident_errors(data, actor=actor, lookups=lookups)
    taken = Incident.objects.filter(agency_id=data.agency_id, ref=data.ref.strip())
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if data.ref.strip() and taken.exists():
        errors.setdefault("ref", []).append(
            _("The agency already has an incident with the reference “%(ref)s”.")
            % {"ref": data.ref.strip()}
        )
    if errors:
        raise ValidationError(errors)
    return lookups


@transaction.atomic
def incident_create(*, actor, data: IncidentInput) -> Incident:
    """Record an incident with its seized items and arrests."""
    lookups = _validated(actor, data)
    incident = Incident(**incident_values(data), created_by=_user_or_none(actor))
    incident.save()
    items = SeizedItem.objects.bulk_create(build_items(incident.pk, data.items, lookups))
    arrests = Arrest.objects.bulk_create(build_arrests(incident.pk, data.arrests))
    refresh_seized_kg(incident_ids=[incident.pk])
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=incident,
        verb="seizures.incident_create",
        changes=incident_state(incident, items, arrests),
        agency=incident.agency_id if actor is None else None,
        username="cli" if actor is None else "",
    )
    rollup.refresh(partitions={(incident.agency_id, month_start(incident.occurred_on))})
    return incident


@transaction.atomic
def incident_update(*, actor, incident: Incident, data: IncidentInput) -> Incident:
    """Correct an incident: fields, items and arrests are replaced; the audit event keeps
    every previous value beside the new one."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    check_writer(actor, incident.agency)
    if incident.cancelled_at is not None:
        raise ValidationError(_("A cancelled incident cannot be corrected."))
    lookups = _validated(actor, data, exclude_pk=incident.pk)
    before = current_state(incident)
    old_partition = (incident.agency_id, month_start(incident.occurred_on))
    for name, value in incident_values(data).items():
        setattr(incident, name, value)
    incident.save()
    incident.items.all().delete()
    incident.arrests.all().delete()
    items = SeizedItem.objects.bulk_create(build_items(incident.pk, data.items, lookups))
    arrests = Arrest.objects.bulk_create(build_arrests(incident.pk, data.arrests))
    refresh_seized_kg(incident_ids=[incident.pk])
    changes = diff(before, incident_state(incident, items, arrests))
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=incident,
        verb="seizures.incident_update",
        changes=changes,
        agency=incident.agency_id if actor is None else None,
        username="cli" if actor is None else "",
    )
    rollup.refresh(
        partitions={old_partition, (incident.agency_id, month_start(incident.occurred_on))}
    )
    return incident


@transaction.atomic
def incident_cancel(*, actor, incident: Incident, reason: str) -> Incident:
    """Cancel (never delete) an incident; the reason is required and audited."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    check_writer(actor, incident.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the incident.")})
    if incident.cancelled_at is not None:
        raise ValidationError(_("The incident is already cancelled."))
    incident.cancelled_at = timezone.now()
    incident.cancel_reason = reason
    incident.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.DELETE,
        obj=incident,
        verb="seizures.incident_cancel",
        changes={"reason": reason, "cancelled_at": [None, incident.cancelled_at]},
        agency=incident.agency_id if actor is None else None,
        username="cli" if actor is None else "",
    )
    rollup.refresh(partitions={(incident.agency_id, month_start(incident.occurred_on))})
    return incident


@transaction.atomic
def conversion_set(*, actor, drug: str, unit: str, kg_per_unit: Decimal) -> DrugConversion:
    """Set the mass of one unit of a drug, and re-normalize the items recorded with it.

    The conversion is shared by every country's statistics, so only a platform
    administrator (or the operator's command line, `actor=None`) sets it."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only a platform administrator may set drug conversions."))
    errors: dict[str, list[str]] = {}
    if drug not in DrugType.values:
        errors["drug"] = [_("Unknown drug type “%(drug)s”.") % {"drug": drug}]
    if unit not in Unit.values:
        errors["unit"] = [_("Unknown unit “%(unit)s”.") % {"unit": unit}]
    elif unit in FIXED_UNITS:
        errors["unit"] = [_("A kilogram and a gram need no conversion.")]
    try:
        kg_per_unit = Decimal(str(kg_per_unit))
        valid_number = kg_per_unit.is_finite()
    except ArithmeticError:
        valid_number = False
    if not valid_number or not 0 < kg_per_unit <= MAX_KG_PER_UNIT:
        errors["kg_per_unit"] = [
            _("The mass per unit must be above 0 and at most %(max)s kg.")
            % {"max": units.plain(MAX_KG_PER_UNIT)}
        ]
    elif kg_per_unit != kg_per_unit.quantize(Decimal("0.000000001")):
        errors["kg_per_unit"] = [_("The mass per unit has more than nine decimals.")]
    if errors:
        raise ValidationError(errors)
    conversion = DrugConversion.objects.select_for_update().filter(drug=drug, unit=unit).first()
    before = snapshot(conversion) if conversion else {}
    if conversion is None:
        conversion = DrugConversion(drug=drug, unit=unit)
    conversion.kg_per_unit = kg_per_unit
    conversion.save()
    renormalized = _renormalize(drug=drug, unit=unit, kg_per_unit=kg_per_unit)
    changes = diff(before, snapshot(conversion))
    changes["items_renormalized"] = renormalized
    audit_record(
        actor=actor,
        action=Action.UPDATE if before else Action.CREATE,
        obj=conversion,
        verb="seizures.conversion_set",
        changes=changes,
        username="cli" if actor is None else "",
    )
    return conversion


def _items_kg_sum():
    total = (
        SeizedItem.objects.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(total=Sum("kg"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(Decimal(0)), output_field=DecimalField())


def refresh_seized_kg(*, incident_ids: Iterable[int]) -> None:
    """Recompute `Incident.seized_kg` from the items of these incidents."""
    ids = list(incident_ids)
    for start in range(0, len(ids), 500):
        Incident.objects.filter(pk__in=ids[start : start + 500]).update(seized_kg=_items_kg_sum())


def _renormalize(*, drug: str, unit: str, kg_per_unit: Decimal) -> int:
    """Recompute kg and the conversion text of the items of this drug and unit, so the
    ledger's totals follow the conversion (each item says which one it used)."""
    items = SeizedItem.objects.filter(drug=drug, unit=unit)
    partitions = set(
        Incident.objects.filter(items__in=items)
        .annotate(month=TruncMonth("occurred_on"))
        .values_list("agency_id", "month")
        .distinct()
    )
    overrides = {(drug, unit): kg_per_unit}
    changed = []
    for item in items.only("id", "quantity", "drug", "unit").iterator(chunk_size=2000):
        item.kg, item.conversion = units.normalize(item.quantity, unit, drug, overrides)
        changed.append(item)
    SeizedItem.objects.bulk_update(changed, ["kg", "conversion"], batch_size=1000)
    Incident.objects.filter(Exists(items.filter(incident=OuterRef("pk")))).update(
        seized_kg=_items_kg_sum()
    )
    rollup.refresh(partitions={(agency_id, month_start(month)) for agency_id, month in partitions})
    return len(changed)
