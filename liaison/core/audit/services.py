"""Writing to the audit trail. Called by every service inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from liaison.core.audit.chain import event_hash, normalize_json
from liaison.core.models import AuditChainHead, AuditEvent
from liaison.core.request_context import current_ip

Action = AuditEvent.Action


def _event_fields(
    *,
    actor,
    action: str,
    obj: models.Model | None,
    object_type: str,
    object_id: str | int,
    object_repr: str,
    changes: dict[str, Any] | None,
    verb: str,
    agency,
    ip: str | None,
    username: str,
    now,
    countries: dict,
) -> dict[str, Any]:
    from liaison.core.access import agency_country, get_scope

    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    actor_obj = actor if (actor is not None and getattr(actor, "pk", None)) else None
    if agency is None and actor_obj is not None:
        agency_id = actor_obj.agency_id
    else:
        agency_id = getattr(agency, "pk", agency)
    country = countries.get(agency_id)
    if country is None and actor_obj is not None and agency_id is not None:
        # The actor's scope is memoized for the request: reusing its country saves the
        # scope-version query, a fifth of an audit write (bench/bench_audit.py).
        scope = get_scope(actor_obj)
        if scope.agency_id == agency_id:
            country = scope.country
    if country is None:
        country = agency_country(agency_id) or ""
    countries[agency_id] = country
    return {
        "created_at": now,
        "actor_id": actor_obj.pk if actor_obj else None,
        "actor_username": actor_obj.get_username() if actor_obj else username[:150],
        "agency_id": agency_id,
        "country": country,
        "action": action,
        "verb": verb,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr[:200],
        "changes": normalize_json(changes or {}),
        "ip": ip if ip is not None else current_ip(),
    }


def _append(fields_list: list[dict[str, Any]]) -> list[AuditEvent]:
    """Chain and insert events under one lock of the chain head."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        if head is None:
            head = AuditChainHead.objects.create(id=1)
        seq, last_hash = head.last_seq, head.last_hash
        events = []
        for fields in fields_list:
            seq += 1
            fields["seq"] = seq
            digest = event_hash(last_hash, fields)
            events.append(AuditEvent(**fields, prev_hash=last_hash, hash=digest))
            last_hash = digest
        if len(events) == 1:
            events[0].save(_from_audit_service=True)
        elif events:
            AuditEvent.objects.bulk_create(events, batch_size=500)
        if events:
            AuditChainHead.objects.filter(id=1).update(last_seq=seq, last_hash=last_hash)
    return events


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    verb: str = "",
    agency=None,
    ip: str | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event to the chain; joins the caller's transaction."""
    fields = _event_fields(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes,
        verb=verb,
        agency=agency,
        ip=ip,
        username=username,
        now=timezone.now(),
        countries={},
    )
    return _append([fields])[0]


def audit_record_many(*, actor, events: list[dict[str, Any]], verb: str = "") -> int:
    """Append many events in one go (bulk imports): one lock, one insert per 500.

    Each item takes the keyword arguments of `audit_record` except `actor` (and `verb`,
    unless it differs). Same chain, same hashes as one `audit_record` call per event.
    """
    now = timezone.now()
    countries: dict = {}
    fields_list = [
        _event_fields(
            actor=actor,
            action=event["action"],
            obj=event.get("obj"),
            object_type=event.get("object_type", ""),
            object_id=event.get("object_id", ""),
            object_repr=event.get("object_repr", ""),
            changes=event.get("changes"),
            verb=event.get("verb", verb),
            agency=event.get("agency"),
            ip=event.get("ip"),
            username=event.get("username", ""),
            now=now,
            countries=countries,
        )
        for event in events
    ]
    return len(_append(fields_list))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a record, for before/after comparison.

    Automatic timestamps are left out: a save that changes nothing must show no change.
    """
    names = fields or [
        f.attname
        for f in instance._meta.concrete_fields
        if f.attname != "password"
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    return normalize_json({name: getattr(instance, name) for name in names})


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [before, after]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
