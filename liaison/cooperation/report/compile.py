"""Numbers -> ReviewContent: the review report in the language asked for.

Every label is translated here, in the report's language (`translation.override`), as
whole sentences with placeholders; names of agencies, places and persons stay as
written. Numbers stay numbers (Decimal kg rounded to grams) for the renderers.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Partnership, User
from liaison.cooperation.report import compile_cooperation as cooperation
from liaison.cooperation.report import compile_sections as parts
from liaison.cooperation.report import figures as fig
from liaison.cooperation.report.compile_sections import country_name, day
from liaison.cooperation.report.content import Party, ReviewContent
from liaison.core.access import get_scope

# The national motto stays in the issuing country's language whatever the report's.
NATIONAL_MOTTO = {
    "VN": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "LA": (
        "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ",
        "ສັນຕິພາບ ເອກະລາດ ປະຊາທິປະໄຕ ເອກະພາບ ວັດທະນະຖາວອນ",
    ),
    "KH": ("ព្រះរាជាណាចក្រកម្ពុជា", "ជាតិ សាសនា ព្រះមហាក្សត្រ"),
}


def issuing_agency(partnership: Partnership, sides: list[fig.Side], user: User | None) -> Agency:
    """The requesting user's agency when it is a party or above one, else the first party."""
    if user is not None and user.is_authenticated and user.agency_id:
        own = get_scope(user).own_subtree
        if any(side.agency.pk in own for side in sides):
            return Agency.objects.select_related("country", "area").get(pk=user.agency_id)
    return sides[0].agency


def compile_review(
    *,
    partnership: Partnership,
    date_from: date,
    date_to: date,
    language: str,
    requested_by: User | None = None,
    assessment: str = "",
) -> ReviewContent:
    """The whole report of `partnership` over [date_from, date_to] in `language`."""
    sides = fig.sides_of(partnership)
    previous_from, previous_to = fig.previous_period(date_from, date_to)
    with translation.override(language):
        issuer = issuing_agency(partnership, sides, requested_by)
        today = timezone.localdate()
        situation = parts.situation_section(sides, date_from, date_to, previous_from, previous_to)
        exchange = parts.exchange_section(partnership, date_from, date_to)
        cases = parts.cases_section(sides, date_from, date_to)
        activities, commitments = cooperation.activities_section(partnership, date_from, date_to)
        persons = cooperation.persons_section(sides, date_from, date_to)
        proposals = cooperation.assessment_section(commitments, assessment)
        place = issuer.area.name if issuer.area_id else ""
        place_and_date = (
            _("%(place)s, %(date)s") % {"place": place, "date": day(today)}
            if place
            else _("Date: %(date)s") % {"date": day(today)}
        )
        return ReviewContent(
            language=language,
            partnership_code=partnership.code,
            partnership_name=partnership.name,
            parties=tuple(
                Party(
                    agency=side.agency.name,
                    country=side.country,
                    country_name=country_name(side.country),
                )
                for side in sides
            ),
            date_from=date_from,
            date_to=date_to,
            previous_from=previous_from,
            previous_to=previous_to,
            generated_on=today,
            issuing_agency=issuer.name,
            national_motto=NATIONAL_MOTTO.get(issuer.country_id, ()),
            title=_("REPORT ON THE REVIEW OF DRUG-CONTROL COOPERATION"),
            subtitle=_("%(partnership)s — period %(from)s – %(to)s")
            % {"partnership": partnership.name, "from": day(date_from), "to": day(date_to)},
            place_and_date=place_and_date,
            sections=(situation, exchange, cases, activities, persons, proposals),
            signature_title=_("FOR THE HEAD OF THE AGENCY"),
            recipients=(*(side.agency.name for side in sides), _("Archive")),
        )
