"""Writes of the registry's other records: organisations, vehicles, phones, locations
and the relationships between any two registry records.

Keyword-only, atomic and audited like services.py (persons). Records are never deleted:
`record_cancel` marks them cancelled with a reason (and cancels their relationships), so
the audit trail keeps pointing at something. A record the actor may not see is refused
with `RecordNotAvailable`, a 404 — the same answer as a record that does not exist.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Country
from liaison.core.audit.services import audit_record, diff, snapshot
from liaison.core.models import AuditEvent
from liaison.registry.matching import Script, detect_script, normalize_document_number
from liaison.registry.models import (
    RELATIONSHIP_ENDS,
    Location,
    Organisation,
    OrganisationName,
    OrganisationOfficer,
    Person,
    Phone,
    RegistrationNumber,
    Relationship,
    Vehicle,
)
from liaison.registry.services import _check_can_write, _user_or_none

Action = AuditEvent.Action
COMMON_FIELDS = {"sharing", "handling_code", "notes"}
# What a caller may set on each record type (relationship ends are fixed once created).
EDITABLE: dict[type[models.Model], set[str]] = {
    Organisation: COMMON_FIELDS | {"name", "kind", "addresses", "discoverable"},
    Vehicle: COMMON_FIELDS | {"plate", "country", "kind", "description"},
    Phone: COMMON_FIELDS | {"number", "country"},
    Location: COMMON_FIELDS | {"kind", "name", "area", "address", "latitude", "longitude"},
    Relationship: COMMON_FIELDS | {"kind", "date_from", "date_to", "source"},
}
ORGANISATION_CHILDREN = {"names", "registrations", "officers"}
# Country calling codes of the partners and their neighbours, to write national
# numbers ("0905 123 456" in Viet Nam) in international form (+84905123456).
CALLING_CODES = {"VN": "84", "LA": "856", "KH": "855", "TH": "66", "CN": "86", "MM": "95"}
PHONE_PUNCTUATION = set(" -.()/")
RELATIONSHIP_END_MODELS: dict[type[models.Model], str] = {
    Person: "person",
    Organisation: "organisation",
    Vehicle: "vehicle",
    Phone: "phone",
    Location: "location",
}
assert set(RELATIONSHIP_END_MODELS.values()) == set(RELATIONSHIP_ENDS)
END_MODELS: dict[str, type[models.Model]] = {
    suffix: model for model, suffix in RELATIONSHIP_END_MODELS.items()
}


class RecordNotAvailable(Http404):
    """A linked record is missing, cancelled or out of the actor's scope (answers 404)."""


# --- normalization (pure) ---------------------------------------------------------------


def normalize_plate(text: str) -> str:
    """Letters, marks and digits of any script, upper-cased: "92A-123.45" -> "92A12345".

    Marks are kept because Lao and Khmer plates carry vowel signs that are letters."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFC", text or "")
        if unicodedata.category(ch)[0] in "LMN"
    ).upper()


def normalize_phone(text: str, country: str | None = None) -> str:
    """E.164-like: "+" and digits when the country code is known, else national digits.

    Lao and Khmer digits count as digits. Raises ValueError for anything that is not a
    phone number (letters, too short or too long)."""
    raw = unicodedata.normalize("NFKC", (text or "").strip())
    international = raw.startswith("+")
    digits = []
    for ch in raw[1:] if international else raw:
        if ch in PHONE_PUNCTUATION:
            continue
        value = unicodedata.decimal(ch, None)
        if value is None:
            raise ValueError(ch)
        digits.append(str(value))
    number = "".join(digits)
    if not international and number.startswith("00"):
        international, number = True, number[2:]
    elif not international and country in CALLING_CODES and number.startswith("0"):
        international, number = True, CALLING_CODES[country] + number[1:]
    if not 6 <= len(number) <= 15 or (international and number.startswith("0")):
        raise ValueError(number)
    return f"+{number}" if international else number


# --- helpers ------------------------------------------------------------------------------


def _check_fields(model: type[models.Model], values: dict[str, Any], extra: set[str]) -> None:
    unknown = set(values) - EDITABLE[model] - extra
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})


def _country_code(value: Any, field: str) -> str | None:
    code = getattr(value, "pk", value) or None
    if code is not None and not Country.objects.filter(pk=code).exists():
        raise ValidationError({field: _("Unknown country code “%(code)s”.") % {"code": code}})
    return code


def _set_values(record: models.Model, values: dict[str, Any]) -> None:
    """Put the caller's values on the record, normalizing what has a normal form."""
    for name, value in values.items():
        if name in ORGANISATION_CHILDREN:
            continue
        if name == "country":
            record.country_id = _country_code(value, "country")
        elif name == "area":
            record.area_id = getattr(value, "pk", value) or None
        else:
            setattr(record, name, value)
    if isinstance(record, Vehicle) and "plate" in values:
        record.plate_as_written = (values["plate"] or "").strip()
        record.plate = normalize_plate(record.plate_as_written)
        if not record.plate:
            raise ValidationError({"plate": _("Enter the plate as it is written.")})
    if isinstance(record, Phone) and {"number", "country"} & set(values):
        if "number" in values:
            record.number_as_written = (values["number"] or "").strip()
        try:
            record.number = normalize_phone(record.number_as_written, record.country_id)
        except ValueError:
            raise ValidationError(
                {"number": _("Enter a phone number: digits, optionally starting with +.")}
            ) from None
    if isinstance(record, Organisation) and "name" in values:
        record.name = (record.name or "").strip()
        record.script = str(detect_script(record.name))
        if detect_script(record.name) == Script.NONE:
            raise ValidationError({"name": _("Enter the organisation's name as it is written.")})


