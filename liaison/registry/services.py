"""Writes of the registry: persons created, updated, merged, unmerged and imported.

Keyword-only, atomic and audited. Every write recomputes the person's matching keys
(`NameKey`), so screening finds the person as soon as the transaction commits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Country, Role
from liaison.core.access import get_scope
from liaison.core.audit.services import audit_record, diff
from liaison.core.models import AuditEvent
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.registry import imports, keysizes
from liaison.registry.bulk import (
    birth_date_fields,
    bulk_create_persons,
    existing_by_ref,
    name_kinds,
    stored_keys,
)
from liaison.registry.imports import ImportRow, RowProblem
from liaison.registry.matching import (
    detect_script,
    name_keys,
    normalize_document_number,
)
from liaison.registry.models import IdentityDocument, NameKey, Person, PersonName
from liaison.registry.records import record_of

Action = AuditEvent.Action
WRITER_ROLES = (Role.OFFICER, Role.LIAISON_OFFICER, Role.SUPERVISOR, Role.ANALYST)
# Fields a caller may set directly (everything else goes through the row validation).
PLAIN_FIELDS = {
    "sharing",
    "handling_code",
    "discoverable",
    "notes",
    "wanting_agency",
    "warrant_ref",
}
ROW_FIELDS = {"names", "birth_date", "nationalities", "sex", "documents", "status"}


def _check_can_write(actor, agency: Agency) -> None:
    """Officers write the records of their own agency and its sub-units.

    `actor=None` is the operator's command line (`liaison persons import`)."""
    if actor is None or actor.is_superuser:
        return
    if not any(actor.has_role(role) for role in WRITER_ROLES):
        raise PermissionDenied(_("Your role does not allow you to edit the registry."))
    if agency.pk not in get_scope(actor).own_subtree:
        raise PermissionDenied(_("You may only edit records of your agency and its sub-units."))


def _row_from_values(values: dict[str, Any]) -> ImportRow:
    """Validate service arguments exactly like an imported row; errors keyed by field."""
    record = {
        "ref": values.get("ref"),
        "names": list(values.get("names") or []),
        "birth_date": values.get("birth_date"),
        "nationality": list(values.get("nationalities") or []),
        "sex": values.get("sex") or "",
        "id_numbers": list(values.get("documents") or []),
        "status": list(values.get("status") or []),
    }
    try:
        return imports.validate_record(0, record)
    except RowProblem as problem:
        field = {"nationality": "nationalities", "id_numbers": "documents"}.get(
            problem.field, problem.field
        )
        raise ValidationError({field: problem.problem}) from None


def _check_countries(rows: Iterable[ImportRow], *, field_names: dict[str, str] | None = None):
    """Unknown country codes answer with the row's line (imports) or the field."""
    wanted = {c for row in rows for c in row.nationalities} | {
        doc["country"] for row in rows for doc in row.documents if doc["country"]
    }
    known = set(Country.objects.filter(code__in=wanted).values_list("code", flat=True))
    for row in rows:
        for field, codes in (
            ("nationality", row.nationalities),
            ("id_numbers", [d["country"] for d in row.documents if d["country"]]),
        ):
            for code in codes:
                if code not in known:
                    message = _("Unknown country code “%(code)s”.") % {"code": code}
                    if field_names is not None:
                        raise ValidationError({field_names[field]: message})
                    raise RowProblem(row.line, field, message)


def _state(person: Person) -> dict[str, Any]:
    """What the audit trail compares before and after a write."""
    return {
        "ref": person.ref,
        "owner_agency": person.owner_agency_id,
        "sharing": person.sharing,
        "handling_code": person.handling_code,
        "discoverable": person.discoverable,
        "sex": person.sex,
        "birth_date": person.birth_date_text,
        "status": person.status,
        "wanting_agency": person.wanting_agency_id,
        "warrant_ref": person.warrant_ref,
        "notes": person.notes,
        "merged_into": person.merged_into_id,
        "names": [[n.text, n.kind] for n in person.names.all()] if person.pk else [],
        "documents": (
            sorted([d.type, d.number, d.country_id or ""] for d in person.documents.all())
            if person.pk
            else []
        ),
        "nationalities": sorted(c.pk for c in person.nationalities.all()) if person.pk else [],
    }


