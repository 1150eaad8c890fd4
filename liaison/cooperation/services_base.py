"""Shared parts of the cooperation services: field application with model validation,
the "inside a party's subtree" rule, stored uploads, audit snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from liaison.agencies.models import Agency, Partnership
from liaison.core.access import agencies_below
from liaison.core.audit.services import audit_record, snapshot
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


def m2m_list(data: Mapping[str, Any], name: str) -> list | None:
    """The M2M value of `data` as a list of distinct objects (None when not given)."""
    if name not in data:
        return None
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


def save_with_file(record, *, upload, name: str, audit: Mapping[str, Any]):
    """Store `upload` on `record.file`, save the record and its audit event in one
    transaction; a failure removes the stored file again (nothing half written)."""
    stored = StoredFiles()
    try:
        with transaction.atomic():
            record.file.save(name, upload, save=False)
            stored.names.append(record.file.name)
            record.save()
            audit_record(**audit)
    except BaseException:
        stored.cleanup()
        raise
    return record
