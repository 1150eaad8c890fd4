"""Reference data: the pure tables (checked against pycountry) and their idempotent load."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pycountry
import pytest
from django.core.management import call_command

from liaison.agencies.demo.reference import load_reference
from liaison.agencies.models import Area, Country
from liaison.agencies.reference import all_areas, romanize_vi
from liaison.agencies.reference.la_kh_provinces import KH_PROVINCES, LA_PROVINCES
from liaison.agencies.reference.vn_provinces import MERGED, PREDECESSORS, UNCHANGED, vn_areas
from liaison.core.audit.verify import verify_trail
from liaison.core.models import AuditEvent

BEFORE = date(2024, 1, 1)
AFTER = date(2025, 8, 1)


def _valid_on(spec, day: date) -> bool:
    return (spec.valid_from is None or spec.valid_from <= day) and (
        spec.valid_to is None or spec.valid_to >= day
    )


def _iso_codes(country: str) -> set[str]:
    return {s.code for s in pycountry.subdivisions.get(country_code=country)}


# --- The tables, without a database ------------------------------------------------------


def test_vietnam_before_the_merger_is_exactly_pycountrys_63_provinces():
    before = {s.code for s in vn_areas() if _valid_on(s, BEFORE)}
    assert len(before) == 63
    assert before == _iso_codes("VN")


def test_vietnam_after_the_merger_has_34_units_with_11_unchanged():
    after = [s for s in vn_areas() if _valid_on(s, AFTER)]
    assert len(after) == 34
    assert sum(1 for s in after if s.valid_from is None) == 11
    assert all(s.successor is None for s in after)


def test_every_merged_province_has_a_successor_and_every_new_unit_predecessors():
    new_codes = {code for code, _, _ in MERGED}
    predecessors = Counter(successor for *_, successor in PREDECESSORS)
    assert len(PREDECESSORS) == 52
    assert set(predecessors) == new_codes
    # 17 pairs and 6 triples: 17 * 2 + 6 * 3 = 52
    assert sorted(Counter(predecessors.values()).items()) == [(2, 17), (3, 6)]
    unchanged = {code for code, _, _ in UNCHANGED}
    assert not unchanged & {code for code, *_ in PREDECESSORS}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Quảng Nam", "Đà Nẵng"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Bình Phước", "Đồng Nai"),
        ("Long An", "Tây Ninh"),
        ("Tây Ninh", "Tây Ninh"),
        ("Kiên Giang", "An Giang"),
        ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Hà Giang", "Tuyên Quang"),
    ],
)
def test_successors_follow_resolution_202(old, new):
    by_code = {s.code: s for s in vn_areas()}
    (spec,) = [s for s in by_code.values() if s.name == old and s.valid_to]
    assert by_code[spec.successor].name == new
    assert by_code[spec.successor].valid_from == date(2025, 7, 1)
    assert spec.valid_to == date(2025, 6, 30)


def test_lao_and_cambodian_codes_match_pycountry_and_names_are_in_their_script():
    assert {s.code for s in LA_PROVINCES} == _iso_codes("LA")
    assert {s.code for s in KH_PROVINCES} == _iso_codes("KH")
    lao = {s.name_en: s.name for s in LA_PROVINCES}
    khmer = {s.name_en: s.name for s in KH_PROVINCES}
    assert lao["Sekong"] == "ເຊກອງ"
    assert lao["Attapeu"] == "ອັດຕະປື"
    assert lao["Salavan"] == "ສາລະວັນ"
    assert lao["Champasak"] == "ຈຳປາສັກ"
    assert khmer["Svay Rieng"] == "ស្វាយរៀង"
    assert khmer["Kandal"] == "កណ្ដាល"
    assert khmer["Tbong Khmum"] == "ត្បូងឃ្មុំ"
    assert all("\u0e80" <= s.name[0] <= "\u0eff" for s in LA_PROVINCES)
    assert all("\u1780" <= s.name[0] <= "\u17ff" for s in KH_PROVINCES)


def test_border_provinces():
    areas = [s for s in all_areas() if s.kind != "district"]

    def bordering(country: str, neighbour: str, day: date) -> set[str]:
        return {
            s.name_en
            for s in areas
            if s.country == country and neighbour in s.borders and _valid_on(s, day)
        }

    assert len(bordering("VN", "LA", BEFORE)) == 10
    assert len(bordering("VN", "KH", BEFORE)) == 10
    assert len(bordering("LA", "VN", BEFORE)) == 10
    assert len(bordering("KH", "VN", BEFORE)) == 9
    assert bordering("VN", "LA", BEFORE) & bordering("VN", "KH", BEFORE) == {"Kon Tum"}
    # after the merger Quảng Bình is part of Quảng Trị, Kon Tum of Quảng Ngãi, …
    assert len(bordering("VN", "LA", AFTER)) == 9
    assert len(bordering("VN", "KH", AFTER)) == 8
    assert "Da Nang" in bordering("VN", "LA", AFTER)


def test_all_areas_lists_parents_and_successors_first_and_codes_once():
    seen: set[str] = set()
    for spec in all_areas():
        assert spec.code not in seen
        assert spec.parent is None or spec.parent in seen
        assert spec.successor is None or spec.successor in seen
        assert spec.kind in Area.Kind.values
        assert len(spec.code) <= Area._meta.get_field("code").max_length
        seen.add(spec.code)


def test_romanize_vi():
    assert romanize_vi("Đắk Lắk") == "Dak Lak"
    assert romanize_vi("Thừa Thiên Huế") == "Thua Thien Hue"


# --- Loading ----------------------------------------------------------------------------


def _provinces(country: str):
    return Area.objects.filter(country=country).exclude(kind=Area.Kind.DISTRICT)


@pytest.mark.django_db
def test_load_gives_63_provinces_before_and_34_after_the_merger():
    load_reference()
    assert _provinces("VN").valid_on(BEFORE).count() == 63
    assert _provinces("VN").valid_on(AFTER).count() == 34
    assert _provinces("LA").valid_on(AFTER).count() == 18
    assert _provinces("KH").valid_on(AFTER).count() == 25
    quang_nam = Area.objects.get(code="VN-27")
    assert quang_nam.successor.name == "Đà Nẵng"
    assert quang_nam.successor.code == "VN-2025-DN"
    assert Area.objects.get(code="VN-23").successor is None  # Hà Tĩnh is unchanged
    nam_giang = Area.objects.get(code="VN-27-NAMGIANG")
    assert nam_giang.parent == quang_nam
    assert Area.objects.get(code="LA-XE-LAMAM").parent.name == "ເຊກອງ"
    assert set(Country.objects.values_list("code", "name_local")) == {
        ("VN", "Việt Nam"),
        ("LA", "ສປປ ລາວ"),
        ("KH", "កម្ពុជា"),
    }
    assert _provinces("VN").valid_on(BEFORE).filter(borders="LA").count() == 10
    assert _provinces("VN").valid_on(AFTER).filter(borders="KH").count() == 8


@pytest.mark.django_db
def test_every_loaded_record_is_audited_and_a_second_load_writes_nothing():
    report = load_reference()
    assert report.created == {"countries": 3, "areas": len(all_areas())}
    events = AuditEvent.objects.filter(verb="reference_load")
    audited = set(events.filter(object_type="agencies.area").values_list("object_id", flat=True))
    assert audited == {str(pk) for pk in Area.objects.values_list("pk", flat=True)}
    kon_tum = events.get(
        object_type="agencies.area", object_id=str(Area.objects.get(code="VN-28").pk)
    )
    assert kon_tum.action == "create"
    assert kon_tum.changes["borders"] == [[], ["KH", "LA"]]
    assert kon_tum.changes["name"] == [None, "Kon Tum"]
    count = AuditEvent.objects.count()

    again = load_reference()

    assert not again.changed
    assert AuditEvent.objects.count() == count
    assert Area.objects.count() == len(all_areas())
    assert verify_trail()[1] == []


@pytest.mark.django_db
def test_reload_repairs_a_changed_record_and_audits_the_repair():
    load_reference()
    Area.objects.filter(code="VN-27").update(name="Quang Nam (typo)", successor=None)
    Area.objects.get(code="VN-28").borders.clear()

    report = load_reference()

    assert report.updated == {"areas": 2}
    quang_nam = Area.objects.get(code="VN-27")
    assert quang_nam.name == "Quảng Nam"
    assert quang_nam.successor.code == "VN-2025-DN"
    assert set(Area.objects.get(code="VN-28").borders.values_list("code", flat=True)) == {
        "LA",
        "KH",
    }
    repair = AuditEvent.objects.filter(verb="reference_load", action="update").order_by("seq")
    assert repair.count() == 2
    assert repair[0].changes["name"] == ["Quang Nam (typo)", "Quảng Nam"]
    assert repair[1].changes["borders"] == [[], ["KH", "LA"]]


@pytest.mark.django_db
def test_load_reference_command():
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "3 countries created" in out.getvalue()
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert out.getvalue().strip() == "Reference data: nothing to change."
