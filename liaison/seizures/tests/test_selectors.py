"""Ledger reads: who sees which incident, the filter's scope, export rows, the ARQ sums.

`build_ledger(cast)` is the small ledger the ledger's page, API and export tests share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from liaison.agencies.models import Area
from liaison.cases.models import CaseParticipant, JointCase
from liaison.core.sharing import SharingLevel
from liaison.registry.tests.helpers import make_person
from liaison.seizures import selectors
from liaison.seizures.exports_shape import LEDGER_FIELDS
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.models import Incident
from liaison.seizures.tests.factories import AreaFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@dataclass
class Ledger:
    quang_nam_area: Area
    nam_giang_area: Area
    sekong_area: Area
    case: JointCase
    qn1: Incident  # Quảng Nam, agency level, case 522H, a registry person arrested
    qn2: Incident  # Quảng Nam, national, 2023
    ng1: Incident  # Nam Giang (below Quảng Nam), agency level
    se1: Incident  # Sekong, agency level, case 522H
    kh1: Incident  # Cambodia, agency level
    cancelled: Incident


def build_ledger(cast) -> Ledger:
    vn, la, kh = cast.quang_nam.country, cast.sekong.country, cast.kh_add.country
    qn = AreaFactory(
        country=vn, code="VN-27", name="Quảng Nam", name_en="Quang Nam",
        valid_to=date(2025, 6, 30),
    )  # fmt: skip
    ng = AreaFactory(
        country=vn, code="VN-27-NG", name="Nam Giang", kind=Area.Kind.DISTRICT, parent=qn
    )
    sk = AreaFactory(country=la, code="LA-XE", name="ເຊກອງ", name_en="Sekong")
    rk = AreaFactory(country=kh, code="KH-16", name="រតនគិរី", name_en="Ratanakiri")
    case = JointCase.objects.create(code="522H", title="Đường dây 522H", lead_agency=cast.quang_nam)
    CaseParticipant.objects.create(case=case, agency=cast.quang_nam)
    CaseParticipant.objects.create(case=case, agency=cast.sekong)
    person = make_person(cast.quang_nam, "P-1", names=["Nguyễn Văn Tèo"], sharing="agency")
    agency_level = SharingLevel.AGENCY
    qn1 = IncidentFactory(
        ref="QN-1",
        agency=cast.quang_nam,
        province=qn,
        district=ng,
        occurred_on=date(2024, 3, 15),
        sharing=agency_level,
        case=case,
        origin="MM",
        transit="LA",
        destination="VN",
        place="Cửa khẩu Nam Giang",
        items=[("meth_tablets", 20000, "tablets"), ("heroin", "1.5", "kg")],
        arrests=[("LA", 1), {"nationality": "VN", "count": 1, "person": person}],
    )
    qn2 = IncidentFactory(
        ref="QN-2",
        agency=cast.quang_nam,
        province=qn,
        occurred_on=date(2023, 6, 1),
        modus="post",
        items=[("cannabis_herb", "10", "kg")],
    )
    ng1 = IncidentFactory(
        ref="NG-1",
        agency=cast.nam_giang,
        province=qn,
        district=ng,
        occurred_on=date(2024, 5, 1),
        sharing=agency_level,
        items=[("ketamine", "500", "g")],
    )
    se1 = IncidentFactory(
        ref="SE-1",
        agency=cast.sekong,
        province=sk,
        occurred_on=date(2024, 4, 2),
        sharing=agency_level,
        case=case,
        items=[("meth_crystal", "110", "kg")],
        arrests=[("LA", 2)],
    )
    kh1 = IncidentFactory(
        ref="KH-1",
        agency=cast.kh_add,
        province=rk,
        occurred_on=date(2024, 2, 2),
        sharing=agency_level,
        items=[("heroin", "2", "kg")],
    )
    cancelled = IncidentFactory(
        ref="QN-X",
        agency=cast.quang_nam,
        province=qn,
        occurred_on=date(2024, 3, 1),
        cancelled_at=timezone.now(),
        cancel_reason="Entered twice",
    )
    return Ledger(qn, ng, sk, case, qn1, qn2, ng1, se1, kh1, cancelled)


@pytest.fixture
def ledger(cast) -> Ledger:
    return build_ledger(cast)


def _refs(user, **params) -> list[str]:
    flt = LedgerFilter.from_params(params)
    return [i.ref for i in selectors.ledger_incidents(user=user, flt=flt)]


def test_each_user_sees_own_subtree_national_and_case_incidents(cast, ledger):
    assert _refs(cast.vn_officer) == ["NG-1", "SE-1", "QN-1", "QN-2"]
    # the Lao partner sees the joint case's Vietnamese incident, not the national one
    assert _refs(cast.la_officer) == ["SE-1", "QN-1"]
    assert _refs(cast.vn_district_officer) == ["NG-1", "QN-2"]
    assert _refs(cast.outsider) == ["KH-1"]
    assert len(_refs(cast.platform_admin)) == 5


def test_filter_narrows_by_drug_date_and_province(cast, ledger):
    assert _refs(cast.vn_officer, drug="heroin") == ["QN-1"]
    assert _refs(cast.vn_officer, **{"from": "2024-04-01"}) == ["NG-1", "SE-1"]
    assert _refs(cast.vn_officer, province=str(ledger.sekong_area.pk)) == ["SE-1"]
    assert _refs(cast.vn_officer, modus="post") == ["QN-2"]


def test_a_filter_naming_an_invisible_case_is_404(cast, ledger):
    flt = LedgerFilter.from_params({"case": str(ledger.case.pk)})
    selectors.check_filter_scope(user=cast.la_officer, flt=flt)
    with pytest.raises(Http404):
        selectors.check_filter_scope(user=cast.outsider, flt=flt)
    with pytest.raises(Http404):
        selectors.check_filter_scope(user=cast.vn_district_officer, flt=flt)


def test_incident_get_is_404_out_of_scope(cast, ledger):
    assert selectors.incident_get(user=cast.la_officer, pk=ledger.qn1.pk) == ledger.qn1
    with pytest.raises(Http404):
        selectors.incident_get(user=cast.outsider, pk=ledger.qn1.pk)
    with pytest.raises(Http404):
        selectors.incident_get(user=cast.la_officer, pk=ledger.qn2.pk)


def test_ledger_page_costs_a_fixed_number_of_queries(cast, ledger, django_assert_num_queries):
    for n in range(10):
        IncidentFactory(
            ref=f"MORE-{n}", agency=cast.quang_nam, province=ledger.quang_nam_area, items=[
                ("heroin", "1", "kg"), ("opium", "2", "kg")
            ]
        )  # fmt: skip
    flt = LedgerFilter()
    # the scope's version token, the rows (visible-case subquery inside), the items
    with django_assert_num_queries(3):
        rows = list(selectors.ledger_incidents(user=cast.vn_officer, flt=flt)[:50])
        summary = [(r.agency.name, r.province.name, [i.drug for i in r.items.all()]) for r in rows]
    assert len(summary) == 14


def _rows(user, **params) -> list[dict]:
    flt = LedgerFilter.from_params(params)
    return [
        dict(zip(LEDGER_FIELDS, row, strict=True))
        for row in selectors.ledger_item_rows(user=user, flt=flt, chunk_size=2)
    ]


def test_export_rows_one_per_item_and_case_codes_only_when_visible(cast, ledger):
    rows = _rows(cast.vn_officer)
    assert [(r["ref"], r["drug"]) for r in rows] == [
        ("QN-2", "cannabis_herb"),
        ("QN-1", "meth_tablets"),
        ("QN-1", "heroin"),
        ("SE-1", "meth_crystal"),
        ("NG-1", "ketamine"),
    ]
    assert rows[1]["case_code"] == "522H"
    assert rows[1]["kg"] == Decimal("2")  # 20,000 tablets x 0.1 g
    assert rows[1]["province"] == "Quảng Nam" and rows[1]["district"] == "Nam Giang"
    assert selectors.ledger_row_count(user=cast.vn_officer, flt=LedgerFilter()) == 5
    # the case is hidden from an agency that does not take part, the incident is not
    Incident.objects.filter(pk=ledger.qn2.pk).update(case=ledger.case)
    district_rows = _rows(cast.vn_district_officer)
    assert {r["ref"]: r["case_code"] for r in district_rows}["QN-2"] == ""


def test_export_rows_filtered_by_drug_list_only_that_drug(cast, ledger):
    rows = _rows(cast.vn_officer, drug="heroin")
    assert [(r["ref"], r["drug"]) for r in rows] == [("QN-1", "heroin")]
    assert (
        selectors.ledger_row_count(
            user=cast.vn_officer, flt=LedgerFilter.from_params({"drug": "heroin"})
        )
        == 1
    )


def test_export_rows_keep_an_incident_without_items(cast, ledger):
    IncidentFactory(
        ref="ARREST-ONLY",
        agency=cast.quang_nam,
        province=ledger.quang_nam_area,
        items=[],
        arrests=[("VN", 3)],
    )
    row = next(r for r in _rows(cast.vn_officer) if r["ref"] == "ARREST-ONLY")
    assert row["drug"] is None and row["arrested"] == 3


def test_arq_aggregates_count_incidents_once_per_drug(cast, ledger):
    IncidentFactory(
        ref="QN-3",
        agency=cast.quang_nam,
        province=ledger.quang_nam_area,
        occurred_on=date(2024, 7, 1),
        items=[("heroin", "500", "g"), ("heroin", "1", "kg")],
    )
    cases, quantities = selectors.arq_aggregates(user=cast.vn_officer, flt=LedgerFilter())
    assert (2024, "heroin", 2) in cases  # QN-1 and QN-3 (two heroin items, one case)
    heroin = {(u, q) for y, d, u, q, _k in quantities if (y, d) == (2024, "heroin")}
    assert heroin == {("kg", Decimal("2.5")), ("g", Decimal("500"))}
    # the Cambodian heroin is not in the Vietnamese officer's roll-up
    outsider_cases, _ = selectors.arq_aggregates(user=cast.outsider, flt=LedgerFilter())
    assert outsider_cases == [(2024, "heroin", 1)]


def test_recording_agencies_and_linkable_cases(cast, ledger):
    agencies = set(selectors.recording_agencies(user=cast.vn_officer))
    assert agencies == {cast.quang_nam, cast.nam_giang}
    assert list(selectors.cases_of_agencies(agency_ids=[cast.sekong.pk])) == [ledger.case]
    assert not selectors.cases_of_agencies(agency_ids=[cast.nam_giang.pk]).exists()


def test_areas_follow_country_parent_and_date(cast, ledger):
    assert list(selectors.areas(country="VN")) == [ledger.quang_nam_area]
    assert list(selectors.areas(country="VN", on=date(2025, 8, 1))) == []
    assert list(selectors.areas(country="", parent_id=ledger.quang_nam_area.pk)) == [
        ledger.nam_giang_area
    ]