def _validate_and_save(record: models.Model) -> None:
    """Model validation (choices, lengths, coordinates, dates), errors keyed by field."""
    record.full_clean(exclude=["created_by", "cancelled_at", "merged_into"])
    record.save()


def _state(record: models.Model) -> dict[str, Any]:
    """What the audit trail compares before and after a write."""
    state = snapshot(record)
    if isinstance(record, Organisation):
        state["names"] = [[n.text, n.kind] for n in record.names.all()]
        state["registrations"] = [[r.number, r.country_id] for r in record.registrations.all()]
        state["officers"] = [[o.person_id, o.role] for o in record.officers.all()]
    return state


def _verb(record: models.Model, action: str) -> str:
    return f"registry.{record._meta.model_name}_{action}"


def _audit(*, actor, record: models.Model, action: str, changes: dict, verb: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=record,
        changes=changes,
        verb=verb,
        agency=record.owner_agency if actor is None else None,
        username="cli" if actor is None else "",
    )


def _available(model: type[models.Model], actor, value: Any) -> models.Model:
    """The live record `value` (instance or pk) through the actor's scope, else 404."""
    pk = getattr(value, "pk", value)
    queryset = model.objects.live()
    try:
        if actor is None:  # the operator's command line sees the whole registry
            return queryset.get(pk=pk)
        return queryset.visible_to(actor).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise RecordNotAvailable(
            _("This record does not exist or is not available to you.")
        ) from None


def relationship_end(*, actor, type_name: str, pk: Any) -> models.Model:
    """The record a relationship end names by type and number: live and visible to the
    actor, else RecordNotAvailable."""
    return _available(END_MODELS[type_name], actor, pk)


def _create(model: type[models.Model], *, actor, owner_agency: Agency, values: dict) -> Any:
    _check_can_write(actor, owner_agency)
    record = model(owner_agency=owner_agency, created_by=_user_or_none(actor))
    _set_values(record, values)
    return record


# --- organisations -----------------------------------------------------------------------


def _set_organisation_children(organisation: Organisation, actor, values: dict) -> None:
    """Replace names, registration numbers and officers when given (validated first)."""
    names = values.get("names")
    if names is not None:
        rows = []
        for position, name in enumerate(names):
            text = (name["text"] if isinstance(name, dict) else name or "").strip()
            kind = (name.get("kind") if isinstance(name, dict) else None) or "alias"
            if detect_script(text) == Script.NONE or kind not in OrganisationName.Kind.values:
                raise ValidationError({"names": _("Each name needs letters and a valid kind.")})
            rows.append(
                OrganisationName(
                    organisation=organisation,
                    text=text[:300],
                    kind=kind,
                    script=str(detect_script(text)),
                    position=position,
                )
            )
        organisation.names.all().delete()
        OrganisationName.objects.bulk_create(rows)
    registrations = values.get("registrations")
    if registrations is not None:
        rows = []
        for item in registrations:
            written = (item["number"] if isinstance(item, dict) else item or "").strip()
            country = item.get("country") if isinstance(item, dict) else None
            number = normalize_document_number(written)
            if not number:
                raise ValidationError({"registrations": _("Enter the registration number.")})
            rows.append(
                RegistrationNumber(
                    organisation=organisation,
                    number=number[:60],
                    number_as_written=written[:80],
                    country_id=_country_code(country, "registrations"),
                )
            )
        organisation.registrations.all().delete()
        RegistrationNumber.objects.bulk_create(rows)
    officers = values.get("officers")
    if officers is not None:
        rows = {}
        for item in officers:
            role = item.get("role") or ""
            if role not in OrganisationOfficer.Role.values:
                raise ValidationError({"officers": _("Choose a valid position.")})
            person = _available(Person, actor, item.get("person"))
            rows[(person.pk, role)] = OrganisationOfficer(
                organisation=organisation, person=person, role=role
            )
        organisation.officers.all().delete()
        OrganisationOfficer.objects.bulk_create(rows.values())


