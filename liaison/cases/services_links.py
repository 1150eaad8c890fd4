"""Writes that link records of other apps to a joint case: registry persons and
organisations (with their role in the ring) and exchange messages. Same rules as
`liaison.cases.services`: keyword-only, atomic, audited, writers of a participant only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import User
from liaison.cases.models import CaseOrganisation, CasePerson, JointCase, SubjectRole
from liaison.cases.services import Action, _check_writer
from liaison.core.audit.services import audit_record
from liaison.registry.models import Organisation, Person

# --- linked persons and organisations ---------------------------------------------------


def _check_role(role: str) -> None:
    if role not in SubjectRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})


@transaction.atomic
def person_link(
    *, actor: User, case: JointCase, person: Person, role: str, note: str = ""
) -> CasePerson:
    _check_writer(actor, case)
    _check_role(role)
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("The person is not available to you.")})
    try:
        with transaction.atomic():
            link = CasePerson.objects.create(
                case=case, person=person, role=role, note=note.strip(), added_by=actor
            )
    except IntegrityError:
        raise ValidationError({"person": _("The person is already linked to the case.")}) from None
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=case,
        verb="cases.person_link",
        changes={"person": [None, person.pk], "role": [None, role]},
    )
    return link


@transaction.atomic
def person_unlink(*, actor: User, link: CasePerson) -> None:
    _check_writer(actor, link.case)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=link.case,
        verb="cases.person_unlink",
        changes={"person": [link.person_id, None], "role": [link.role, None]},
    )
    link.delete()


@transaction.atomic
def organisation_link(
    *, actor: User, case: JointCase, organisation: Organisation, role: str, note: str = ""
) -> CaseOrganisation:
    _check_writer(actor, case)
    _check_role(role)
    if not Organisation.objects.visible_to(actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("The organisation is not available to you.")})
    try:
        with transaction.atomic():
            link = CaseOrganisation.objects.create(
                case=case, organisation=organisation, role=role, note=note.strip(), added_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            {"organisation": _("The organisation is already linked to the case.")}
        ) from None
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=case,
        verb="cases.organisation_link",
        changes={"organisation": [None, organisation.pk], "role": [None, role]},
    )
    return link


@transaction.atomic
def organisation_unlink(*, actor: User, link: CaseOrganisation) -> None:
    _check_writer(actor, link.case)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=link.case,
        verb="cases.organisation_unlink",
        changes={"organisation": [link.organisation_id, None]},
    )
    link.delete()


# --- messages -----------------------------------------------------------------------------


def message_link(*, actor: User, case: JointCase, message) -> None:
    """Link an exchange message to the case (both visible to the actor), audited by the
    exchange on the message; callable from the case page and from the message page."""
    from liaison.exchange.models import Message
    from liaison.exchange.services import message_link_add

    _check_writer(actor, case)
    if not JointCase.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("The case is not available to you.")})
    if not Message.objects.visible_to(actor).filter(pk=message.pk).exists():
        raise ValidationError({"message": _("The message is not available to you.")})
    message_link_add(actor=actor, message=message, target=case)


def message_unlink(*, actor: User, case: JointCase, message) -> None:
    from django.contrib.contenttypes.models import ContentType

    from liaison.exchange.models import MessageLink
    from liaison.exchange.services import message_link_remove

    _check_writer(actor, case)
    link = (
        MessageLink.objects.visible_to(actor)
        .filter(
            message=message,
            content_type=ContentType.objects.get_for_model(JointCase),
            object_id=str(case.pk),
        )
        .first()
    )
    if link is None:
        raise ValidationError({"message": _("The message is not linked to the case.")})
    message_link_remove(actor=actor, link=link)