def _apply_row(person: Person, row: ImportRow, kinds: Sequence[str] | None = None) -> None:
    """Write a validated row onto a saved-or-new person, with names, documents,
    nationalities and matching keys replaced."""
    person.birth_date, person.birth_date_precision = birth_date_fields(row)
    person.sex = row.sex
    for flag in Person.STATUS_FLAGS:
        setattr(person, f"is_{flag}", flag in row.status)
    person.save()
    kinds = kinds or name_kinds(row.names)
    person.names.all().delete()
    PersonName.objects.bulk_create(
        PersonName(
            person=person,
            text=text,
            kind=kinds[position],
            script=str(detect_script(text)),
            keys=name_keys(text).to_dict(),
            position=position,
        )
        for position, text in enumerate(row.names)
    )
    person.documents.all().delete()
    IdentityDocument.objects.bulk_create(
        IdentityDocument(
            person=person,
            type=doc["type"],
            number=normalize_document_number(doc["number"]),
            number_as_written=doc["number"][:80],
            country_id=doc["country"] or None,
        )
        for doc in row.documents
    )
    person.nationalities.set(row.nationalities)
    _refresh_keys(person)


def _refresh_keys(person: Person) -> None:
    """Replace the person's blocking keys (and adjust the key sizes); a merged person
    has none (not screened)."""
    old = list(NameKey.objects.filter(person=person).values_list("key", flat=True))
    NameKey.objects.filter(person=person).delete()
    new: list[str] = []
    if person.merged_into_id is None:
        person = Person.objects.prefetch_related("names", "documents", "nationalities").get(
            pk=person.pk
        )
        new = stored_keys(record_of(person))
        NameKey.objects.bulk_create(NameKey(person=person, key=key) for key in new)
    keysizes.adjust(added=Counter(new), removed=Counter(old))


def _set_plain_fields(person: Person, values: dict[str, Any]) -> None:
    for name in PLAIN_FIELDS & set(values):
        setattr(person, name, values[name])
    if person.sharing not in SharingLevel.values:
        raise ValidationError({"sharing": _("Choose a valid sharing level.")})
    if person.handling_code not in HandlingCode.values:
        raise ValidationError({"handling_code": _("Choose a valid handling code.")})


@transaction.atomic
def person_create(
    *, actor, owner_agency: Agency, ref: str, names: Sequence[Any], **values
) -> Person:
    """Create a person. `names`: strings (the first is the primary name) or
    {"text": ..., "kind": ...}; other values as in the import format."""
    _check_can_write(actor, owner_agency)
    unknown = set(values) - PLAIN_FIELDS - ROW_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    texts = [n["text"] if isinstance(n, dict) else n for n in names]
    row = _row_from_values({**values, "ref": ref, "names": texts})
    _check_countries([row], field_names={"nationality": "nationalities", "id_numbers": "documents"})
    if Person.objects.filter(owner_agency=owner_agency, ref=row.ref).exists():
        raise ValidationError({"ref": _("Your agency already has a person with this reference.")})
    person = Person(owner_agency=owner_agency, ref=row.ref, created_by=_user_or_none(actor))
    _set_plain_fields(person, values)
    _apply_row(person, row, name_kinds(names))
    keysizes.adjust(added={keysizes.LIVE_PERSONS: 1})
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=person,
        changes=diff({}, _state(person)),
        verb="registry.person_create",
        agency=owner_agency if actor is None else None,
        username="cli" if actor is None else "",
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **values) -> Person:
    """Change a person; names, documents, nationalities and status are replaced as a
    whole when given."""
    _check_can_write(actor, person.owner_agency)
    unknown = set(values) - PLAIN_FIELDS - ROW_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _state(person)
    current = {
        "names": [n.text for n in person.names.all()],
        "birth_date": person.birth_date_text or None,
        "nationalities": [c.pk for c in person.nationalities.all()],
        "sex": person.sex,
        "documents": [
            {"type": d.type, "number": d.number, "country": d.country_id or ""}
            for d in person.documents.all()
        ],
        "status": person.status,
    }
    given_names = values.get("names")
    merged = {**current, **{k: v for k, v in values.items() if k in ROW_FIELDS}}
    merged["names"] = [n["text"] if isinstance(n, dict) else n for n in merged["names"]]
    row = _row_from_values({**merged, "ref": person.ref})
    _check_countries([row], field_names={"nationality": "nationalities", "id_numbers": "documents"})
    _set_plain_fields(person, values)
    kinds = name_kinds(given_names) if given_names is not None else None
    if kinds is None:
        kinds = [n.kind for n in person.names.all()]
    _apply_row(person, row, kinds)
    person = Person.objects.prefetch_related("names", "documents", "nationalities").get(
        pk=person.pk
    )
    changes = diff(before, _state(person))
    if changes:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=person,
            changes=changes,
            verb="registry.person_update",
            username="cli" if actor is None else "",
        )
    return person


