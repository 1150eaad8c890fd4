"""Sections 4–6 of the review report: activities and commitments, persons of interest,
assessment and proposals. Called inside `translation.override(language)`."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from liaison.agencies.models import Partnership
from liaison.cooperation import status as commitment_status
from liaison.cooperation.models import ActivityKind, CommitmentStatus
from liaison.cooperation.report import figures as fig
from liaison.cooperation.report.compile_sections import _label, missing_text, n
from liaison.cooperation.report.content import Section, Table

# 4. activities and commitments ----------------------------------------------------------


def activities_section(
    partnership: Partnership, date_from: date, date_to: date
) -> tuple[Section, list]:
    activity_list = fig.activities(partnership=partnership, date_from=date_from, date_to=date_to)
    by_kind = fig.activities_by_kind(activity_list)
    states = fig.commitments(partnership=partnership, date_from=date_from, date_to=date_to)
    bullets = tuple(
        _("%(kind)s: %(count)s activities with %(people)s participants")
        % {"kind": _label(ActivityKind, k), "count": n(f.activities), "people": n(f.participants)}
        for k, f in by_kind.items()
    )
    done = sum(s.status == commitment_status.DONE for _c, s in states)
    overdue = sum(s.status == commitment_status.OVERDUE for _c, s in states)
    section = Section(
        number="4",
        title=_("Joint activities and the commitments of the agreements"),
        paragraphs=(
            _(
                "%(activities)s joint activities were held with %(people)s participants. Of "
                "%(commitments)s commitments of the agreements in force, %(done)s are done "
                "and %(overdue)s overdue."
            )
            % {
                "activities": n(len(activity_list)),
                "people": n(sum(f.participants for f in by_kind.values())),
                "commitments": n(len(states)),
                "done": n(done),
                "overdue": n(overdue),
            },
        ),
        bullets=bullets,
        tables=(
            Table(
                key="activities_by_kind",
                title=_("Activities by kind"),
                columns=(_("Kind"), _("Activities"), _("Participants")),
                rows=tuple(
                    (_label(ActivityKind, k), f.activities, f.participants)
                    for k, f in by_kind.items()
                ),
                total_row=(
                    _("Total"),
                    len(activity_list),
                    sum(f.participants for f in by_kind.values()),
                ),
            ),
            Table(
                key="activities",
                title=_("Activities of the period"),
                columns=(
                    _("Date"),
                    _("Kind"),
                    _("Activity"),
                    _("Place"),
                    _("Organising agency"),
                    _("Participants"),
                ),
                rows=tuple(
                    (
                        a.starts_on,
                        _label(ActivityKind, a.kind),
                        a.title,
                        a.place,
                        a.organiser.name,
                        a.participant_count,
                    )
                    for a in activity_list
                ),
            ),
            Table(
                key="commitments",
                title=_("State of the commitments at the end of the period"),
                columns=(
                    _("Agreement"),
                    _("Item"),
                    _("Commitment"),
                    _("Responsible agencies"),
                    _("Due on"),
                    _("Status"),
                    _("Achieved"),
                    _("Target"),
                    _("What is missing"),
                ),
                rows=tuple(
                    (
                        # the number only: the table is narrow, the title is in the bullets
                        c.agreement.number or c.agreement.title,
                        c.number,
                        c.content,
                        "; ".join(a.name for a in c.responsible.all()),
                        c.due_on,
                        _label(CommitmentStatus, s.status),
                        s.achieved,
                        s.target,
                        missing_text(s, c.due_on),
                    )
                    for c, s in states
                ),
            ),
        ),
    )
    return section, states


# 5. persons of interest -----------------------------------------------------------------


def persons_section(sides: list[fig.Side], date_from: date, date_to: date) -> Section:
    persons = fig.persons_of_interest(sides=sides, date_from=date_from, date_to=date_to)
    how = {
        "arrested": _("Arrested"),
        "located": _("Located through a cross-border hit"),
    }
    paragraph = (
        _("%(count)s wanted persons were arrested or located through the cooperation.")
        % {"count": len({p.person_id for p in persons})}
        if persons
        else _("No wanted person was arrested or located through the cooperation in the period.")
    )
    return Section(
        number="5",
        title=_("Persons of interest"),
        paragraphs=(paragraph,),
        tables=(
            Table(
                key="persons_of_interest",
                title=_("Wanted persons arrested or located"),
                columns=(_("Name"), _("How"), _("Date"), _("Agency")),
                rows=tuple((p.name, how[p.how], p.on, p.agency) for p in persons),
            ),
        ),
    )


# 6. assessment and proposals ------------------------------------------------------------


def assessment_section(states: list, assessment: str) -> Section:
    """The officers' text as given, else bullets prefilled with the open commitments
    (overdue ones first) for them to edit."""
    text = (assessment or "").strip()
    if text:
        paragraphs = tuple(p.strip() for p in text.splitlines() if p.strip())
        bullets: tuple[str, ...] = ()
    else:
        paragraphs = (
            _("Assessment and proposals, to be completed by the parties. Open commitments:"),
        )
        open_states = sorted(
            ((c, s) for c, s in states if s.is_open),
            key=lambda cs: (cs[1].status != commitment_status.OVERDUE, cs[0].due_on or date.max),
        )
        bullets = tuple(
            _("%(agreement)s, item %(item)s: %(content)s — %(status)s. %(missing)s")
            % {
                "agreement": str(c.agreement),
                "item": c.number,
                "content": c.content,
                "status": _label(CommitmentStatus, s.status),
                "missing": missing_text(s, c.due_on),
            }
            for c, s in open_states
        )
        bullets = tuple(b.strip() for b in bullets)
        if not bullets:
            bullets = (_("Every commitment of the agreements in force is done."),)
    return Section(
        number="6",
        title=_("Assessment and proposals"),
        paragraphs=paragraphs,
        bullets=bullets,
        editable=True,
    )
