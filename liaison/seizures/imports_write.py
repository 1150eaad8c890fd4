"""Writing a validated import: plain INSERT/UPDATE batches, audit of replaced incidents.

Split from `imports.py` (reading and checking the file) to keep both readable. Building
model instances for bulk_create/bulk_update was most of a 100,000-row import's time, so
rows are written with executemany; the values are already validated and normalized.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from liaison.agencies.models import Agency
from liaison.core.audit.services import audit_record_many, diff
from liaison.core.models import AuditEvent
from liaison.seizures.models import Arrest, Incident, SeizedItem
from liaison.seizures.rollup import month_start
from liaison.seizures.services import (
    build_arrests,
    build_items,
    incident_state,
    incident_values,
    refresh_seized_kg,
)
from liaison.seizures.validation import IncidentInput

Action = AuditEvent.Action
BATCH = 2000
REF_LOOKUP_BATCH = 500

# What a re-import rewrites of an existing incident: the file's columns. Fields the file
# has no column for (place, border gate, coordinates, notes, sharing, handling code) are
# kept as they were.
REPLACED_FIELDS = (
    "occurred_on",
    "country_id",
    "province_id",
    "district_id",
    "modus",
    "origin",
    "transit",
    "destination",
    "case_id",
    "arrested_count",
)


def existing_incidents(agency: Agency, refs: list[str]) -> dict[str, Incident]:
    found: dict[str, Incident] = {}
    for start in range(0, len(refs), REF_LOOKUP_BATCH):
        batch = refs[start : start + REF_LOOKUP_BATCH]
        for incident in Incident.objects.filter(agency=agency, ref__in=batch).prefetch_related(
            "items", "arrests"
        ):
            found[incident.ref] = incident
    return found


def _adapters(model, columns: tuple[str, ...]):
    """Per column, what turns a Python value into what the database driver takes."""
    ops = connection.ops
    adapters = []
    for name in columns:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(model_field, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        elif isinstance(model_field, models.DecimalField):
            digits, places = model_field.max_digits, model_field.decimal_places
            adapters.append(lambda v, d=digits, p=places: ops.adapt_decimalfield_value(v, d, p))
        else:
            adapters.append(None)
    return adapters


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows inserted with one executemany per batch: building 200,000 model
    instances for bulk_create was most of a large import's time, and these rows have
    nothing left for the ORM to compute (validated, normalized, timestamps set)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    # only quoted names from the model are formatted in; the values are parameters
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table), names, ", ".join(["%s"] * len(columns))
    )
    adapters = _adapters(model, columns)
    if any(adapters):
        rows = [
            tuple(v if a is None or v is None else a(v) for v, a in zip(row, adapters, strict=True))
            for row in rows
        ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _update_rows(model, columns: tuple[str, ...], rows: list[tuple], *, pks: list[int]) -> None:
    """UPDATE ... WHERE id = %s with one executemany (bulk_update's CASE expressions cost
    seconds per thousand rows)."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(model._meta.get_field(c).column)} = %s" for c in columns)
    table, pk_column = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    adapters = _adapters(model, columns)
    params = [
        (*(v if a is None or v is None else a(v) for v, a in zip(row, adapters, strict=True)), pk)
        for row, pk in zip(rows, pks, strict=True)
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


INCIDENT_COLUMNS_SQL = (
    "ref",
    "agency_id",
    "sharing",
    "handling_code",
    "occurred_on",
    "country_id",
    "province_id",
    "district_id",
    "place",
    "border_gate_id",
    "latitude",
    "longitude",
    "modus",
    "origin",
    "transit",
    "destination",
    "case_id",
    "notes",
    "arrested_count",
    "cancelled_at",
    "cancel_reason",
    "created_by_id",
    "created_at",
    "updated_at",
)
ITEM_COLUMNS_SQL = ("incident_id", "drug", "substance", "quantity", "unit", "kg", "conversion")
ARREST_COLUMNS_SQL = ("incident_id", "person_id", "nationality", "count")


def _insert_incidents(
    *, agency: Agency, inputs: list[IncidentInput], created_by_id: int | None, now
) -> dict[str, int]:
    """Insert new incidents; their ids by ref."""
    rows = []
    for data in inputs:
        values = incident_values(data)
        values.update(
            cancelled_at=None,
            cancel_reason="",
            created_by_id=created_by_id,
            created_at=now,
            updated_at=now,
        )
        rows.append(tuple(values[name] for name in INCIDENT_COLUMNS_SQL))
    # New ids are above every id visible before the insert (on PostgreSQL too: sequence
    # values only grow), so one range query finds them; `ref IN (...)` batches were a
    # quarter of a 100,000-row import.
    last_before = Incident.objects.aggregate(last=Max("id"))["last"] or 0
    _insert_rows(Incident, INCIDENT_COLUMNS_SQL, rows)
    wanted = {data.ref for data in inputs}
    ids = {
        ref: pk
        for ref, pk in Incident.objects.filter(agency=agency, pk__gt=last_before).values_list(
            "ref", "id"
        )
        if ref in wanted
    }
    return ids


def _replace(*, actor, agency: Agency, pairs: list[tuple[Incident, IncidentInput]], now) -> None:
    """Rewrite the file's columns of incidents the agency already had; drop their items
    and arrests (the caller inserts the new ones)."""
    olds = [incident.pk for incident, _data in pairs]
    for start in range(0, len(olds), REF_LOOKUP_BATCH):
        batch = olds[start : start + REF_LOOKUP_BATCH]
        SeizedItem.objects.filter(incident_id__in=batch).delete()
        Arrest.objects.filter(incident_id__in=batch).delete()
    rows = []
    for incident, data in pairs:
        values = incident_values(data)
        for name in REPLACED_FIELDS:
            setattr(incident, name, values[name])
        incident.updated_at = now
        rows.append(tuple(getattr(incident, name) for name in (*REPLACED_FIELDS, "updated_at")))
    _update_rows(Incident, (*REPLACED_FIELDS, "updated_at"), rows, pks=olds)


def write_incidents(
    *, actor, agency: Agency, inputs: list[IncidentInput], existing: dict[str, Incident], lookups
) -> tuple[list[int], set[tuple[int, date]]]:
    """Write every incident of the file; their ids and the roll-up partitions touched."""
    created_by_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    now = timezone.now()
    partitions = {(agency.pk, month_start(data.occurred_on)) for data in inputs}
    replaced = [(existing[data.ref], data) for data in inputs if data.ref in existing]
    before: dict[int, dict] = {}
    for incident, _data in replaced:
        before[incident.pk] = incident_state(incident, incident.items.all(), incident.arrests.all())
        partitions.add((incident.agency_id, month_start(incident.occurred_on)))
    if replaced:
        _replace(actor=actor, agency=agency, pairs=replaced, now=now)
    ids = _insert_incidents(
        agency=agency,
        inputs=[data for data in inputs if data.ref not in existing],
        created_by_id=created_by_id,
        now=now,
    )
    ids.update((incident.ref, incident.pk) for incident, _data in replaced)
    items: list[tuple] = []
    arrests: list[tuple] = []
    for data in inputs:
        incident_id = ids[data.ref]
        for item in data.items:
            kg, conversion = lookups.normalize(item)
            items.append(
                (
                    incident_id,
                    item.drug,
                    item.substance.strip(),
                    item.quantity,
                    item.unit,
                    kg,
                    conversion,
                )
            )
        arrests.extend((incident_id, a.person_id, a.nationality, a.count) for a in data.arrests)
    _insert_rows(SeizedItem, ITEM_COLUMNS_SQL, items)
    _insert_rows(Arrest, ARREST_COLUMNS_SQL, arrests)
    refresh_seized_kg(incident_ids=ids.values())
    # audit: before/after of each replaced incident (new ones are counted in the import's
    # event), chained in one batch: one audit_record per incident was most of a large
    # re-import's time
    audit_record_many(
        actor=actor,
        verb="seizures.import_replace",
        events=[
            {
                "action": Action.UPDATE,
                "obj": incident,
                "changes": diff(
                    before[incident.pk],
                    incident_state(
                        incident,
                        build_items(incident.pk, data.items, lookups),
                        build_arrests(incident.pk, data.arrests),
                    ),
                ),
                "agency": agency if actor is None else None,
                "username": "cli" if actor is None else "",
            }
            for incident, data in replaced
        ],
    )
    return [ids[data.ref] for data in inputs], partitions
