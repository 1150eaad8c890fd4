"""Writes that link records of other apps to a joint case: registry persons and
organisations (with their role in the ring) and exchange messages. Same rules as
`liaison.cases.services`: keyword-only, atomic, audited, writers of a participant only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import User
from liaison.cases.models import CaseOrganisation, CasePerson, JointCase, SubjectRole
from liaison.cases.services_common import Action, check_writer
from liaison.core.audit.services import audit_record
from liaison.registry.models import Organisation, Person

# --- linked persons and organisations ---------------------------------------------------


def _link(
    link_model: type[models.Model],
    *,
    actor: User,
    case: JointCase,
    field: str,
    record: Person | Organisation,
    role: str,
    note: str,
    unavailable: str,
    already_linked: str,
) -> CasePerson | CaseOrganisation:
    """Link a registry record the actor may see; `field` names the record on the link."""
    check_writer(actor, case)
    if role not in SubjectRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if not type(record).objects.visible_to(actor).filter(pk=record.pk).exists():
        raise ValidationError({field: unavailable})
    try:
        with transaction.atomic():
            link = link_model.objects.create(
                case=case, role=role, note=note.strip(), added_by=actor, **{field: record}
            )
    except IntegrityError:
        raise ValidationError({field: already_linked}) from None
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=case,
        verb=f"cases.{field}_link",
        changes={field: [None, record.pk], "role": [None, role]},
    )
    return link


def _unlink(*, actor: User, link: CasePerson | CaseOrganisation, field: str) -> None:
    check_writer(actor, link.case)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=link.case,
        verb=f"cases.{field}_unlink",
        changes={field: [getattr(link, f"{field}_id"), None], "role": [link.role, None]},
    )
    link.delete()


@transaction.atomic
def person_link(
    *, actor: User, case: JointCase, person: Person, role: str, note: str = ""
) -> CasePerson:
    return _link(
        CasePerson,
        actor=actor,
        case=case,
        field="person",
        record=person,
        role=role,
        note=note,
        unavailable=_("The person is not available to you."),
        already_linked=_("The person is already linked to the case."),
    )


@transaction.atomic
def person_unlink(*, actor: User, link: CasePerson) -> None:
    _unlink(actor=actor, link=link, field="person")


@transaction.atomic
def organisation_link(
    *, actor: User, case: JointCase, organisation: Organisation, role: str, note: str = ""
) -> CaseOrganisation:
    return _link(
        CaseOrganisation,
        actor=actor,
        case=case,
        field="organisation",
        record=organisation,
        role=role,
        note=note,
        unavailable=_("The organisation is not available to you."),
        already_linked=_("The organisation is already linked to the case."),
    )


@transaction.atomic
def organisation_unlink(*, actor: User, link: CaseOrganisation) -> None:
    _unlink(actor=actor, link=link, field="organisation")


# --- messages -----------------------------------------------------------------------------


def message_link(*, actor: User, case: JointCase, message) -> None:
    """Link an exchange message to the case (both visible to the actor), audited by the
    exchange on the message; callable from the case page and from the message page."""
    from liaison.exchange.models import Message
    from liaison.exchange.services import message_link_add

    check_writer(actor, case)  # a participant's writer: the case is visible to the actor
    if not Message.objects.visible_to(actor).filter(pk=message.pk).exists():
        raise ValidationError({"message": _("The message is not available to you.")})
    message_link_add(actor=actor, message=message, target=case)


def message_unlink(*, actor: User, case: JointCase, message) -> None:
    from liaison.exchange.models import MessageLink
    from liaison.exchange.services import message_link_remove

    check_writer(actor, case)
    link = MessageLink.objects.visible_to(actor).to(case).filter(message=message).first()
    if link is None:
        raise ValidationError({"message": _("The message is not linked to the case.")})
    message_link_remove(actor=actor, link=link)
