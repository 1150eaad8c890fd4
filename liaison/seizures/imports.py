"""Import of the ledger from CSV or XLSX: one row per seized item, all or nothing.

Columns (header row, any order, case-insensitive):
  required  incident_ref, date (YYYY-MM-DD), country (ISO alpha-2), province, drug,
            quantity, unit
  optional  district, modus (default land), arrested ("VN:2;LA:1", a bare "VN" is one
            person), origin, transit (";"-separated), destination, case_code, substance
Any other column is an error naming it.

Rows sharing `incident_ref` form one incident. Its incident-level columns (date, country,
province, district, modus, arrested, origin, transit, destination, case_code) are read
from its first row; a later row may leave them empty, and if it fills one it must say
the same as the first row (otherwise the later row is reported). `arrested` is the
incident's arrests, given once — never summed over rows.

Province: an ISO 3166-2 code as loaded in Area.code ("VN-27", "LA-XE") or a name, with
or without Vietnamese diacritics, case-insensitive, in the national script or romanized
("Quảng Nam", "quang nam", "ເຊກອງ", "Sekong"); the area must have existed on the date
(Viet Nam's pre-2025 provinces end on 30/06/2025). District: by name or code within
that province.

Any bad row: nothing is written and every problem (up to MAX_ERRORS) comes back with its
row (as a spreadsheet numbers it, header = 1), column and a translated reason.
Re-importing an `incident_ref` the agency already has replaces that incident's columns,
items and arrests (fields the file has no column for — place, coordinates, notes,
sharing — are kept), with one audit event per replaced incident holding before/after;
the import itself is one audit event with the counts and the file's SHA-256.

Reading and parsing the file (no writes) is `imports_read.py`, writing `imports_write.py`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency
from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.seizures import rollup
from liaison.seizures.imports_read import (
    MAX_ERRORS,
    ImportFailed,
    IncidentRows,
    RowError,
    RowParser,
    TooManyErrors,
    parse_rows,
    read_table,
)
from liaison.seizures.imports_write import existing_incidents, write_incidents
from liaison.seizures.validation import LedgerLookups, check_writer

__all__ = ["ImportFailed", "ImportResult", "RowError", "import_seizures"]

Action = AuditEvent.Action

# Largest file taken through the web page and the API (read into memory in one request);
# bigger files go through `liaison seizures import`, which streams from disk.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def upload_too_large(size: int | None) -> str | None:
    """The reason an uploaded ledger file is refused for its size, or None."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        return _("The file is too large; use the command line import.")
    return None


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int
    rows: int  # item rows read
    incidents: int  # incidents in the file (created + replaced)
    incident_ids: list[int] = field(default_factory=list, repr=False)


@transaction.atomic
def import_seizures(*, actor, agency: Agency, name: str, content: bytes) -> ImportResult:
    """Import a CSV or XLSX ledger file for `agency`: everything, or nothing and ImportFailed."""
    check_writer(actor, agency)
    lookups = LedgerLookups()
    parser = RowParser(agency=agency, lookups=lookups)
    groups: dict[str, IncidentRows] = {}
    rows = 0
    try:
        groups, rows = parse_rows(read_table(name, content), parser=parser)
        if not parser.errors and not groups:
            parser.fail(0, "", _("The file has no rows to import."))
    except TooManyErrors:
        pass
    if parser.errors:
        raise ImportFailed(parser.errors)
    existing = existing_incidents(agency, list(groups))
    cancelled = [ref for ref, incident in existing.items() if incident.cancelled_at]
    if cancelled:
        raise ImportFailed(
            [
                RowError(
                    groups[ref].first_row,
                    "incident_ref",
                    _("The incident %(ref)s was cancelled; it cannot be imported again.")
                    % {"ref": ref},
                )
                for ref in cancelled[:MAX_ERRORS]
            ]
        )
    inputs = [group.data for group in groups.values()]
    incident_ids, partitions = write_incidents(
        actor=actor, agency=agency, inputs=inputs, existing=existing, lookups=lookups
    )
    replaced = len(existing)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type="seizures.incident",
        object_repr=name[:200],
        changes={
            "file": name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "rows": rows,
            "incidents": len(incident_ids),
            "created": len(incident_ids) - replaced,
            "replaced": replaced,
        },
        verb="seizures.import",
        agency=agency,
        username="cli" if actor is None else "",
    )
    rollup.refresh(partitions=partitions)
    return ImportResult(
        created=len(incident_ids) - replaced,
        replaced=replaced,
        rows=rows,
        incidents=len(incident_ids),
        incident_ids=incident_ids,
    )
