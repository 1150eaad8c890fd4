"""Writes for agencies, partnerships, users and contact points: atomic and audited.

Every function is keyword-only, takes the acting user first and raises
`ValidationError` (field-keyed, translated) or `PermissionDenied`; nothing is written
when it raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import (
    Agency,
    Area,
    Country,
    HotlineContact,
    Partnership,
    Role,
    User,
    UserRole,
)
from liaison.core.access import get_scope
from liaison.core.audit.services import Action, audit_record, diff, snapshot

AGENCY_FIELDS = {
    "code",
    "name",
    "name_en",
    "short_name",
    "kind",
    "level",
    "country",
    "parent",
    "area",
    "require_totp",
    "active",
}
USER_FIELDS = {
    "username",
    "email",
    "full_name",
    "position",
    "phone",
    "language",
    "agency",
    "is_active",
}


def _require_platform_admin(actor: User) -> None:
    if not actor.is_superuser:
        raise PermissionDenied(_("Only a platform administrator may do this."))


def _set_fields(instance, allowed: set[str], values: dict[str, Any]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in values.items():
        setattr(instance, name, value)


# --- Countries and areas -----------------------------------------------------------------


@transaction.atomic
def country_save(*, actor: User, code: str, iso3: str, name: str, name_local: str) -> Country:
    _require_platform_admin(actor)
    country = Country.objects.filter(code=code.upper()).first()
    before = snapshot(country) if country else None
    country = country or Country(code=code.upper())
    country.iso3, country.name, country.name_local = iso3.upper(), name, name_local
    country.full_clean()
    country.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE if before else Action.CREATE,
        obj=country,
        verb="country_save",
        changes=diff(before or {}, snapshot(country)),
    )
    return country


@transaction.atomic
def area_save(*, actor: User, area: Area | None = None, **values: Any) -> Area:
    _require_platform_admin(actor)
    before = snapshot(area) if area else {}
    area = area or Area()
    _set_fields(
        area,
        {
            "country",
            "code",
            "kind",
            "name",
            "name_en",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
        },
        values,
    )
    area.full_clean()
    area.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE if before else Action.CREATE,
        obj=area,
        verb="area_save",
        changes=diff(before, snapshot(area)),
    )
    return area


# --- Agencies ---------------------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor: User, contacts: Iterable[dict] = (), **values: Any) -> Agency:
    _require_platform_admin(actor)
    agency = Agency()
    _set_fields(agency, AGENCY_FIELDS, values)
    agency.full_clean()
    agency.save()
    for contact in contacts:
        contact_add(actor=actor, agency=agency, **contact)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=agency,
        verb="agency_create",
        changes=diff({}, snapshot(agency)),
    )
    return agency


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, **values: Any) -> Agency:
    _require_platform_admin(actor)
    before = snapshot(agency)
    _set_fields(agency, AGENCY_FIELDS, values)
    agency.full_clean()
    agency.save()
    changes = diff(before, snapshot(agency))
    if changes:
        audit_record(
            actor=actor, action=Action.UPDATE, obj=agency, verb="agency_update", changes=changes
        )
    return agency


def _may_manage_agency_details(actor: User, agency: Agency) -> bool:
    if actor.is_superuser:
        return True
    return actor.has_role(Role.AGENCY_ADMIN) and agency.pk in get_scope(actor).own_subtree


@transaction.atomic
def contact_add(
    *,
    actor: User,
    agency: Agency,
    channel: str,
    value: str,
    label: str = "",
    hours: str = "",
    languages: str = "",
) -> HotlineContact:
    if not _may_manage_agency_details(actor, agency):
        raise PermissionDenied(_("You may not manage this agency's contact points."))
    contact = HotlineContact(
        agency=agency,
        channel=channel,
        value=value,
        label=label,
        hours=hours,
        languages=languages,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=contact,
        verb="contact_add",
        changes=diff({}, snapshot(contact)),
    )
    return contact


@transaction.atomic
def contact_remove(*, actor: User, contact: HotlineContact) -> None:
    if not _may_manage_agency_details(actor, contact.agency):
        raise PermissionDenied(_("You may not manage this agency's contact points."))
    before = snapshot(contact)
    audit_record(
        actor=actor,
        action=Action.DELETE,
        obj=contact,
        verb="contact_remove",
        changes=diff(before, {}),
    )
    contact.delete()


# --- Partnerships -----------------------------------------------------------------------


def _validate_parties(parties: list[Agency]) -> None:
    if len(parties) < 2:
        raise ValidationError({"parties": _("A partnership needs at least two agencies.")})
    if len({p.country_id for p in parties}) < 2:
        raise ValidationError(
            {"parties": _("A partnership links agencies of at least two different countries.")}
        )


@transaction.atomic
def partnership_create(*, actor: User, parties: Iterable[Agency], **values: Any) -> Partnership:
    _require_platform_admin(actor)
    parties = list(parties)
    partnership = Partnership()
    _set_fields(partnership, {"code", "name", "kind", "since", "active", "notes"}, values)
    partnership.full_clean()
    _validate_parties(parties)
    partnership.save()
    partnership.parties.set(parties)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=partnership,
        verb="partnership_create",
        changes={**diff({}, snapshot(partnership)), "parties": [[], sorted(p.pk for p in parties)]},
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    actor: User,
    partnership: Partnership,
    parties: Iterable[Agency] | None = None,
    **values: Any,
) -> Partnership:
    _require_platform_admin(actor)
    before = snapshot(partnership)
    before_parties = sorted(partnership.parties.values_list("pk", flat=True))
    _set_fields(partnership, {"code", "name", "kind", "since", "active", "notes"}, values)
    partnership.full_clean()
    changes = diff(before, snapshot(partnership))
    if parties is not None:
        parties = list(parties)
        _validate_parties(parties)
        after_parties = sorted(p.pk for p in parties)
        if after_parties != before_parties:
            changes["parties"] = [before_parties, after_parties]
    partnership.save()
    if parties is not None:
        partnership.parties.set(parties)
    if changes:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=partnership,
            verb="partnership_update",
            changes=changes,
        )
    return partnership


# --- Users ------------------------------------------------------------------------------


def _require_user_admin(actor: User, agency: Agency | None) -> None:
    """Platform admins manage everyone; agency admins their agency and its sub-units."""
    if actor.is_superuser:
        return
    if not actor.has_role(Role.AGENCY_ADMIN):
        raise PermissionDenied(_("Only an agency administrator may manage users."))
    if agency is not None and agency.pk not in get_scope(actor).own_subtree:
        raise PermissionDenied(_("You may only manage users of your own agency and its sub-units."))


def _clean_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    valid = set(Role.values)
    bad = [r for r in roles if r not in valid]
    if bad:
        raise ValidationError({"roles": _("Unknown role: %(role)s") % {"role": bad[0]}})
    return roles


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    agency: Agency | None,
    password: str | None = None,
    roles: Iterable[str] = (),
    is_superuser: bool = False,
    **values: Any,
) -> User:
    """Create a user. `actor=None` only for set-up commands (demo, createsuperuser)."""
    if agency is None:
        raise ValidationError({"agency": _("Every user belongs to an agency.")})
    if actor is not None:
        _require_user_admin(actor, agency)
        if is_superuser and not actor.is_superuser:
            raise PermissionDenied(_("Only a platform administrator may do this."))
    roles = _clean_roles(roles)
    user = User(username=username, agency=agency, is_superuser=is_superuser, is_staff=is_superuser)
    _set_fields(user, USER_FIELDS - {"username", "agency"}, values)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=user,
        verb="user_create",
        agency=agency if actor is None else None,
        changes={**diff({}, snapshot(user, _user_audit_fields())), "roles": [[], roles]},
    )
    return user


def _user_audit_fields() -> list[str]:
    return [
        "username",
        "email",
        "full_name",
        "position",
        "phone",
        "language",
        "agency_id",
        "is_active",
        "is_superuser",
    ]


@transaction.atomic
def user_update(
    *, actor: User, user: User, roles: Iterable[str] | None = None, **values: Any
) -> User:
    own_profile = (
        actor.pk == user.pk
        and not roles
        and set(values)
        <= {
            "full_name",
            "position",
            "phone",
            "language",
            "email",
        }
    )
    if not own_profile:
        _require_user_admin(actor, user.agency)
        if "agency" in values and values["agency"] is not None:
            _require_user_admin(actor, values["agency"])
    if "agency" in values and values["agency"] is None:
        raise ValidationError({"agency": _("Every user belongs to an agency.")})
    before = snapshot(user, _user_audit_fields())
    before_roles = sorted(user.role_set)
    _set_fields(user, USER_FIELDS, values)
    user.full_clean(exclude=["password"])
    user.save()
    changes = diff(before, snapshot(user, _user_audit_fields()))
    if roles is not None:
        new_roles = sorted(_clean_roles(roles))
        if (
            actor.pk == user.pk
            and Role.AGENCY_ADMIN in before_roles
            and (Role.AGENCY_ADMIN not in new_roles)
            and not actor.is_superuser
        ):
            raise ValidationError({"roles": _("You cannot remove your own administrator role.")})
        if new_roles != before_roles:
            UserRole.objects.filter(user=user).exclude(role__in=new_roles).delete()
            UserRole.objects.bulk_create(
                [UserRole(user=user, role=r) for r in new_roles if r not in before_roles]
            )
            changes["roles"] = [before_roles, new_roles]
            user._role_set = frozenset(new_roles)
    if changes:
        audit_record(
            actor=actor, action=Action.UPDATE, obj=user, verb="user_update", changes=changes
        )
    return user


@transaction.atomic
def user_set_password(
    *, actor: User, user: User, new_password: str, old_password: str | None = None
) -> User:
    """Users change their own password (with the old one); admins reset others'."""
    if actor.pk == user.pk:
        if not user.check_password(old_password or ""):
            raise ValidationError({"old_password": _("Your current password is not correct.")})
    else:
        _require_user_admin(actor, user.agency)
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=user,
        verb="user_set_password",
        changes={"password": ["***", "***"]},
    )
    return user


