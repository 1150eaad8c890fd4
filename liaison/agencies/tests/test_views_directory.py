"""The agency directory pages: scoped lists and details, the tree, partner agencies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.agencies.models import Agency, HotlineContact
from liaison.core.testing.factories import AgencyFactory, PartnershipFactory, UserFactory
from liaison.core.testing.scope import assert_scoped

L = Agency.Level


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are compared in English (the default language is Vietnamese)."""
    settings.LANGUAGE_CODE = "en"


def _names_in_order(html: str, names: list[str]) -> list[int]:
    return [html.index(name) for name in names]


# --- Agency list -----------------------------------------------------------------------


def test_agency_list_shows_own_country_and_partners_only(cast):
    html = cast.client_for(cast.vn_officer).get(reverse("agency_list")).content.decode()
    for agency in (
        cast.vn_ministry,
        cast.c04,
        cast.quang_nam,
        cast.nam_giang,
        cast.sekong,
        cast.lamam,
    ):
        assert agency.name in html
    # Laos above the partner (Sekong) is not part of a Vietnamese officer's directory,
    # nor is the Cambodian outsider.
    assert cast.la_ministry.name not in html
    assert cast.la_drug_dept.name not in html
    assert cast.kh_add.name not in html


def test_agency_list_for_the_outsider_is_their_own_country(cast):
    html = cast.client_for(cast.outsider).get(reverse("agency_list")).content.decode()
    assert cast.kh_add.name in html
    assert cast.quang_nam.name not in html
    assert cast.sekong.name not in html


def test_agency_list_reads_as_the_national_tree(cast):
    # A sibling whose name sorts before Quảng Nam must still come after Nam Giang,
    # which belongs under Quảng Nam.
    AgencyFactory(name="Công an tỉnh An Giang", country=cast.quang_nam.country, parent=cast.c04)
    response = cast.client_for(cast.vn_officer).get(reverse("agency_list"))
    html = response.content.decode()
    positions = _names_in_order(
        html,
        [
            cast.vn_ministry.name,
            cast.c04.name,
            "Công an tỉnh An Giang",
            cast.quang_nam.name,
            cast.nam_giang.name,
        ],
    )
    assert positions == sorted(positions)
    depths = {row.agency.pk: row.depth for row in response.context["rows"]}
    assert depths[cast.vn_ministry.pk] == 0
    assert depths[cast.c04.pk] == 1
    assert depths[cast.quang_nam.pk] == 2
    assert depths[cast.nam_giang.pk] == 3
    # the partner's chain is cut where the viewer's directory ends
    assert depths[cast.sekong.pk] == 0
    assert depths[cast.lamam.pk] == 1


def test_agency_list_filters_by_country_level_and_search(cast):
    client = cast.client_for(cast.vn_officer)

    def listed(**params):
        response = client.get(reverse("agency_list"), params)
        return {row.agency.pk for row in response.context["rows"]}

    assert listed(country="LA") == {cast.sekong.pk, cast.lamam.pk}
    assert listed(level=L.DISTRICT) == {cast.nam_giang.pk, cast.lamam.pk}
    assert listed(q="Nam Giang") == {cast.nam_giang.pk}
    assert listed(q="Sekong Provincial") == {cast.sekong.pk}  # English name searched too
    # a country outside the viewer's scope is not a valid choice: no filter applied,
    # and still nothing Cambodian shown
    assert cast.kh_add.pk not in listed(country="KH")


def test_filtered_agency_list_shows_where_each_agency_sits(cast):
    html = (
        cast.client_for(cast.vn_officer)
        .get(reverse("agency_list"), {"level": L.DISTRICT})
        .content.decode()
    )
    # the breadcrumb above Nam Giang names its chain of command
    assert f"{cast.c04.name} › {cast.quang_nam.name}" in html


def test_agency_list_is_paginated(cast):
    for i in range(55):
        AgencyFactory(
            name=f"Đồn biên phòng {i:02d}",
            country=cast.quang_nam.country,
            parent=cast.quang_nam,
            level=L.BORDER,
            kind=Agency.Kind.BORDER_POST,
        )
    client = cast.client_for(cast.vn_officer)
    first = client.get(reverse("agency_list"))
    assert len(first.context["rows"]) == 50
    second = client.get(reverse("agency_list"), {"page": 2})
    assert len(second.context["rows"]) == 55 + 6 - 50
    shown = {r.agency.pk for r in first.context["rows"]} | {
        r.agency.pk for r in second.context["rows"]
    }
    assert len(shown) == 61


