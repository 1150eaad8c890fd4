"""compile_review: sections, tables and charts from the figures, labels in the report's
language, names in their script, the national motto of the issuing country."""

from __future__ import annotations

from decimal import Decimal

from liaison.cooperation.report.compile import NATIONAL_MOTTO, compile_review
from liaison.cooperation.tests.report_world import FROM, TO, WANTED_NAME, build_world


def _table(content, key):
    return next(t for s in content.sections for t in s.tables if t.key == key)


def test_report_in_english_with_every_section(cast):
    world = build_world(cast)
    content = compile_review(
        partnership=cast.partnership,
        date_from=FROM,
        date_to=TO,
        language="en",
        requested_by=cast.vn_officer,
    )
    assert [s.number for s in content.sections] == ["1", "2", "3", "4", "5", "6"]
    assert content.issuing_agency == cast.quang_nam.name
    assert content.national_motto == NATIONAL_MOTTO["VN"]
    assert [p.agency for p in content.parties] == [cast.quang_nam.name, cast.sekong.name]
    situation = content.sections[0]
    assert (situation.figures[0].value, situation.figures[0].previous) == (3, 1)
    drugs = {row[0]: row[1] for row in _table(content, "seizures_by_drug").rows}
    assert drugs["Methamphetamine (crystal)"] == Decimal("15.000")
    assert _table(content, "seizures_by_drug").total_row[1] == (
        Decimal("16.5") + world.tablets_kg
    ).quantize(Decimal("0.001"))
    nationalities = {row[0]: row[1:] for row in _table(content, "arrests_by_nationality").rows}
    assert nationalities == {"Viet Nam": (4, 1), "Laos": (3, 0)}
    assert {c.key for c in situation.charts} == {"kg_by_drug", "incidents_by_province"}
    activities = _table(content, "activities_by_kind")
    assert activities.total_row == ("Total", 3, 125)
    commitments = {row[1]: row for row in _table(content, "commitments").rows}
    assert commitments["1"][5] == "Done"
    assert commitments["2"][5] == "Overdue"
    assert "2 of 3" in commitments["2"][8]
    assert [row[0] for row in _table(content, "persons_of_interest").rows][1] == WANTED_NAME
    proposals = content.sections[5]
    assert proposals.editable
    assert len(proposals.bullets) == 1 and "Three joint patrols" in proposals.bullets[0]


def test_labels_follow_the_language_and_motto_the_issuing_country(cast):
    build_world(cast)
    lao = compile_review(
        partnership=cast.partnership,
        date_from=FROM,
        date_to=TO,
        language="lo",
        requested_by=cast.la_officer,
        assessment="ການປະເມີນຜົນ\nຂໍ້ສະເໜີ",
    )
    assert lao.issuing_agency == cast.sekong.name
    assert lao.national_motto == NATIONAL_MOTTO["LA"]
    assert lao.sections[5].paragraphs == ("ການປະເມີນຜົນ", "ຂໍ້ສະເໜີ")
    assert lao.sections[5].bullets == ()
    # a user below the parties: the first party issues, in Vietnamese
    vi = compile_review(
        partnership=cast.partnership,
        date_from=FROM,
        date_to=TO,
        language="vi",
        requested_by=cast.vn_district_officer,
    )
    assert vi.issuing_agency == cast.quang_nam.name
    assert vi.national_motto == NATIONAL_MOTTO["VN"]
    khmer = compile_review(partnership=cast.partnership, date_from=FROM, date_to=TO, language="km")
    assert khmer.language == "km" and khmer.national_motto == NATIONAL_MOTTO["VN"]
