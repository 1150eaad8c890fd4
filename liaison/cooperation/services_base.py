"""Shared parts of the cooperation services: field application with model validation,
the "inside a party's subtree" rule, stored uploads, audit snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Partnership
from liaison.core.access import get_tree
from liaison.core.audit.services import audit_record, snapshot
from liaison.exchange.attachments import detect_content_type, sha256_and_size
from liaison.exchange.services._common import max_attachment_bytes

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


def reach_of(agency_ids: Iterable[int]) -> set[int]:
    """The agencies and every unit below them."""
    tree = get_tree()
    reach: set[int] = set()
    for agency_id in agency_ids:
        reach |= tree.subtree(agency_id) if agency_id in tree.nodes else {agency_id}
    return reach


def partnership_reach(partnership: Partnership) -> set[int]:
    from liaison.cooperation.policy import party_ids

    return reach_of(party_ids(partnership))


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


def check_upload(upload, *, field: str = "file") -> tuple[str, str, int, str]:
    """Content type, SHA-256, size and name of an allowed upload, or a ValidationError
    on `field` (the content decides the type, never the name)."""
    if upload is None:
        raise ValidationError({field: _("Choose a file.")})
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    limit = max_attachment_bytes()
    too_large = _("%(name)s is larger than the limit of %(limit)s MB.") % {
        "name": name,
        "limit": round(limit / 1024 / 1024, 1),
    }
    if (getattr(upload, "size", None) or 0) > limit:
        raise ValidationError({field: too_large})
    digest, size = sha256_and_size(upload)
    if size > limit:
        raise ValidationError({field: too_large})
    if size == 0:
        raise ValidationError({field: _("%(name)s is empty.") % {"name": name}})
    content_type = detect_content_type(upload, name)
    if content_type is None:
        raise ValidationError(
            {
                field: _(
                    "%(name)s is not an allowed type. Attach PDF, images, office documents "
                    "or plain text."
                )
                % {"name": name}
            }
        )
    return content_type, digest, size, name


class StoredFiles:
    """Files written to storage, removed again if the transaction fails."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def cleanup(self) -> None:
        from django.core.files.storage import default_storage

        for name in self.names:
            default_storage.delete(name)


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