def test_agency_list_query_count_does_not_grow_with_agencies(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    client.get(reverse("agency_list"))  # warm the session and the scope cache
    for i in range(40):
        parent = AgencyFactory(
            name=f"Tỉnh {i:02d}", country=cast.quang_nam.country, parent=cast.c04
        )
        AgencyFactory(
            name=f"Trạm {i:02d}", country=cast.quang_nam.country, parent=parent, level=L.DISTRICT
        )
    # session, user, roles (navbar), agency tree (2, reloaded after the inserts), scope
    # token (4: access.get_tree checks it on each call), countries, names, ancestor
    # names, page: 13 whatever the number of agencies.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("agency_list"), {"q": "Trạm"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 40


def test_directory_needs_login(cast):
    response = cast.client_for(None).get(reverse("agency_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Agency detail ---------------------------------------------------------------------


def test_agency_detail_is_scoped(cast):
    assert_scoped(
        cast,
        reverse("agency_detail", args=[cast.quang_nam.pk]),
        allowed=[
            cast.vn_officer,
            cast.vn_district_officer,
            cast.la_officer,
            cast.vn_auditor,
            cast.platform_admin,
        ],
        denied=[cast.outsider],
    )
    assert_scoped(
        cast,
        reverse("agency_detail", args=[cast.kh_add.pk]),
        allowed=[cast.outsider, cast.platform_admin],
        denied=[cast.vn_officer, cast.la_officer],
    )
    # a missing agency answers the same 404 as a hidden one
    assert (
        cast.client_for(cast.vn_officer).get(reverse("agency_detail", args=[999999])).status_code
        == 404
    )


def test_agency_detail_shows_chain_sub_units_partnerships_and_contacts(cast):
    HotlineContact.objects.create(
        agency=cast.quang_nam, channel="phone", value="+84 235 000 111", label="Đường dây nóng PCMT"
    )
    response = cast.client_for(cast.vn_district_officer).get(
        reverse("agency_detail", args=[cast.quang_nam.pk])
    )
    html = response.content.decode()
    assert cast.quang_nam.name in html and cast.quang_nam.name_en in html
    assert [a.pk for a in response.context["ancestors"]] == [cast.vn_ministry.pk, cast.c04.pk]
    assert [c.pk for c in response.context["children"]] == [cast.nam_giang.pk]
    assert [p.pk for p in response.context["partnerships"]] == [cast.partnership.pk]
    assert "+84 235 000 111" in html and "Đường dây nóng PCMT" in html
    # an officer does not administer the agency above them: no user list
    assert not response.context["may_administer"]
    assert cast.vn_officer.username not in html
    # the Lao partner sees Quảng Nam and its contacts, but not the Vietnamese chain above
    partner_view = cast.client_for(cast.la_officer).get(
        reverse("agency_detail", args=[cast.quang_nam.pk])
    )
    assert partner_view.context["ancestors"] == []
    assert "+84 235 000 111" in partner_view.content.decode()
    assert [p.pk for p in partner_view.context["partnerships"]] == [cast.partnership.pk]


def test_partner_agency_detail_hides_the_partners_chain_above_it(cast):
    response = cast.client_for(cast.vn_officer).get(reverse("agency_detail", args=[cast.sekong.pk]))
    assert response.status_code == 200
    assert response.context["ancestors"] == []
    assert cast.la_drug_dept.name not in response.content.decode()


def test_agency_detail_lists_users_for_their_administrator(cast):
    admin_view = cast.client_for(cast.vn_admin).get(
        reverse("agency_detail", args=[cast.quang_nam.pk])
    )
    assert admin_view.context["may_administer"]
    assert {u.pk for u in admin_view.context["users"]} == {
        cast.vn_officer.pk,
        cast.vn_supervisor.pk,
        cast.vn_admin.pk,
    }
    assert reverse("contact_add", args=[cast.quang_nam.pk]) in admin_view.content.decode()
    # the agency admin of Quảng Nam does not administer the ministry above it
    above = cast.client_for(cast.vn_admin).get(reverse("agency_detail", args=[cast.vn_ministry.pk]))
    assert not above.context["may_administer"]
    officer_view = cast.client_for(cast.vn_officer).get(
        reverse("agency_detail", args=[cast.quang_nam.pk])
    )
    assert not officer_view.context["may_administer"]
    assert reverse("contact_add", args=[cast.quang_nam.pk]) not in officer_view.content.decode()


def test_names_keep_their_script(cast):
    html = (
        cast.client_for(cast.la_officer)
        .get(reverse("agency_detail", args=[cast.sekong.pk]))
        .content.decode()
    )
    assert "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບແຂວງເຊກອງ" in html


# --- Partner agencies ------------------------------------------------------------------


def test_partner_list_groups_partners_by_level_with_contacts(cast):
    HotlineContact.objects.create(
        agency=cast.sekong, channel="mobile", value="+856 20 555 0101", languages="lo, vi"
    )
    border_post = AgencyFactory(
        name="ດ່ານຊາຍແດນ", country=cast.sekong.country, level=L.BORDER, kind=Agency.Kind.BLO
    )
    PartnershipFactory(parties=[cast.quang_nam, border_post])
    response = cast.client_for(cast.vn_officer).get(reverse("partner_list"))
    html = response.content.decode()
    assert [a.pk for a in response.context["page_obj"].object_list] == [
        cast.sekong.pk,
        border_post.pk,
    ]
    assert "+856 20 555 0101" in html
    # the provincial group comes before the border group
    assert html.index(cast.sekong.name) < html.index("ດ່ານຊາຍແດນ")
    assert str(Agency.Level.PROVINCIAL.label) in html
    assert str(Agency.Level.BORDER.label) in html
    # not the Vietnamese side, not the outsider
    assert cast.nam_giang.name not in html
    assert cast.kh_add.name not in html


def test_partner_list_of_the_outsider_is_empty(cast):
    response = cast.client_for(cast.outsider).get(reverse("partner_list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []
    assert cast.sekong.name not in response.content.decode()


def test_partner_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    client.get(reverse("partner_list"))
    for i in range(25):
        partner = AgencyFactory(name=f"Partner {i}", country=cast.sekong.country)
        HotlineContact.objects.create(agency=partner, channel="phone", value=f"+856 {i}")
        PartnershipFactory(parties=[cast.quang_nam, partner])
    # session, user, scope token, tree, count, page, contacts (prefetch)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("partner_list"))
    assert len(response.context["page_obj"].object_list) == 26


# --- Partnerships ----------------------------------------------------------------------


def test_partnership_pages_are_scoped(cast):
    assert_scoped(
        cast,
        reverse("partnership_detail", args=[cast.partnership.pk]),
        allowed=[cast.vn_officer, cast.la_officer, cast.vn_auditor, cast.platform_admin],
        denied=[cast.outsider],
    )
    html = cast.client_for(cast.outsider).get(reverse("partnership_list")).content.decode()
    assert cast.partnership.name not in html
    html = cast.client_for(cast.la_officer).get(reverse("partnership_list")).content.decode()
    assert cast.partnership.name in html
    assert cast.quang_nam.name in html and cast.sekong.name in html


def test_partnership_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    client.get(reverse("partnership_list"))
    for i in range(20):
        PartnershipFactory(
            name=f"P {i}", parties=[cast.quang_nam, AgencyFactory(country=cast.sekong.country)]
        )
    # session, user, roles, tree (2), scope token (3), count, page, parties (prefetch)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("partnership_list"))
    assert len(response.context["page_obj"].object_list) == 21


# --- User page -------------------------------------------------------------------------


def test_user_detail_is_scoped(cast):
    assert_scoped(
        cast,
        reverse("user_detail", args=[cast.vn_officer.pk]),
        allowed=[
            cast.vn_officer,
            cast.vn_supervisor,
            cast.la_officer,
            cast.vn_auditor,
            cast.platform_admin,
        ],
        denied=[cast.outsider],
    )
    assert_scoped(
        cast,
        reverse("user_detail", args=[cast.outsider.pk]),
        allowed=[cast.outsider, cast.platform_admin],
        denied=[cast.vn_officer, cast.la_officer, cast.vn_admin],
    )


def test_user_detail_shows_admin_actions_only_to_their_administrator(cast):
    url = reverse("user_detail", args=[cast.vn_officer.pk])
    html = cast.client_for(cast.vn_admin).get(url).content.decode()
    assert reverse("user_edit", args=[cast.vn_officer.pk]) in html
    assert reverse("user_password_reset", args=[cast.vn_officer.pk]) in html
    html = cast.client_for(cast.la_officer).get(url).content.decode()
    assert cast.vn_officer.full_name in html
    assert reverse("user_edit", args=[cast.vn_officer.pk]) not in html


@pytest.mark.parametrize("name", ["agency_list", "partner_list", "partnership_list"])
def test_directory_lists_open_for_every_signed_in_user(cast, name):
    user = UserFactory(agency=cast.nam_giang)
    assert cast.client_for(user).get(reverse(name)).status_code == 200
