"""What a joint case has seized and arrested, over its life and per phase. Pure: no Django.

A case starts in phase 1; every expansion (an EXPANSION event of the timeline) starts the
next phase on its date. An incident belongs to the phase in force on its date, so an
incident recorded on the day of an expansion counts in the new phase (officers record the
expansion when the new operation starts).

Quantities keep their unit as recorded beside the normalized kg. An item without a known
conversion (kg is None) adds to its unit's total but not to the kg, and is counted in
`items_without_kg` so the page can say the kg total is incomplete.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ItemFigure:
    drug: str
    quantity: Decimal
    unit: str
    kg: Decimal | None


@dataclass(frozen=True, slots=True)
class ArrestFigure:
    nationality: str
    count: int


@dataclass(frozen=True, slots=True)
class IncidentFigures:
    occurred_on: datetime.date
    items: Sequence[ItemFigure] = ()
    arrests: Sequence[ArrestFigure] = ()


@dataclass(slots=True)
class DrugTotal:
    drug: str
    kg: Decimal = Decimal(0)
    # unit as recorded -> quantity, e.g. {"kg": 110, "tablets": 20000}
    quantities: dict[str, Decimal] = field(default_factory=dict)
    items_without_kg: int = 0


@dataclass(slots=True)
class Totals:
    """Figures of one phase (or of the whole case)."""

    number: int | None = None  # None: the whole case
    starts_on: datetime.date | None = None
    ends_before: datetime.date | None = None
    incidents: int = 0
    drugs: dict[str, DrugTotal] = field(default_factory=dict)
    arrests: dict[str, int] = field(default_factory=dict)  # nationality -> persons

    @property
    def kg(self) -> Decimal:
        return sum((d.kg for d in self.drugs.values()), Decimal(0))

    @property
    def arrested(self) -> int:
        return sum(self.arrests.values())

    @property
    def drug_list(self) -> list[DrugTotal]:
        """Largest seizure first, then by drug code for a stable order."""
        return sorted(self.drugs.values(), key=lambda d: (-d.kg, d.drug))

    @property
    def arrest_list(self) -> list[tuple[str, int]]:
        return sorted(self.arrests.items(), key=lambda kv: (-kv[1], kv[0]))

    def add(self, incident: IncidentFigures) -> None:
        self.incidents += 1
        for item in incident.items:
            total = self.drugs.setdefault(item.drug, DrugTotal(drug=item.drug))
            total.quantities[item.unit] = total.quantities.get(item.unit, Decimal(0)) + Decimal(
                item.quantity
            )
            if item.kg is None:
                total.items_without_kg += 1
            else:
                total.kg += Decimal(item.kg)
        for arrest in incident.arrests:
            nationality = (arrest.nationality or "").upper()
            self.arrests[nationality] = self.arrests.get(nationality, 0) + int(arrest.count)


@dataclass(slots=True)
class CaseTotals:
    whole: Totals
    phases: list[Totals]

    @property
    def has_phases(self) -> bool:
        return len(self.phases) > 1


def phase_of(day: datetime.date, expansions: Sequence[datetime.date]) -> int:
    """1 before the first expansion, 2 from it until the second, and so on."""
    return bisect.bisect_right(sorted(expansions), day) + 1


def case_totals(
    incidents: Iterable[IncidentFigures], *, expansions: Iterable[datetime.date] = ()
) -> CaseTotals:
    """Totals over the case's life and per phase (phases split at expansion dates)."""
    starts = sorted(set(expansions))
    phases = [
        Totals(
            number=index + 1,
            starts_on=starts[index - 1] if index else None,
            ends_before=starts[index] if index < len(starts) else None,
        )
        for index in range(len(starts) + 1)
    ]
    whole = Totals()
    for incident in incidents:
        whole.add(incident)
        phases[phase_of(incident.occurred_on, starts) - 1].add(incident)
    return CaseTotals(whole=whole, phases=phases)
