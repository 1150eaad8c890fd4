"""Sections 1–3 of the review report (situation, exchange, joint cases) and the helpers
every section uses, each from its figures (figures.py); sections 4–6 are in
compile_cooperation.py.

Called by compile.py inside `translation.override(language)`: every gettext here
answers in the report's language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Partnership
from liaison.cases.models import CaseStatus
from liaison.cooperation import status as commitment_status
from liaison.cooperation.report import figures as fig
from liaison.cooperation.report.content import Chart, Figure, Section, Table
from liaison.cooperation.report.render_format import format_number
from liaison.exchange.models import Kind
from liaison.seizures.models import DrugType, Unit
from liaison.seizures.stats_shape import Totals

GRAM = Decimal("0.001")

COUNTRY_NAMES = {
    "VN": gettext_lazy("Viet Nam"),
    "LA": gettext_lazy("Laos"),
    "KH": gettext_lazy("Cambodia"),
    "TH": gettext_lazy("Thailand"),
    "CN": gettext_lazy("China"),
    "MM": gettext_lazy("Myanmar"),
}

LEVEL_NAMES = {
    Agency.Level.CENTRAL: gettext_lazy("Central"),
    Agency.Level.PROVINCIAL: gettext_lazy("Province"),
    Agency.Level.DISTRICT: gettext_lazy("District"),
    Agency.Level.BORDER: gettext_lazy("Border liaison office / border post"),
}


def kg(value) -> Decimal:
    return Decimal(value or 0).quantize(GRAM)


def n(value) -> str:
    """A number inside a sentence, written as the report's language writes it
    (Vietnamese 1.234,56; the others 1,234.56): tables keep numbers for the renderers."""
    return format_number(value, language=get_language() or "en")


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES[code]) if code in COUNTRY_NAMES else code


def day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def missing_text(state: commitment_status.CommitmentState, due_on: date | None) -> str:
    """What an open commitment still lacks, as a sentence ('' when nothing is missing)."""
    if not state.missing:
        return ""
    if state.status == commitment_status.OVERDUE and due_on:
        return _("%(missing)s of %(target)s not carried out by %(due)s") % {
            "missing": state.missing,
            "target": state.target,
            "due": day(due_on),
        }
    return _("%(missing)s of %(target)s still to be carried out") % {
        "missing": state.missing,
        "target": state.target,
    }


# 1. situation ---------------------------------------------------------------------------


def situation_section(
    sides: list[fig.Side], date_from: date, date_to: date, previous_from: date, previous_to: date
) -> Section:
    ids = fig.all_ids(sides)
    now = fig.situation(agency_ids=ids, date_from=date_from, date_to=date_to)
    before = fig.situation(agency_ids=ids, date_from=previous_from, date_to=previous_to)
    drugs = sorted(
        set(now.drugs) | set(before.drugs),
        key=lambda d: (-(now.drugs[d].kg if d in now.drugs else 0), d),
    )
    zero = Totals()
    drug_rows = tuple(
        (
            _label(DrugType, drug),
            kg(now.drugs.get(drug, zero).kg),
            kg(before.drugs.get(drug, zero).kg),
        )
        for drug in drugs
    )
    unit_rows = tuple(
        (_label(DrugType, drug), _label(Unit, unit), quantity, kg(now.drugs[drug].kg))
        for drug in drugs
        if drug in now.drugs
        for unit, quantity in sorted(now.drugs[drug].quantities.items())
    )
    nationalities = sorted(
        set(now.nationalities) | set(before.nationalities),
        key=lambda n: (-now.nationalities.get(n, 0), n),
    )
    provinces = sorted(set(now.provinces) | set(before.provinces))
    empty = Totals()
    province_rows = tuple(
        (
            country_name(country),
            province,
            now.provinces.get((country, province), empty).incidents,
            kg(now.provinces.get((country, province), empty).kg),
            now.provinces.get((country, province), empty).arrested,
            before.provinces.get((country, province), empty).incidents,
        )
        for country, province in provinces
    )
    summary = _(
        "In the period, the agencies of the partnership recorded %(incidents)s incidents, "
        "seized %(kg)s kg of drugs and arrested %(arrested)s persons."
    ) % {"incidents": n(now.incidents), "kg": n(kg(now.kg)), "arrested": n(now.arrested)}
    return Section(
        number="1",
        title=_("The situation of drug crime on the border"),
        paragraphs=(summary,),
        figures=(
            Figure(_("Incidents"), now.incidents, before.incidents),
            Figure(_("Drugs seized"), kg(now.kg), kg(before.kg), unit="kg"),
            Figure(_("Persons arrested"), now.arrested, before.arrested),
        ),
        tables=(
            Table(
                key="seizures_by_drug",
                title=_("Drugs seized by drug (kg)"),
                columns=(_("Drug"), _("kg"), _("kg in the previous period")),
                rows=drug_rows,
                total_row=(_("Total"), kg(now.kg), kg(before.kg)),
            ),
            Table(
                key="seizures_by_unit",
                title=_("Drugs seized in the units recorded"),
                columns=(_("Drug"), _("Unit"), _("Quantity"), _("kg")),
                rows=unit_rows,
            ),
            Table(
                key="arrests_by_nationality",
                title=_("Persons arrested by nationality"),
                columns=(_("Nationality"), _("Persons"), _("Persons in the previous period")),
                rows=tuple(
                    (
                        country_name(n),
                        now.nationalities.get(n, 0),
                        before.nationalities.get(n, 0),
                    )
                    for n in nationalities
                ),
                total_row=(_("Total"), now.arrested, before.arrested),
            ),
            Table(
                key="incidents_by_province",
                title=_("Incidents by province on each side of the border"),
                columns=(
                    _("Country"),
                    _("Province"),
                    _("Incidents"),
                    _("kg"),
                    _("Persons arrested"),
                    _("Incidents in the previous period"),
                ),
                rows=province_rows,
            ),
        ),
        charts=(
            Chart(
                key="kg_by_drug",
                title=_("Drugs seized by drug, this period and the previous one"),
                categories=tuple(row[0] for row in drug_rows),
                series=(
                    (_("This period"), tuple(float(row[1]) for row in drug_rows)),
                    (_("Previous period"), tuple(float(row[2]) for row in drug_rows)),
                ),
                unit="kg",
            ),
            Chart(
                key="incidents_by_province",
                title=_("Incidents by province, this period and the previous one"),
                categories=tuple(row[1] for row in province_rows),
                series=(
                    (_("This period"), tuple(float(row[2]) for row in province_rows)),
                    (_("Previous period"), tuple(float(row[5]) for row in province_rows)),
                ),
            ),
        ),
    )


# 2. exchange ----------------------------------------------------------------------------


def _share(value: float | None) -> Decimal | None:
    return None if value is None else (Decimal(str(value)) * 100).quantize(Decimal("0.1"))


def exchange_section(partnership: Partnership, date_from: date, date_to: date) -> Section:
    data = fig.exchange(partnership=partnership, date_from=date_from, date_to=date_to)
    totals = data["totals"]
    share = _share(totals["share_answered_on_time"])
    median = totals["median_hours_to_answer"]
    paragraphs = [
        _(
            "%(messages)s messages were exchanged across the border; %(answered)s requests "
            "were answered, %(on_time)s of them on time."
        )
        % {
            "messages": n(totals["messages"]),
            "answered": n(totals["answered"]),
            "on_time": n(totals["answered_on_time"]),
        }
    ]
    figures_ = [
        Figure(_("Messages exchanged"), totals["messages"]),
        Figure(_("Requests answered"), totals["answered"]),
        Figure(_("Answered on time"), totals["answered_on_time"]),
    ]
    if share is not None:
        figures_.append(Figure(_("Share answered on time"), share, unit="%"))
    if median is not None:
        figures_.append(
            Figure(
                _("Median time to answer"),
                Decimal(str(median)).quantize(Decimal("0.1")),
                unit=_("hours"),
            )
        )
    by_kind = data["by_kind"]["by_kind"]
    by_level = data["by_level"]
    return Section(
        number="2",
        title=_("Exchange of information"),
        paragraphs=tuple(paragraphs),
        figures=tuple(figures_),
        tables=(
            Table(
                key="messages_by_kind",
                title=_("Messages by kind"),
                columns=(_("Kind"), _("Messages")),
                rows=tuple((_label(Kind, k), n) for k, n in by_kind.items()),
                total_row=(_("Total"), data["by_kind"]["total"]),
            ),
            Table(
                key="messages_by_party",
                title=_("Messages sent and received by each party"),
                columns=(_("Party"), _("Sent"), _("Received"), _("Answered on time")),
                rows=tuple(
                    (
                        p["agency"],
                        p["sent"]["total"],
                        p["received"]["total"],
                        p["responses"]["answered_on_time"],
                    )
                    for p in data["parties"]
                ),
            ),
            Table(
                key="messages_by_level",
                title=_("Messages by level of the receiving agency"),
                columns=(
                    _("Level"),
                    _("Messages received"),
                    _("Requests answered"),
                    _("Answered on time"),
                    _("Median hours to answer"),
                ),
                rows=tuple(
                    (
                        str(LEVEL_NAMES.get(level, level)),
                        row["messages"],
                        row["answered"],
                        row["answered_on_time"],
                        None
                        if row["median_hours_to_answer"] is None
                        else Decimal(str(row["median_hours_to_answer"])).quantize(Decimal("0.1")),
                    )
                    for level, row in by_level.items()
                ),
            ),
        ),
    )


# 3. joint cases -------------------------------------------------------------------------


def cases_section(sides: list[fig.Side], date_from: date, date_to: date) -> Section:
    cases = fig.joint_cases(sides=sides, date_from=date_from, date_to=date_to)
    established = [c for c in cases if c.established_in_period]
    by_lead: dict[str, int] = {}
    for case in established:
        by_lead[case.lead] = by_lead.get(case.lead, 0) + 1
    counts = {
        "established": len(established),
        "active": sum(c.active for c in cases),
        "expanded": sum(c.expanded_in_period for c in cases),
        "closed": sum(c.closed_in_period for c in cases),
    }
    return Section(
        number="3",
        title=_("Joint cases"),
        paragraphs=(
            _(
                "%(established)s joint cases were established in the period, %(active)s are "
                "active, %(expanded)s were expanded and %(closed)s closed."
            )
            % counts,
        ),
        figures=(
            Figure(_("Joint cases established"), counts["established"]),
            Figure(_("Joint cases active"), counts["active"]),
            Figure(_("Joint cases expanded"), counts["expanded"]),
            Figure(_("Joint cases closed"), counts["closed"]),
        ),
        tables=(
            Table(
                key="cases_established_by",
                title=_("Joint cases established in the period, by establishing agency"),
                columns=(_("Establishing agency"), _("Joint cases")),
                rows=tuple(sorted(by_lead.items())),
            ),
            Table(
                key="joint_cases",
                title=_("Joint cases and their totals"),
                columns=(
                    _("Case code"),
                    _("Title"),
                    _("Establishing agency"),
                    _("Established on"),
                    _("Status"),
                    _("Incidents"),
                    _("kg"),
                    _("Persons arrested"),
                    _("Phases"),
                ),
                rows=tuple(
                    (
                        c.case.code,
                        c.case.title,
                        c.lead,
                        c.case.established_on,
                        _label(CaseStatus, c.case.status),
                        c.totals.whole.incidents,
                        kg(c.totals.whole.kg),
                        c.totals.whole.arrested,
                        len(c.totals.phases),
                    )
                    for c in cases
                ),
            ),
        ),
    )
