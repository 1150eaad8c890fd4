"""What an incident must satisfy before it is written, for the form, the API and the import.

The input shapes (`IncidentInput`, `ItemInput`, `ArrestInput`) are what every adapter
builds; `incident_errors()` checks one of them and answers a dict of translated
messages keyed by field name ("items"/"arrests" carry the row number in the text).
The checks themselves are small functions the import reuses column by column, and the
reference data they need (areas, conversions, cases, countries) is read once into a
`LedgerLookups`, so validating 100,000 rows costs a handful of queries.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property
from zoneinfo import ZoneInfo

import pycountry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.agencies.models import Agency, Area, Country, Role
from liaison.core.access import get_scope
from liaison.core.sharing import HandlingCode, SharingLevel
from liaison.seizures import units
from liaison.seizures.models import DrugConversion, DrugType, Incident, Modus, Unit

LEDGER_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WRITER_ROLES = (Role.OFFICER, Role.LIAISON_OFFICER, Role.SUPERVISOR, Role.ANALYST)
PROVINCE_KINDS = (Area.Kind.PROVINCE, Area.Kind.MUNICIPALITY)
COORDINATE_STEP = Decimal("0.000001")
# Choices' `.values` is rebuilt on every access: an import checks them 100,000 times.
DRUGS = frozenset(DrugType.values)
UNIT_CODES = frozenset(Unit.values)
MODI = frozenset(Modus.values)
SHARING_LEVELS = frozenset(SharingLevel.values)
HANDLING_CODES = frozenset(HandlingCode.values)


@dataclass
class ItemInput:
    drug: str
    quantity: Decimal
    unit: str
    substance: str = ""


@dataclass
class ArrestInput:
    nationality: str
    count: int = 1
    person_id: int | None = None


@dataclass
class IncidentInput:
    ref: str
    agency_id: int
    occurred_on: date
    country: str
    province_id: int
    district_id: int | None = None
    place: str = ""
    border_gate_id: int | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    modus: str = Modus.LAND
    origin: str = ""
    transit: list[str] = field(default_factory=list)
    destination: str = ""
    case_id: int | None = None
    notes: str = ""
    sharing: str = SharingLevel.NATIONAL
    handling_code: str = HandlingCode.H0
    items: list[ItemInput] = field(default_factory=list)
    arrests: list[ArrestInput] = field(default_factory=list)


def ledger_today() -> date:
    """Today where the three countries are (UTC+7), whatever the server's clock zone."""
    return timezone.now().astimezone(LEDGER_TZ).date()


def day_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def fold_name(text: str) -> str:
    """A place name for comparison: 'Quảng Nam', 'quang nam', 'QUANG NAM' are one key.

    Diacritics are dropped from Latin letters only (Vietnamese, incl. đ -> d); Lao and
    Khmer vowel and tone signs are part of the word, so those names compare as written
    (after NFC)."""
    text = unicodedata.normalize("NFC", text.strip()).replace("Đ", "D").replace("đ", "d")
    kept: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            if base_is_latin:
                continue
        else:
            base_is_latin = ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"
        kept.append(ch)
    folded = unicodedata.normalize("NFC", "".join(kept)).casefold()
    return " ".join(folded.replace("-", " ").split())


# Administrative prefixes people write before a name ("Tỉnh Quảng Nam", "TP. Đà Nẵng").
_NAME_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ", "huyen ", "quan ", "thi xa ", "khoueng ")


def name_keys(text: str) -> set[str]:
    folded = fold_name(text)
    keys = {folded}
    for prefix in _NAME_PREFIXES:
        if folded.startswith(prefix):
            keys.add(folded[len(prefix) :].strip())
    return keys


@dataclass(frozen=True, slots=True)
class AreaInfo:
    id: int
    code: str
    country: str
    kind: str
    name: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_province(self) -> bool:
        return self.kind in PROVINCE_KINDS


