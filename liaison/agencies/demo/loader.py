"""Load the demo data: agencies, contact points, partnerships and users.

Everything goes through the services (and so is validated and audited) with the demo's
platform administrator as actor. Only two writes come before that administrator
exists and are made here directly, each with its audit event: the administrator's home
agency (the Vietnamese Ministry of Public Security) and, through `user_create` with
actor None as that service allows for set-up, the administrator.

Idempotent: records are matched by code or username and only what differs from the demo
definition is written, so a second run writes nothing (and adds no audit event).
"""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agencies import services
from liaison.agencies.demo.reference import LoadReport, load_reference
from liaison.agencies.models import Agency, Area, Country, HotlineContact, Partnership, User
from liaison.agencies.reference.institutions import (
    AGENCIES,
    CONTACTS,
    DEMO_PASSWORD,
    PARTNERSHIPS,
    PLATFORM_ADMIN,
    USERS,
    AgencySpec,
    UserSpec,
)
from liaison.core.audit.services import Action, audit_record, diff, snapshot

VERB = "demo_load"
_CONTACT_DETAILS = ("label", "hours", "languages")


def _agency_values(
    spec: AgencySpec,
    countries: dict[str, Country],
    agencies: dict[str, Agency],
    areas: dict[str, Area],
) -> dict:
    return {
        "code": spec.code,
        "name": spec.name,
        "name_en": spec.name_en,
        "short_name": spec.short_name,
        "kind": spec.kind,
        "level": spec.level,
        "country": countries[spec.country],
        "parent": agencies[spec.parent] if spec.parent else None,
        "area": areas[spec.area] if spec.area else None,
    }


def _differences(instance, values: dict) -> dict:
    """The values that differ from the instance; foreign keys are compared by id, which
    needs no query."""
    changed = {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_one:
            same = getattr(instance, field.attname) == getattr(value, "pk", value)
        else:
            same = getattr(instance, name) == value
        if not same:
            changed[name] = value
    return changed


def _bootstrap_home_agency(countries: dict[str, Country], report: LoadReport) -> Agency:
    """The platform administrator's agency must exist before there is any actor."""
    spec = next(a for a in AGENCIES if a.code == PLATFORM_ADMIN.agency)
    agency = Agency.objects.filter(code=spec.code).first()
    if agency is not None:
        return agency
    agency = Agency(**_agency_values(spec, countries, {}, {}))
    agency.full_clean()
    agency.save()
    audit_record(
        actor=None,
        action=Action.CREATE,
        obj=agency,
        agency=agency,
        verb=VERB,
        changes=diff({}, snapshot(agency)),
    )
    report.count("agencies", created=True)
    return agency


def _bootstrap_platform_admin(home: Agency, report: LoadReport, *, reset_passwords: bool) -> User:
    spec = PLATFORM_ADMIN
    admin = User.objects.filter(username=spec.username).first()
    if admin is None:
        admin = services.user_create(
            actor=None,
            username=spec.username,
            agency=home,
            password=DEMO_PASSWORD,
            is_superuser=True,
            email=spec.email,
            full_name=spec.full_name,
            language=spec.language,
        )
        report.count("users", created=True)
    elif not (admin.is_superuser and admin.is_active):
        raise ValidationError(
            {
                "username": _(
                    "The user %(username)s exists but is not an active platform "
                    "administrator; rename that user before loading the demo."
                )
                % {"username": spec.username}
            }
        )
    elif reset_passwords and not check_password(DEMO_PASSWORD, admin.password):
        # Nobody else may reset an administrator's password, so set-up code does it.
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
        audit_record(
            actor=None,
            action=Action.UPDATE,
            obj=admin,
            agency=admin.agency_id,
            verb=VERB,
            changes={"password": ["***", "***"]},
        )
        report.count("users", created=False)
    return admin


def _load_agencies(
    admin: User, countries: dict[str, Country], report: LoadReport
) -> dict[str, Agency]:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in AGENCIES])}
    area_codes = [s.area for s in AGENCIES if s.area]
    areas = {a.code: a for a in Area.objects.filter(code__in=area_codes)}
    for spec in AGENCIES:
        values = _agency_values(spec, countries, agencies, areas)
        agency = agencies.get(spec.code)
        if agency is None:
            agencies[spec.code] = services.agency_create(actor=admin, **values)
            report.count("agencies", created=True)
            continue
        values["active"] = True
        changed = _differences(agency, values)
        if changed:
            services.agency_update(actor=admin, agency=agency, **changed)
            report.count("agencies", created=False)
    return agencies