@transaction.atomic
def user_totp_enable(*, actor: User, secret: str, code: str) -> User:
    """Turn on the second factor after the user proved their app shows the right code."""
    from liaison.agencies.totp import verify_code

    counter = verify_code(secret, code, last_counter=0)
    if counter is None:
        raise ValidationError({"code": _("The code is not correct. Check the time on your phone.")})
    actor.totp_secret = secret
    actor.totp_confirmed_at = timezone.now()
    actor.totp_last_counter = counter
    actor.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_counter"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=actor,
        verb="user_totp_enable",
        changes={"totp": [False, True]},
    )
    return actor


@transaction.atomic
def user_totp_disable(*, actor: User, user: User) -> User:
    if actor.pk != user.pk:
        _require_user_admin(actor, user.agency)
    elif user.agency.require_totp:
        raise ValidationError(
            {"totp": _("Your agency requires a second factor; it cannot be turned off.")}
        )
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_counter = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_counter"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=user,
        verb="user_totp_disable",
        changes={"totp": [True, False]},
    )
    return user


@transaction.atomic
def user_totp_check(*, user: User, code: str) -> bool:
    """Check a login code; each code is accepted once (replay refused)."""
    from liaison.agencies.totp import verify_code

    counter = verify_code(user.totp_secret, code, last_counter=user.totp_last_counter)
    if counter is None:
        audit_record(actor=user, action=Action.LOGIN_FAILED, obj=user, verb="user_totp_check")
        return False
    user.totp_last_counter = counter
    user.save(update_fields=["totp_last_counter"])
    return True
