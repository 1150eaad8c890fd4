"""units.py is pure: no database."""

from decimal import Decimal

from liaison.seizures import units


def test_kg_and_grams_are_direct():
    assert units.normalize(Decimal("2.5"), "kg", "heroin") == (Decimal("2.500000"), "")
    assert units.normalize(Decimal("1500"), "g", "heroin") == (
        Decimal("1.500000"),
        "1 g = 0.001 kg",
    )


def test_methamphetamine_tablets_default_to_a_tenth_of_a_gram():
    kg, text = units.normalize(Decimal("20000"), "tablets", "meth_tablets")
    assert kg == Decimal("2")
    assert text == "1 tablet = 0.1 g"


def test_mdma_and_amphetamine_tablets_have_their_own_defaults():
    assert units.normalize(Decimal("1000"), "tablets", "mdma") == (
        Decimal("0.3"),
        "1 tablet = 0.3 g",
    )
    assert units.normalize(Decimal("1000"), "tablets", "amphetamine")[0] == Decimal("0.17")


def test_an_override_replaces_the_default_mass_per_tablet():
    overrides = {("meth_tablets", "tablets"): Decimal("0.00009")}
    kg, text = units.normalize(Decimal("10000"), "tablets", "meth_tablets", overrides)
    assert kg == Decimal("0.9")
    assert text == "1 tablet = 0.09 g"


def test_tablets_of_a_drug_without_default_have_no_mass():
    assert units.normalize(Decimal("10"), "tablets", "ketamine") == (None, "")


def test_litres_default_to_one_kg_and_can_be_configured():
    assert units.normalize(Decimal("3"), "litres", "precursors") == (Decimal("3"), "1 litre = 1 kg")
    dense = {("precursors", "litres"): Decimal("1.26")}
    assert units.normalize(Decimal("2"), "litres", "precursors", dense) == (
        Decimal("2.52"),
        "1 litre = 1.26 kg",
    )


def test_plants_have_no_mass_unless_configured():
    assert units.normalize(Decimal("500"), "plants", "cannabis_plants") == (None, "")
    configured = {("cannabis_plants", "plants"): Decimal("0.1")}
    assert units.normalize(Decimal("500"), "plants", "cannabis_plants", configured) == (
        Decimal("50"),
        "1 plant = 100 g",
    )


def test_kg_is_rounded_to_a_milligram():
    kg, _ = units.normalize(Decimal("1"), "g", "heroin")
    assert kg == Decimal("0.001")
    kg, _ = units.normalize(Decimal("0.0004"), "g", "heroin")
    assert kg == Decimal("0")


def test_quantity_problems():
    assert units.quantity_problem(Decimal("1"), "kg") is None
    assert units.quantity_problem(Decimal("0"), "kg") == units.NOT_POSITIVE
    assert units.quantity_problem(Decimal("-3"), "g") == units.NOT_POSITIVE
    assert units.quantity_problem(Decimal("100000"), "kg") is None
    assert units.quantity_problem(Decimal("100000.001"), "kg") == units.ABSURD
    assert units.quantity_problem(Decimal("2000000000"), "tablets") == units.ABSURD
    assert units.quantity_problem(Decimal("1"), "pounds") == units.UNKNOWN_UNIT


def test_configured_ceilings_lay_over_the_defaults():
    limits = units.ceilings({"kg": 50})
    assert limits["kg"] == Decimal("50")
    assert limits["g"] == units.DEFAULT_MAX_QUANTITY["g"]
    assert units.quantity_problem(Decimal("51"), "kg", limits) == units.ABSURD


def test_plain_decimal_text():
    assert units.plain(Decimal("1E-4")) == "0.0001"
    assert units.plain(Decimal("100.000")) == "100"
