"""The pure per-phase totals (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from liaison.cases.totals import ArrestFigure, IncidentFigures, ItemFigure, case_totals, phase_of


def kg(drug: str, amount: str, unit: str = "kg", mass: str | None = None) -> ItemFigure:
    return ItemFigure(drug=drug, quantity=Decimal(amount), unit=unit, kg=Decimal(mass or amount))


def test_case_522h_phases_split_at_the_expansion():
    incidents = [
        IncidentFigures(date(2024, 5, 10), [kg("meth_crystal", "110")], [ArrestFigure("VN", 2)]),
        IncidentFigures(date(2024, 6, 20), [kg("meth_crystal", "100")], [ArrestFigure("la", 2)]),
    ]
    totals = case_totals(incidents, expansions=[date(2024, 6, 1)])
    assert totals.whole.kg == Decimal(210)
    assert totals.whole.arrests == {"VN": 2, "LA": 2}
    assert totals.whole.arrested == 4
    first, second = totals.phases
    assert (first.number, first.kg, first.arrests) == (1, Decimal(110), {"VN": 2})
    assert (second.number, second.kg, second.arrests) == (2, Decimal(100), {"LA": 2})
    assert first.ends_before == second.starts_on == date(2024, 6, 1)
    assert totals.has_phases


def test_original_units_are_kept_and_missing_kg_is_flagged():
    plants = ItemFigure(drug="cannabis_plants", quantity=Decimal(500), unit="plants", kg=None)
    tablets = kg("meth_tablets", "20000", unit="tablets", mass="2")
    totals = case_totals([IncidentFigures(date(2024, 1, 1), [plants, tablets, tablets])])
    drugs = {d.drug: d for d in totals.whole.drug_list}
    assert drugs["meth_tablets"].quantities == {"tablets": Decimal(40000)}
    assert drugs["meth_tablets"].kg == Decimal(4)
    assert drugs["cannabis_plants"].kg == 0
    assert drugs["cannabis_plants"].items_without_kg == 1
    assert not totals.has_phases


def test_an_incident_on_the_expansion_day_opens_the_new_phase():
    expansions = [date(2024, 6, 1), date(2024, 9, 1)]
    assert phase_of(date(2024, 5, 31), expansions) == 1
    assert phase_of(date(2024, 6, 1), expansions) == 2
    assert phase_of(date(2024, 12, 1), list(reversed(expansions))) == 3