def is_country_code(code: str) -> bool:
    """Upper-case ISO 3166 alpha-2 (pycountry itself would accept "vn")."""
    return (
        len(code) == 2
        and code.isascii()
        and code.isupper()
        and pycountry.countries.get(alpha_2=code) is not None
    )


class LedgerLookups:
    """Reference data read once (lazily) for any number of validations."""

    def __init__(self, *, today: date | None = None) -> None:
        self.today = today or ledger_today()
        self._cases: dict[int, dict[int, str]] = {}

    @cached_property
    def max_quantity(self) -> dict[str, Decimal]:
        return units.ceilings(getattr(settings, "LIAISON_SEIZURE_MAX_QUANTITY", None))

    @cached_property
    def conversions(self) -> dict[tuple[str, str], Decimal]:
        return {
            (c.drug, c.unit): c.kg_per_unit
            for c in DrugConversion.objects.only("drug", "unit", "kg_per_unit")
        }

    @cached_property
    def countries(self) -> set[str]:
        return set(Country.objects.values_list("code", flat=True))

    @cached_property
    def areas(self) -> dict[int, AreaInfo]:
        rows = Area.objects.values_list(
            "id", "code", "country_id", "kind", "name", "parent_id", "valid_from", "valid_to"
        )
        return {row[0]: AreaInfo(*row) for row in rows}

    @cached_property
    def _areas_by_code(self) -> dict[str, AreaInfo]:
        return {a.code.casefold(): a for a in self.areas.values()}

    @cached_property
    def _names(self) -> dict[tuple[str, int | None, str], list[AreaInfo]]:
        """(country, parent id or None for provinces, name key) -> areas, both names."""
        english = dict(Area.objects.values_list("id", "name_en"))
        index: dict[tuple[str, int | None, str], list[AreaInfo]] = defaultdict(list)
        for area in self.areas.values():
            parent = None if area.is_province else area.parent_id
            for written in (area.name, english.get(area.id) or ""):
                for key in name_keys(written) if written else ():
                    if area not in index[(area.country, parent, key)]:
                        index[(area.country, parent, key)].append(area)
        return index

    def area_by_code(self, code: str) -> AreaInfo | None:
        return self._areas_by_code.get(code.strip().casefold())

    def areas_named(self, text: str, *, country: str, parent_id: int | None) -> list[AreaInfo]:
        found: list[AreaInfo] = []
        for key in name_keys(text):
            for area in self._names.get((country, parent_id, key), ()):
                if area not in found:
                    found.append(area)
        return found

    def provinces_named_elsewhere(self, text: str, *, country: str) -> list[AreaInfo]:
        keys = name_keys(text)
        return [
            area
            for (c, parent, key), areas in self._names.items()
            if c != country and parent is None and key in keys
            for area in areas
        ]

    def cases_of(self, agency_id: int) -> dict[int, str]:
        """The joint cases the agency participates in: id -> code."""
        if agency_id not in self._cases:
            from liaison.cases.models import CaseParticipant

            self._cases[agency_id] = dict(
                CaseParticipant.objects.filter(agency_id=agency_id).values_list(
                    "case_id", "case__code"
                )
            )
        return self._cases[agency_id]

    def normalize(self, item: ItemInput) -> tuple[Decimal | None, str]:
        return units.normalize(item.quantity, item.unit, item.drug, self.conversions)


# -- one check, one message ------------------------------------------------------------


def check_writer(actor, agency: Agency | None) -> None:
    """Officers record for their own agency and its sub-units (PermissionDenied otherwise).

    `actor=None` is the operator's command line."""
    if actor is None or actor.is_superuser:
        return
    if not any(actor.has_role(role) for role in WRITER_ROLES):
        raise PermissionDenied(_("Your role does not allow you to record seizures."))
    if agency is None or agency.pk not in get_scope(actor).own_subtree:
        raise PermissionDenied(_("You may only record seizures for your agency and its sub-units."))


