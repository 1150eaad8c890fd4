"""Writes of joint activities (and their photos/documents), conferences and delegations.

Same conventions as `services` (which re-exports these): keyword-only, atomic, audited,
ValidationError keyed by field, PermissionDenied from `policy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Partnership, User
from liaison.cooperation.models import Activity, ActivityDocument, Conference, Delegation
from liaison.cooperation.policy import party_ids, require_write
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
from liaison.core.access import get_tree
from liaison.core.audit.services import Action, audit_record, snapshot
from liaison.core.uploads import check_upload

ACTIVITY_FIELDS = [
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "area",
    "organiser",
    "participant_count",
    "audience",
    "outcome",
]
ACTIVITY_AUDIT = [
    "partnership_id",
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "area_id",
    "organiser_id",
    "participant_count",
    "audience",
    "outcome",
]
CONFERENCE_FIELDS = [
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "host",
    "reviews_from",
    "reviews_to",
    "agenda",
    "minutes",
    "decisions",
]
CONFERENCE_AUDIT = [
    "partnership_id",
    *[f if f != "host" else "host_id" for f in CONFERENCE_FIELDS],
]
DELEGATION_AUDIT = ["conference_id", "agency_id", "head_name", "head_title", "members"]


def _not_a_party(agency: Agency) -> str:
    return _("%(agency)s is not a party to the partnership nor one of its units.") % {
        "agency": agency.name
    }


# --- activities ---------------------------------------------------------------------------


def _check_activity(activity: Activity, participating: list, commitments: list) -> Errors:
    errors: Errors = {}
    reach = partnership_reach(activity.partnership)
    organiser = getattr(activity, "organiser", None) if activity.organiser_id else None
    if organiser is not None and organiser.pk not in reach:
        add_error(errors, "organiser", _not_a_party(organiser))
    strangers = outside(participating, reach)
    if strangers:
        add_error(errors, "participating", _not_a_party(strangers[0]))
    foreign = [c for c in commitments if c.agreement.partnership_id != activity.partnership_id]
    if foreign:
        add_error(
            errors,
            "commitments",
            _("Choose commitments of agreements of the same partnership."),
        )
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        add_error(errors, "ends_on", _("The last day cannot be before the first."))
    return errors


def _activity_save(
    *, user: User, activity: Activity, data: Mapping[str, Any], creating: bool
) -> Activity:
    current: dict = dict.fromkeys(("participating", "commitments"))
    before = None
    if not creating:
        current = {
            "participating": activity.participating.all(),
            "commitments": activity.commitments.select_related("agreement"),
        }
        before = audit_snapshot(activity, ACTIVITY_AUDIT, current)
    apply_fields(activity, data, ACTIVITY_FIELDS)
    m2m = {name: m2m_list(data, name, current=items) for name, items in current.items()}
    merge_and_raise(
        model_errors(activity, exclude=["created_by"]),
        _check_activity(activity, m2m["participating"], m2m["commitments"]),
    )
    save_audited(
        activity,
        user=user,
        verb="cooperation.activity",
        before=before,
        fields=ACTIVITY_AUDIT,
        m2m=m2m,
    )
    return activity


@transaction.atomic
def activity_create(*, user: User, partnership: Partnership, data: Mapping[str, Any]) -> Activity:
    require_write(user, partnership)
    activity = Activity(partnership=partnership, created_by=user)
    return _activity_save(user=user, activity=activity, data=data, creating=True)


@transaction.atomic
def activity_update(*, user: User, activity: Activity, data: Mapping[str, Any]) -> Activity:
    require_write(user, activity.partnership)
    return _activity_save(user=user, activity=activity, data=data, creating=False)


def activity_document_add(
    *, user: User, activity: Activity, upload, caption: str = ""
) -> ActivityDocument:
    """A photo or document of the activity, checked by content, stored privately."""
    require_write(user, activity.partnership)
    content_type, digest, size, name = check_upload(upload)
    caption = (caption or "").strip()
    if len(caption) > 300:
        merge_and_raise({"caption": [_("The caption is too long (300 characters at most).")]})
    document = ActivityDocument(
        activity=activity,
        caption=caption,
        original_name=name,
        content_type=content_type,
        size=size,
        sha256=digest,
        uploaded_by=user,
    )
    save_with_file(
        document,
        upload=upload,
        name=name,
        audit={
            "actor": user,
            "action": Action.UPDATE,
            "obj": activity,
            "verb": "cooperation.activity_document_add",
            "changes": {"documents": [None, {"sha256": digest, "caption": caption}]},
        },
    )
    return document


# --- conferences and delegations ----------------------------------------------------------


def _check_conference(conference: Conference) -> Errors:
    errors: Errors = {}
    if conference.starts_on and conference.ends_on and conference.ends_on < conference.starts_on:
        add_error(errors, "ends_on", _("The last day cannot be before the first."))
    if (
        conference.reviews_from
        and conference.reviews_to
        and conference.reviews_to < conference.reviews_from
    ):
        add_error(errors, "reviews_to", _("The end of the period cannot be before its start."))
    host = conference.host if conference.host_id else None
    if host is not None and host.pk not in partnership_reach(conference.partnership):
        add_error(errors, "host", _not_a_party(host))
    return errors


def _conference_save(
    *, user: User, conference: Conference, data: Mapping[str, Any], creating: bool
) -> Conference:
    before = None if creating else snapshot(conference, CONFERENCE_AUDIT)
    apply_fields(conference, data, CONFERENCE_FIELDS)
    merge_and_raise(model_errors(conference, exclude=["created_by"]), _check_conference(conference))
    save_audited(
        conference,
        user=user,
        verb="cooperation.conference",
        before=before,
        fields=CONFERENCE_AUDIT,
    )
    return conference


@transaction.atomic
def conference_create(
    *, user: User, partnership: Partnership, data: Mapping[str, Any]
) -> Conference:
    require_write(user, partnership)
    conference = Conference(partnership=partnership, created_by=user)
    return _conference_save(user=user, conference=conference, data=data, creating=True)


@transaction.atomic
def conference_update(*, user: User, conference: Conference, data: Mapping[str, Any]) -> Conference:
    require_write(user, conference.partnership)
    return _conference_save(user=user, conference=conference, data=data, creating=False)


def _delegation_reach(partnership: Partnership) -> set[int]:
    """A party, a unit below one, or an agency above one (a ministry may send its own)."""
    tree = get_tree()
    reach = partnership_reach(partnership)
    for party in party_ids(partnership):
        if party in tree.nodes:
            reach.update(tree.ancestors(party))
    return reach


@transaction.atomic
def delegation_save(
    *,
    user: User,
    conference: Conference,
    agency: Agency,
    head_name: str = "",
    head_title: str = "",
    members: str = "",
) -> Delegation:
    """Create or update the agency's delegation to the conference."""
    require_write(user, conference.partnership)
    if agency is None:
        merge_and_raise({"agency": [_("Choose the agency of the delegation.")]})
    if agency.pk not in _delegation_reach(conference.partnership):
        merge_and_raise({"agency": [_not_a_party(agency)]})
    delegation = Delegation.objects.filter(conference=conference, agency=agency).first()
    if delegation is None:
        before = None
        delegation = Delegation(conference=conference, agency=agency)
    else:
        before = snapshot(delegation, DELEGATION_AUDIT)
    delegation.head_name = (head_name or "").strip()
    delegation.head_title = (head_title or "").strip()
    delegation.members = "\n".join(
        line.strip() for line in (members or "").splitlines() if line.strip()
    )
    merge_and_raise(model_errors(delegation, constraints=False))
    save_audited(
        delegation,
        user=user,
        verb="cooperation.delegation",
        before=before,
        fields=DELEGATION_AUDIT,
    )
    return delegation


@transaction.atomic
def delegation_remove(*, user: User, delegation: Delegation) -> None:
    require_write(user, delegation.conference.partnership)
    audit_record(
        actor=user,
        action=Action.DELETE,
        obj=delegation,
        verb="cooperation.delegation_remove",
        changes={k: [v, None] for k, v in snapshot(delegation, DELEGATION_AUDIT).items()},
    )
    delegation.delete()
