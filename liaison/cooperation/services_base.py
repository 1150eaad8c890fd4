"""Shared parts of the cooperation services: field application with model validation,
the "inside a party's subtree" rule, stored uploads, the audited save of a record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from liaison.agencies.models import Agency, Partnership
from liaison.core.access import agencies_below
from liaison.core.audit.services import Action, audit_record, diff, snapshot
from liaison.core.uploads import StoredFiles

Errors = dict[str, list[str]]


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def apply_fields(
    instance: models.Model, data: Mapping[str, Any], fields: Iterable[str]
) -> set[str]:
    """Set the scalar/FK fields of `data` that are in `fields`; returns those set."""
    changed = set()
    for name in fields:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(instance, name, value)
            changed.add(name)
    return changed


def model_errors(
    instance: models.Model, *, exclude: Iterable[str] = (), constraints: bool = True
) -> Errors:
    """The model's own validation (required, choices, lengths, constraints) by field."""
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=constraints)
    except ValidationError as error:
        return {k: [str(m) for m in v] for k, v in error.message_dict.items()}
    return {}


def merge_and_raise(*error_dicts: Errors) -> None:
    merged: Errors = {}
    for errors in error_dicts:
        for field, messages in errors.items():
            for message in messages:
                if message not in merged.get(field, []):
                    add_error(merged, field, message)
    if merged:
        raise ValidationError(merged)


def partnership_reach(partnership: Partnership) -> set[int]:
    from liaison.cooperation.policy import party_ids

    return agencies_below(party_ids(partnership))


def outside(agencies: Iterable[Agency | None], reach: set[int]) -> list[Agency]:
    return [a for a in agencies if a is not None and a.pk not in reach]


def m2m_list(data: Mapping[str, Any], name: str, *, current: Iterable | None = None) -> list:
    """The M2M value of `data` as a list of distinct objects; when `data` does not give
    it, the `current` relation of the record being updated (nothing for a new one)."""
    if name not in data:
        return [] if current is None else list(current)
    seen, items = set(), []
    for item in data[name] or ():
        if item.pk not in seen:
            seen.add(item.pk)
            items.append(item)
    return items


def pk_list(items: Iterable[models.Model]) -> list[int]:
    return sorted(item.pk for item in items)


def audit_snapshot(instance: models.Model, fields: list[str], m2m: Mapping[str, Iterable]) -> dict:
    data = snapshot(instance, fields)
    for name, items in m2m.items():
        data[name] = pk_list(items)
    return data


def save_audited(
    record: models.Model,
    *,
    user,
    verb: str,
    before: dict | None,
    fields: list[str],
    m2m: Mapping[str, list] | None = None,
) -> None:
    """Save the record, set its M2M relations, and put the write on record: a creation
    (`before` is None, verb "<verb>_create") with every value, or an update ("<verb>_update")
    with the changes since `before` (an `audit_snapshot` taken before the fields changed)."""
    m2m = m2m or {}
    record.save()
    for name, items in m2m.items():
        getattr(record, name).set(items)
    after = audit_snapshot(record, fields, m2m)
    creating = before is None
    audit_record(
        actor=user,
        action=Action.CREATE if creating else Action.UPDATE,
        obj=record,
        verb=f"{verb}_create" if creating else f"{verb}_update",
        changes={k: [None, v] for k, v in after.items()} if creating else diff(before, after),
    )


def save_with_file(record, *, upload, name: str, audit: Mapping[str, Any]):
    """Store `upload` on `record.file`, save the record and its audit event in one
    transaction; a failure removes the stored file again (nothing half written)."""
    with StoredFiles() as stored, transaction.atomic():
        record.file.save(name, upload, save=False)
        stored.names.append(record.file.name)
        record.save()
        audit_record(**audit)
    return record