def _load_contacts(admin: User, agencies: dict[str, Agency], report: LoadReport) -> None:
    existing: dict[tuple, HotlineContact] = {
        (c.agency_id, c.channel, c.value): c
        for c in HotlineContact.objects.filter(agency__in=list(agencies.values()))
    }
    for spec in CONTACTS:
        agency = agencies[spec.agency]
        details = {name: getattr(spec, name) for name in _CONTACT_DETAILS}
        contact = existing.get((agency.pk, spec.channel, spec.value))
        if contact is not None:
            if not _differences(contact, details):
                continue
            # There is no "update" for contact points: replace the outdated one.
            services.contact_remove(actor=admin, contact=contact)
        services.contact_add(
            actor=admin, agency=agency, channel=spec.channel, value=spec.value, **details
        )
        report.count("contact points", created=contact is None)


def _load_partnerships(admin: User, agencies: dict[str, Agency], report: LoadReport) -> None:
    existing = {
        p.code: p
        for p in Partnership.objects.filter(
            code__in=[s.code for s in PARTNERSHIPS]
        ).prefetch_related("parties")
    }
    for spec in PARTNERSHIPS:
        values = {
            "code": spec.code,
            "name": spec.name,
            "kind": spec.kind,
            "since": spec.since,
            "notes": spec.notes,
            "active": True,
        }
        parties = [agencies[code] for code in spec.parties]
        partnership = existing.get(spec.code)
        if partnership is None:
            services.partnership_create(actor=admin, parties=parties, **values)
            report.count("partnerships", created=True)
            continue
        changed = _differences(partnership, values)
        same_parties = {p.pk for p in partnership.parties.all()} == {p.pk for p in parties}
        if changed or not same_parties:
            services.partnership_update(
                actor=admin,
                partnership=partnership,
                parties=None if same_parties else parties,
                **changed,
            )
            report.count("partnerships", created=False)


def _load_user(
    admin: User,
    spec: UserSpec,
    agency: Agency,
    user: User | None,
    report: LoadReport,
    *,
    reset_passwords: bool,
) -> None:
    values = {"email": spec.email, "full_name": spec.full_name, "language": spec.language}
    if user is None:
        services.user_create(
            actor=admin,
            username=spec.username,
            agency=agency,
            password=DEMO_PASSWORD,
            roles=spec.roles,
            **values,
        )
        report.count("users", created=True)
        return
    changed = _differences(user, {**values, "agency": agency, "is_active": True})
    roles_differ = set(user.role_set) != set(spec.roles)
    updated = False
    if changed or roles_differ:
        services.user_update(
            actor=admin, user=user, roles=spec.roles if roles_differ else None, **changed
        )
        updated = True
    # check_password from hashers, not user.check_password: it never re-saves the hash.
    if reset_passwords and not check_password(DEMO_PASSWORD, user.password):
        services.user_set_password(actor=admin, user=user, new_password=DEMO_PASSWORD)
        updated = True
    if updated:
        report.count("users", created=False)


def _load_users(
    admin: User, agencies: dict[str, Agency], report: LoadReport, *, reset_passwords: bool
) -> None:
    specs = [s for s in USERS if not s.is_superuser]
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=[s.username for s in specs]).prefetch_related(
            "role_assignments"
        )
    }
    for spec in specs:
        _load_user(
            admin,
            spec,
            agencies[spec.agency],
            existing.get(spec.username),
            report,
            reset_passwords=reset_passwords,
        )


@transaction.atomic
def load_demo(*, reset_passwords: bool = False) -> LoadReport:
    """Reference data plus the demo institutions, partnerships and users. All or nothing.

    New demo users get DEMO_PASSWORD. Existing ones keep theirs unless `reset_passwords`:
    checking a password costs a full Argon2 hash (about half a second each), too slow for
    every `make run`.
    """
    report = load_reference()
    countries = {c.code: c for c in Country.objects.all()}
    home = _bootstrap_home_agency(countries, report)
    admin = _bootstrap_platform_admin(home, report, reset_passwords=reset_passwords)
    agencies = _load_agencies(admin, countries, report)
    _load_contacts(admin, agencies, report)
    _load_partnerships(admin, agencies, report)
    _load_users(admin, agencies, report, reset_passwords=reset_passwords)
    _load_cases_and_ledger(admin, report)
    _load_cooperation(admin, report)
    return report


def _load_cases_and_ledger(admin: User, report: LoadReport) -> None:
    """Case 522H and the other demo cases, the fictional persons of their rings and the
    border gates, then the demo seizure ledger."""
    from liaison.cases.demo import load_cases
    from liaison.registry.demo import load_registry
    from liaison.seizures.demo import load_ledger

    cases, new_cases = load_cases(admin=admin)
    if new_cases:
        report.created["cases.jointcase"] = new_cases
    report.created.update(load_registry(admin=admin, cases=cases))
    created = load_ledger(admin=admin, cases=cases)
    if created:
        report.created["seizures.incident"] = created


def _load_cooperation(admin: User, report: LoadReport) -> None:
    """Agreements, conferences and activities of the seed articles, and hotline traffic."""
    from liaison.cooperation.demo import load_cooperation

    for label, count in load_cooperation(admin=admin).items():
        report.created[label] = count