def records_seizures(user) -> bool:
    """Officers, liaison officers, supervisors and analysts of an agency record incidents."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.agency_id is not None and any(user.has_role(role) for role in WRITER_ROLES)


def require_recorder(user) -> None:
    if not records_seizures(user):
        raise PermissionDenied(
            _("Only officers, supervisors and analysts of an agency record seizures.")
        )


def may_change(user, incident: Incident) -> bool:
    """Writers of the recording agency or of an agency above it."""
    if not records_seizures(user):
        return False
    scope = get_scope(user)
    return scope.sees_everything or incident.agency_id in scope.own_subtree


def require_change(user, incident: Incident) -> None:
    if not may_change(user, incident):
        raise PermissionDenied(
            _("Only the recording agency and the agencies above it may change this incident.")
        )


def drug_error(drug: str) -> str | None:
    if drug not in DRUGS:
        return _("Unknown drug type “%(drug)s”.") % {"drug": drug}
    return None


def unit_error(unit: str) -> str | None:
    if unit not in UNIT_CODES:
        return _("Unknown unit “%(unit)s”: use kg, g, tablets, litres or plants.") % {"unit": unit}
    return None


def parse_quantity(text: str) -> Decimal | None:
    """'1.5', '1,5' (decimal comma) or '20000' -> Decimal; None when not a number."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def quantity_error(quantity: Decimal, unit: str, max_quantity: dict[str, Decimal]) -> str | None:
    problem = units.quantity_problem(quantity, unit, max_quantity)
    if problem == units.NOT_POSITIVE:
        return _("The quantity must be greater than zero.")
    if problem == units.ABSURD:
        return _("Absurd quantity: %(quantity)s %(unit)s is above the ceiling of %(ceiling)s.") % {
            "quantity": units.plain(quantity),
            "unit": unit,
            "ceiling": units.plain(max_quantity[unit]),
        }
    if quantity != quantity.quantize(Decimal("0.001")):
        return _("The quantity has more than three decimals.")
    return None


def date_error(day: date, today: date) -> str | None:
    if day > today:
        return _("The date %(date)s is in the future.") % {"date": day_text(day)}
    if day.year < 1950:
        return _("The date %(date)s is too far in the past.") % {"date": day_text(day)}
    return None


def route_error(code: str) -> str | None:
    if code and not is_country_code(code):
        return _("“%(code)s” is not an ISO 3166 alpha-2 country code.") % {"code": code}
    return None


def province_error(area: AreaInfo | None, *, country: str, day: date) -> str | None:
    if area is None or not area.is_province:
        return _("Unknown province.")
    if area.country != country:
        return _("The province “%(province)s” does not belong to the country %(country)s.") % {
            "province": area.name,
            "country": country,
        }
    if not area.valid_on(day):
        return _("The province “%(province)s” did not exist on %(date)s.") % {
            "province": area.name,
            "date": day_text(day),
        }
    return None


def district_error(area: AreaInfo | None, *, province_id: int, day: date) -> str | None:
    if area is None or area.kind != Area.Kind.DISTRICT:
        return _("Unknown district.")
    if area.parent_id != province_id:
        return _("The district “%(district)s” is not in the province.") % {"district": area.name}
    if not area.valid_on(day):
        return _("The district “%(district)s” did not exist on %(date)s.") % {
            "district": area.name,
            "date": day_text(day),
        }
    return None


def case_error(case_id: int, *, agency_id: int, lookups: LedgerLookups) -> str | None:
    if case_id not in lookups.cases_of(agency_id):
        return _("The recording agency does not participate in this joint case.")
    return None


def item_errors(item: ItemInput, lookups: LedgerLookups) -> list[str]:
    problems = [p for p in (drug_error(item.drug), unit_error(item.unit)) if p]
    if not problems:
        problem = quantity_error(item.quantity, item.unit, lookups.max_quantity)
        if problem:
            problems.append(problem)
    return problems


