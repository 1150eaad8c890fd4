"""Writes of cooperation records: agreements, their signed texts and commitments (here),
activities, conferences and delegations (`services_activities`, re-exported below).

Keyword-only, atomic and audited; `data` is a mapping of model field names to values as a
Django form's cleaned_data gives them (M2M fields as iterables of objects); an update
changes only the fields it is given. Bad input raises ValidationError keyed by field,
a role or agency that may not write raises PermissionDenied (see `policy`). The caller
fetched the record through `visible_to(user)` (404 otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Partnership, User
from liaison.cooperation.models import (
    ActivityDocument,
    Agreement,
    AgreementText,
    Commitment,
    CommitmentStatus,
)
from liaison.cooperation.policy import require_override, require_write
from liaison.cooperation.services_activities import (  # noqa: F401 (the services contract)
    activity_create,
    activity_document_add,
    activity_update,
    conference_create,
    conference_update,
    delegation_remove,
    delegation_save,
)
from liaison.cooperation.services_base import (
    Errors,
    add_error,
    apply_fields,
    audit_snapshot,
    m2m_list,
    merge_and_raise,
    model_errors,
    outside,
    partnership_reach,
    save_audited,
    save_with_file,
)
from liaison.core.access import agencies_below
from liaison.core.audit.services import Action, audit_record, diff
from liaison.core.uploads import check_upload

AGREEMENT_FIELDS = [
    "kind",
    "number",
    "title",
    "signed_on",
    "signed_place",
    "valid_from",
    "valid_to",
    "conference",
    "follows",
    "summary",
]
AGREEMENT_AUDIT = [
    "partnership_id",
    "kind",
    "number",
    "title",
    "signed_on",
    "signed_place",
    "valid_from",
    "valid_to",
    "conference_id",
    "follows_id",
    "summary",
]
COMMITMENT_FIELDS = ["number", "content", "indicator", "target", "activity_kind", "due_on"]
COMMITMENT_AUDIT = ["agreement_id", *COMMITMENT_FIELDS, "status_override", "override_reason"]


# --- agreements ---------------------------------------------------------------------------


def _check_agreement(user: User, agreement: Agreement, parties: list) -> Errors:
    errors: Errors = {}
    if len(parties) < 2:
        add_error(errors, "parties", _("An agreement needs at least two parties."))
    elif len({a.country_id for a in parties}) < 2:
        add_error(
            errors, "parties", _("The parties of an agreement come from at least two countries.")
        )
    strangers = outside(parties, partnership_reach(agreement.partnership))
    if strangers:
        add_error(
            errors,
            "parties",
            _("%(agency)s is not a party to the partnership nor one of its units.")
            % {"agency": strangers[0].name},
        )
    if agreement.valid_from and agreement.valid_to and agreement.valid_to < agreement.valid_from:
        add_error(errors, "valid_to", _("The end of validity cannot be before its start."))
    follows = agreement.follows
    if follows is not None:
        if agreement.pk and follows.pk == agreement.pk:
            add_error(errors, "follows", _("An agreement cannot follow itself."))
        elif not Agreement.objects.visible_to(user).filter(pk=follows.pk).exists():
            add_error(errors, "follows", _("The agreement it follows is not available to you."))
    conference = agreement.conference
    if conference is not None and conference.partnership_id != agreement.partnership_id:
        add_error(errors, "conference", _("Choose a conference of the same partnership."))
    return errors


def _agreement_save(
    *, user: User, agreement: Agreement, data: Mapping[str, Any], creating: bool
) -> Agreement:
    current = None if creating else agreement.parties.all()
    before = None if creating else audit_snapshot(agreement, AGREEMENT_AUDIT, {"parties": current})
    apply_fields(agreement, data, AGREEMENT_FIELDS)
    parties = m2m_list(data, "parties", current=current)
    merge_and_raise(
        model_errors(agreement, exclude=["created_by"]),
        _check_agreement(user, agreement, parties),
    )
    save_audited(
        agreement,
        user=user,
        verb="cooperation.agreement",
        before=before,
        fields=AGREEMENT_AUDIT,
        m2m={"parties": parties},
    )
    return agreement


@transaction.atomic
def agreement_create(*, user: User, partnership: Partnership, data: Mapping[str, Any]) -> Agreement:
    require_write(user, partnership)
    agreement = Agreement(partnership=partnership, created_by=user)
    return _agreement_save(user=user, agreement=agreement, data=data, creating=True)


@transaction.atomic
def agreement_update(*, user: User, agreement: Agreement, data: Mapping[str, Any]) -> Agreement:
    require_write(user, agreement.partnership)
    return _agreement_save(user=user, agreement=agreement, data=data, creating=False)


def agreement_text_add(*, user: User, agreement: Agreement, language: str, upload) -> AgreementText:
    """Attach the signed text in one language (the content decides the type)."""
    require_write(user, agreement.partnership)
    language = (language or "").strip()
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    content_type, digest, size, name = check_upload(upload)
    text = AgreementText(
        agreement=agreement,
        language=language,
        original_name=name,
        content_type=content_type,
        size=size,
        sha256=digest,
        uploaded_by=user,
    )
    save_with_file(
        text,
        upload=upload,
        name=name,
        audit={
            "actor": user,
            "action": Action.UPDATE,
            "obj": agreement,
            "verb": "cooperation.agreement_text_add",
            "changes": {"texts": [None, {"language": language, "sha256": digest}]},
        },
    )
    return text


@transaction.atomic
def agreement_text_download(*, user: User, text: AgreementText) -> AgreementText:
    """Record that the user takes a copy of a signed text (an export, audited)."""
    audit_record(
        actor=user,
        action=Action.EXPORT,
        obj=text.agreement,
        verb="cooperation.agreement_text_download",
        changes={"text": text.pk, "language": text.language, "sha256": text.sha256},
    )
    return text


@transaction.atomic
def activity_document_download(*, user: User, document: ActivityDocument) -> ActivityDocument:
    audit_record(
        actor=user,
        action=Action.EXPORT,
        obj=document.activity,
        verb="cooperation.activity_document_download",
        changes={"document": document.pk, "sha256": document.sha256},
    )
    return document


# --- commitments --------------------------------------------------------------------------


def _check_commitment(commitment: Commitment, responsible: list) -> Errors:
    errors: Errors = {}
    if not responsible:
        add_error(errors, "responsible", _("Choose at least one responsible agency."))
    reach = agencies_below(commitment.agreement.parties.values_list("pk", flat=True))
    strangers = outside(responsible, reach)
    if strangers:
        add_error(
            errors,
            "responsible",
            _("%(agency)s is not a party to the agreement nor one of its units.")
            % {"agency": strangers[0].name},
        )
    if commitment.number:
        taken = Commitment.objects.filter(
            agreement_id=commitment.agreement_id, number=commitment.number
        ).exclude(pk=commitment.pk)
        if taken.exists():
            add_error(errors, "number", _("The agreement already has an item with this number."))
    return errors


def _commitment_save(
    *, user: User, commitment: Commitment, data: Mapping[str, Any], creating: bool
) -> Commitment:
    current = None if creating else commitment.responsible.all()
    before = (
        None if creating else audit_snapshot(commitment, COMMITMENT_AUDIT, {"responsible": current})
    )
    apply_fields(commitment, data, COMMITMENT_FIELDS)
    if commitment.target == 0:
        commitment.target = None  # "0 to do" means no target: done once one is held
    responsible = m2m_list(data, "responsible", current=current)
    merge_and_raise(
        model_errors(commitment, exclude=["overridden_by"], constraints=False),
        _check_commitment(commitment, responsible),
    )
    if creating:
        last = Commitment.objects.filter(agreement_id=commitment.agreement_id).aggregate(
            last=Max("position")
        )["last"]
        commitment.position = 0 if last is None else last + 1
    save_audited(
        commitment,
        user=user,
        verb="cooperation.commitment",
        before=before,
        fields=COMMITMENT_AUDIT,
        m2m={"responsible": responsible},
    )
    return commitment


@transaction.atomic
def commitment_create(*, user: User, agreement: Agreement, data: Mapping[str, Any]) -> Commitment:
    require_write(user, agreement.partnership)
    commitment = Commitment(agreement=agreement)
    return _commitment_save(user=user, commitment=commitment, data=data, creating=True)


@transaction.atomic
def commitment_update(*, user: User, commitment: Commitment, data: Mapping[str, Any]) -> Commitment:
    require_write(user, commitment.agreement.partnership)
    return _commitment_save(user=user, commitment=commitment, data=data, creating=False)


@transaction.atomic
def commitment_set_status(
    *, user: User, commitment: Commitment, status: str, reason: str
) -> Commitment:
    """Set the status by hand (with its reason), or clear it with status "" so that it is
    computed from the linked activities again."""
    require_override(user, commitment.agreement.partnership)
    status, reason = (status or "").strip(), (reason or "").strip()
    errors: Errors = {}
    if status and status not in CommitmentStatus.values:
        add_error(errors, "status", _("Choose one of the statuses."))
    if status and not reason:
        add_error(errors, "reason", _("Give the reason for setting the status by hand."))
    merge_and_raise(errors)
    before = audit_snapshot(commitment, COMMITMENT_AUDIT, {})
    commitment.status_override = status
    commitment.override_reason = reason if status else ""
    commitment.overridden_by = user if status else None
    commitment.overridden_at = timezone.now() if status else None
    commitment.save(
        update_fields=[
            "status_override",
            "override_reason",
            "overridden_by",
            "overridden_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=user,
        action=Action.UPDATE,
        obj=commitment,
        verb="cooperation.commitment_set_status",
        changes=diff(before, audit_snapshot(commitment, COMMITMENT_AUDIT, {})),
    )
    return commitment