@transaction.atomic
def organisation_create(
    *, actor, owner_agency: Agency, name: str, kind: str, **values
) -> Organisation:
    """Create an organisation. `names`: further names (strings or {"text", "kind"});
    `registrations`: strings or {"number", "country"}; `officers`: {"person", "role"}."""
    _check_fields(Organisation, values, ORGANISATION_CHILDREN)
    organisation = _create(
        Organisation,
        actor=actor,
        owner_agency=owner_agency,
        values={**values, "name": name, "kind": kind},
    )
    _validate_and_save(organisation)
    _set_organisation_children(organisation, actor, values)
    _audit(
        actor=actor,
        record=organisation,
        action=Action.CREATE,
        changes=diff({}, _state(organisation)),
        verb="registry.organisation_create",
    )
    return organisation


@transaction.atomic
def organisation_merge(
    *, actor, organisation: Organisation, into: Organisation, reason: str
) -> Organisation:
    """Mark `organisation` a duplicate of `into`: it leaves lists; reversible."""
    _check_can_write(actor, organisation.owner_agency)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why these records are the same organisation.")})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.pk == into.pk:
        raise ValidationError({"into": _("A record cannot be merged into itself.")})
    if organisation.merged_into_id is not None:
        raise ValidationError({"into": _("This record is already merged into another one.")})
    into = _available(Organisation, actor, into)
    # keep merges one level deep: records merged into this one now point at `into`
    Organisation.objects.filter(merged_into=organisation).update(merged_into=into)
    organisation.merged_into = into
    organisation.merge_reason = reason.strip()
    organisation.save(update_fields=["merged_into", "merge_reason", "updated_at"])
    _audit(
        actor=actor,
        record=organisation,
        action=Action.UPDATE,
        changes={"merged_into": [None, into.pk], "reason": reason.strip()},
        verb="registry.organisation_merge",
    )
    return organisation


@transaction.atomic
def organisation_unmerge(*, actor, organisation: Organisation, reason: str) -> Organisation:
    """Undo a merge: the organisation is a record of its own again."""
    _check_can_write(actor, organisation.owner_agency)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why these records are different organisations.")})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.merged_into_id is None:
        raise ValidationError({"organisation": _("This record is not merged into another one.")})
    previous = organisation.merged_into_id
    organisation.merged_into = None
    organisation.merge_reason = ""
    organisation.save(update_fields=["merged_into", "merge_reason", "updated_at"])
    _audit(
        actor=actor,
        record=organisation,
        action=Action.UPDATE,
        changes={"merged_into": [previous, None], "reason": reason.strip()},
        verb="registry.organisation_unmerge",
    )
    return organisation


# --- vehicles, phones, locations -------------------------------------------------------------


def _create_simple(model, *, actor, owner_agency: Agency, values: dict):
    _check_fields(model, values, set())
    record = _create(model, actor=actor, owner_agency=owner_agency, values=values)
    _validate_and_save(record)
    _audit(
        actor=actor,
        record=record,
        action=Action.CREATE,
        changes=diff({}, _state(record)),
        verb=_verb(record, "create"),
    )
    return record


@transaction.atomic
def vehicle_create(
    *, actor, owner_agency: Agency, plate: str, kind: str, country: str | None = None, **values
) -> Vehicle:
    values.update(plate=plate, kind=kind, country=country)
    return _create_simple(Vehicle, actor=actor, owner_agency=owner_agency, values=values)


@transaction.atomic
def phone_create(
    *, actor, owner_agency: Agency, number: str, country: str | None = None, **values
) -> Phone:
    values.update(number=number, country=country)
    return _create_simple(Phone, actor=actor, owner_agency=owner_agency, values=values)


@transaction.atomic
def location_create(*, actor, owner_agency: Agency, kind: str, name: str, **values) -> Location:
    """A hotspot, border gate or other place; coordinates in decimal degrees (both or
    neither)."""
    values.update(kind=kind, name=name)
    return _create_simple(Location, actor=actor, owner_agency=owner_agency, values=values)