def arrest_errors(arrest: ArrestInput) -> list[str]:
    problems: list[str] = []
    if not is_country_code(arrest.nationality):
        problems.append(
            _("“%(code)s” is not an ISO 3166 alpha-2 nationality.") % {"code": arrest.nationality}
        )
    if arrest.count < 1:
        problems.append(_("The number of persons must be at least 1."))
    elif arrest.person_id is not None and arrest.count != 1:
        problems.append(_("An arrest of a named person counts one person."))
    return problems


def incident_errors(
    data: IncidentInput, *, actor, lookups: LedgerLookups | None = None
) -> dict[str, list[str]]:
    """Every problem with `data`, keyed by field name; {} when it may be written.

    Permission (the recording agency) is checked separately by `check_writer`."""
    lookups = lookups or LedgerLookups()
    errors: dict[str, list[str]] = defaultdict(list)

    def add(field_name: str, message: str | None) -> None:
        if message:
            errors[field_name].append(message)

    if not data.ref.strip():
        add("ref", _("A reference is required."))
    elif len(data.ref) > 100:
        add("ref", _("The reference is longer than 100 characters."))
    add("occurred_on", date_error(data.occurred_on, lookups.today))
    if data.country not in lookups.countries:
        add("country", _("Unknown country “%(code)s”.") % {"code": data.country})
    else:
        province = lookups.areas.get(data.province_id)
        add("province", province_error(province, country=data.country, day=data.occurred_on))
        if data.district_id is not None:
            district = lookups.areas.get(data.district_id)
            add(
                "district",
                district_error(district, province_id=data.province_id, day=data.occurred_on),
            )
    if data.modus not in MODI:
        add("modus", _("Unknown modus “%(modus)s”.") % {"modus": data.modus})
    if data.sharing not in SHARING_LEVELS:
        add("sharing", _("Unknown sharing level."))
    if data.handling_code not in HANDLING_CODES:
        add("handling_code", _("Unknown handling code."))
    add("origin", route_error(data.origin))
    add("destination", route_error(data.destination))
    for code in data.transit:
        add("transit", route_error(code))
    if len(";".join(data.transit)) > 60:
        add("transit", _("Too many transit countries."))
    _coordinate_errors(data, add)
    if data.case_id is not None:
        add("case", case_error(data.case_id, agency_id=data.agency_id, lookups=lookups))
    if not data.items:
        add("items", _("Record at least one seized item."))
    for number, item in enumerate(data.items, start=1):
        for problem in item_errors(item, lookups):
            add("items", _("Item %(row)s: %(problem)s") % {"row": number, "problem": problem})
    for number, arrest in enumerate(data.arrests, start=1):
        for problem in arrest_errors(arrest):
            add("arrests", _("Arrest %(row)s: %(problem)s") % {"row": number, "problem": problem})
    _person_errors(data, actor, add)
    if data.border_gate_id is not None:
        _border_gate_error(data, actor, add)
    return dict(errors)


def _coordinate_errors(data: IncidentInput, add) -> None:
    if (data.latitude is None) != (data.longitude is None):
        add("latitude", _("Give both latitude and longitude, or neither."))
        return
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        add("latitude", _("The latitude must be between -90 and 90."))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        add("longitude", _("The longitude must be between -180 and 180."))


def _person_errors(data: IncidentInput, actor, add) -> None:
    from liaison.registry.models import Person

    wanted = {a.person_id for a in data.arrests if a.person_id is not None}
    if not wanted:
        return
    persons = Person.objects.visible_to(actor) if actor is not None else Person.objects.all()
    found = set(persons.filter(pk__in=wanted).values_list("pk", flat=True))
    for number, arrest in enumerate(data.arrests, start=1):
        if arrest.person_id is not None and arrest.person_id not in found:
            add("arrests", _("Arrest %(row)s: unknown person.") % {"row": number})


def _border_gate_error(data: IncidentInput, actor, add) -> None:
    from liaison.seizures.selectors import border_gates

    if not border_gates(user=actor).filter(pk=data.border_gate_id).exists():
        add("border_gate", _("Unknown border gate."))


def rounded_coordinate(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(COORDINATE_STEP)