def _user_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


@transaction.atomic
def person_merge(*, actor, person: Person, into: Person, reason: str) -> Person:
    """Mark `person` a duplicate of `into`: it leaves screening and lists; reversible."""
    _check_can_write(actor, person.owner_agency)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why these records are the same person.")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.pk == into.pk:
        raise ValidationError({"into": _("A record cannot be merged into itself.")})
    if person.merged_into_id is not None:
        raise ValidationError({"into": _("This record is already merged into another one.")})
    if into.merged_into_id is not None:
        raise ValidationError({"into": _("The target record is itself merged into another one.")})
    if actor is not None and not Person.objects.visible_to(actor).filter(pk=into.pk).exists():
        raise ValidationError({"into": _("The target record is not available to you.")})
    # keep merges one level deep: records merged into `person` now point at `into`
    Person.objects.filter(merged_into=person).update(merged_into=into)
    person.merged_into = into
    person.merge_reason = reason.strip()
    person.save(update_fields=["merged_into", "merge_reason", "updated_at"])
    _refresh_keys(person)
    keysizes.adjust(removed={keysizes.LIVE_PERSONS: 1})
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        changes={"merged_into": [None, into.pk], "reason": reason.strip()},
        verb="registry.person_merge",
        username="cli" if actor is None else "",
    )
    return person


@transaction.atomic
def person_unmerge(*, actor, person: Person, reason: str) -> Person:
    """Undo a merge: the record is live again and screened again."""
    _check_can_write(actor, person.owner_agency)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why these records are different persons.")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.merged_into_id is None:
        raise ValidationError({"person": _("This record is not merged into another one.")})
    previous = person.merged_into_id
    person.merged_into = None
    person.merge_reason = ""
    person.save(update_fields=["merged_into", "merge_reason", "updated_at"])
    _refresh_keys(person)
    keysizes.adjust(added={keysizes.LIVE_PERSONS: 1})
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        changes={"merged_into": [previous, None], "reason": reason.strip()},
        verb="registry.person_unmerge",
        username="cli" if actor is None else "",
    )
    return person


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def persons_import(
    *, actor, agency: Agency, file, format: str | None = None, filename: str = ""
) -> ImportResult:
    """Import a CSV, XLSX or JSONL file of persons for `agency`, all or nothing.

    A bad row raises ValidationError naming its line and field, before anything is
    written; a `ref` the agency already has updates that person instead of adding one."""
    _check_can_write(actor, agency)
    data = file if isinstance(file, bytes) else file.read()
    try:
        fmt = imports.format_of(filename or getattr(file, "name", "") or "", format)
        rows = imports.parse_file(data, fmt)
        _check_countries(rows)
    except RowProblem as problem:
        raise ValidationError(problem.message, code="import") from None
    existing = existing_by_ref(agency, [row.ref for row in rows])
    # re-imported refs go through the one-person path (their old names, documents and
    # keys are replaced); new persons, the bulk of a large file, are bulk-inserted
    for row in rows:
        if row.ref in existing:
            _apply_row(existing[row.ref], row)
    new_rows = [row for row in rows if row.ref not in existing]
    bulk_create_persons(agency=agency, rows=new_rows, created_by=_user_or_none(actor))
    created, updated = len(new_rows), len(rows) - len(new_rows)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        object_type="registry.person",
        object_repr=filename or getattr(file, "name", "") or "",
        changes={
            "created": created,
            "updated": updated,
            "refs": [row.ref for row in rows[:1000]],
        },
        verb="registry.persons_import",
        agency=agency,
        username="cli" if actor is None else "",
    )
    return ImportResult(created=created, updated=updated)