# --- relationships ------------------------------------------------------------------------------


def _check_relationship_kind(kind: str, source: models.Model, target: models.Model) -> None:
    """Kinds that only make sense between certain record types; errors on `to_record`."""
    K = Relationship.Kind
    if kind not in K.values:
        raise ValidationError({"kind": _("Choose a valid kind of relationship.")})
    if source == target:
        raise ValidationError({"to_record": _("A record cannot be related to itself.")})
    if kind == K.LOCATED_AT and not isinstance(target, Location):
        raise ValidationError({"to_record": _("“Located at” needs a location.")})
    if kind == K.FAMILY and not (isinstance(source, Person) and isinstance(target, Person)):
        raise ValidationError({"to_record": _("Family ties join two persons.")})
    if kind in (K.MEMBER_OF, K.LEADS) and not isinstance(target, Organisation):
        raise ValidationError({"to_record": _("Membership and leadership are of an organisation.")})


@transaction.atomic
def relationship_create(
    *,
    actor,
    owner_agency: Agency,
    kind: str,
    from_record: models.Model,
    to_record: models.Model,
    **values,
) -> Relationship:
    """Relate two registry records (person, organisation, vehicle, phone, location).

    Both ends must be live and visible to the actor: otherwise RecordNotAvailable (404)."""
    _check_fields(Relationship, values, set())
    _check_can_write(actor, owner_agency)
    ends = {}
    for side, record in (("from", from_record), ("to", to_record)):
        suffix = RELATIONSHIP_END_MODELS.get(type(record))
        if suffix is None:
            raise ValidationError({f"{side}_record": _("Choose a registry record.")})
        ends[side] = (suffix, _available(type(record), actor, record))
    _check_relationship_kind(kind, ends["from"][1], ends["to"][1])
    relationship = _create(
        Relationship, actor=actor, owner_agency=owner_agency, values={**values, "kind": kind}
    )
    for side, (suffix, record) in ends.items():
        setattr(relationship, f"{side}_{suffix}", record)
    _validate_and_save(relationship)
    _audit(
        actor=actor,
        record=relationship,
        action=Action.CREATE,
        changes=diff({}, _state(relationship)),
        verb="registry.relationship_create",
    )
    return relationship


# --- any record: update and cancel ------------------------------------------------------------


@transaction.atomic
def record_update(*, actor, record: models.Model, **values) -> Any:
    """Change an organisation, vehicle, phone, location or relationship."""
    model = type(record)
    _check_fields(model, values, ORGANISATION_CHILDREN if model is Organisation else set())
    _check_can_write(actor, record.owner_agency)
    record = model.objects.live().select_for_update().get(pk=record.pk)
    before = _state(record)
    _set_values(record, values)
    if isinstance(record, Relationship) and "kind" in values:
        _check_relationship_kind(record.kind, record.source_end, record.target_end)
    _validate_and_save(record)
    if isinstance(record, Organisation):
        _set_organisation_children(record, actor, values)
    changes = diff(before, _state(record))
    if changes:
        _audit(
            actor=actor,
            record=record,
            action=Action.UPDATE,
            changes=changes,
            verb=_verb(record, "update"),
        )
    return record


@transaction.atomic
def record_cancel(*, actor, record: models.Model, reason: str) -> Any:
    """Cancel a record (never deleted); its relationships are cancelled with it."""
    _check_can_write(actor, record.owner_agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this record is cancelled.")})
    model = type(record)
    record = model.objects.live().select_for_update().get(pk=record.pk)
    now = timezone.now()
    cancelled_relationships: list[int] = []
    if model is not Relationship:
        related = Relationship.objects.live().involving(record)
        cancelled_relationships = sorted(related.values_list("pk", flat=True))
        related.update(cancelled_at=now, cancel_reason=reason, updated_at=now)
    record.cancelled_at = now
    record.cancel_reason = reason
    record.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    _audit(
        actor=actor,
        record=record,
        action=Action.DELETE,
        changes={"reason": reason, "relationships_cancelled": cancelled_relationships},
        verb=_verb(record, "cancel"),
    )
    return record


__all__ = [
    "RecordNotAvailable",
    "location_create",
    "normalize_phone",
    "normalize_plate",
    "organisation_create",
    "organisation_merge",
    "organisation_unmerge",
    "phone_create",
    "record_cancel",
    "record_update",
    "relationship_create",
    "relationship_end",
    "vehicle_create",
]
