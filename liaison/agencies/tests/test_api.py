"""/api/v1/ countries, areas, agencies (+contacts) and partnerships, for the cast.

Users are in test_api_users.py."""

from __future__ import annotations

from datetime import date

import pytest

from liaison.agencies.models import Agency, Area, HotlineContact, Partnership
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import AgencyFactory
from liaison.core.testing.scope import assert_scoped

API = "/api/v1"
JSON = "application/json"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


# --- countries and areas ------------------------------------------------------------------


def test_countries_are_reference_data(cast):
    response = cast.client_for(cast.outsider).get(f"{API}/countries/")
    assert codes(response) == {"VN", "LA", "KH"}
    detail = cast.client_for(cast.outsider).get(f"{API}/countries/LA/")
    assert detail.json()["name_local"] == "ສປປ ລາວ"
    assert cast.client_for(None).get(f"{API}/countries/").status_code == 401


@pytest.fixture
def areas(cast):
    vn, la = cast.quang_nam.country, cast.sekong.country
    old = Area.objects.create(
        country=vn,
        code="VN-QNA",
        kind=Area.Kind.PROVINCE,
        name="Quảng Nam",
        valid_to=date(2025, 6, 30),
    )
    new = Area.objects.create(
        country=vn,
        code="VN-DNA",
        kind=Area.Kind.MUNICIPALITY,
        name="Đà Nẵng",
        valid_from=date(2025, 7, 1),
    )
    old.successor = new
    old.save()
    district = Area.objects.create(
        country=vn,
        code="VN-QNA-NGI",
        kind=Area.Kind.DISTRICT,
        name="Nam Giang",
        parent=old,
        valid_to=date(2025, 6, 30),
    )
    sekong = Area.objects.create(
        country=la, code="LA-XE", kind=Area.Kind.PROVINCE, name="ເຊກອງ", name_en="Sekong"
    )
    return {"old": old, "new": new, "district": district, "sekong": sekong}


def test_area_filters(cast, areas):
    client = cast.client_for(cast.vn_officer)
    url = f"{API}/areas/"
    assert codes(client.get(url, {"country": "la"})) == {"LA-XE"}
    assert codes(client.get(url, {"kind": "district"})) == {"VN-QNA-NGI"}
    assert codes(client.get(url, {"parent": areas["old"].pk})) == {"VN-QNA-NGI"}
    assert codes(client.get(url, {"country": "VN", "valid_on": "2025-01-01"})) == {
        "VN-QNA",
        "VN-QNA-NGI",
    }
    assert codes(client.get(url, {"country": "VN", "valid_on": "2025-07-01"})) == {"VN-DNA"}
    old = client.get(f"{url}{areas['old'].pk}/").json()
    assert old["successor"] == areas["new"].pk
    bad = client.get(url, {"valid_on": "not-a-date"})
    assert bad.status_code == 400
    assert "valid_on" in bad.json()


def test_area_list_query_count_is_flat(cast, areas, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    for n in range(30):
        Area.objects.create(
            country=cast.sekong.country,
            code=f"LA-D{n}",
            kind=Area.Kind.DISTRICT,
            name=f"D{n}",
            parent=areas["sekong"],
        )
    # session, user, count, page
    with django_assert_max_num_queries(4):
        assert len(codes(client.get(f"{API}/areas/"))) == 34


# --- agencies -----------------------------------------------------------------------------


def test_agency_list_is_scoped(cast):
    vn_sees = ids(cast.client_for(cast.vn_officer).get(f"{API}/agencies/"))
    vn_country = {cast.vn_ministry.pk, cast.c04.pk, cast.quang_nam.pk, cast.nam_giang.pk}
    partner_subtree = {cast.sekong.pk, cast.lamam.pk}
    assert vn_sees == vn_country | partner_subtree
    assert ids(cast.client_for(cast.outsider).get(f"{API}/agencies/")) == {cast.kh_add.pk}
    everything = ids(cast.client_for(cast.platform_admin).get(f"{API}/agencies/"))
    assert everything == set(Agency.objects.values_list("pk", flat=True))


def test_agency_detail_is_scoped(cast):
    assert_scoped(
        cast,
        f"{API}/agencies/{cast.quang_nam.pk}/",
        allowed=[cast.vn_officer, cast.la_officer, cast.vn_district_officer, cast.platform_admin],
        denied=[cast.outsider],
    )
    assert_scoped(
        cast,
        f"{API}/agencies/{cast.kh_add.pk}/",
        allowed=[cast.outsider, cast.platform_admin],
        denied=[cast.vn_officer, cast.la_officer, cast.vn_auditor],
    )
    # the Lao ministry is not a partner of Quảng Nam's chain
    assert_scoped(
        cast,
        f"{API}/agencies/{cast.la_ministry.pk}/",
        allowed=[cast.la_officer],
        denied=[cast.vn_officer],
    )


def test_agency_filters(cast):
    client = cast.client_for(cast.vn_officer)
    url = f"{API}/agencies/"
    assert ids(client.get(url, {"country": "LA"})) == {cast.sekong.pk, cast.lamam.pk}
    assert ids(client.get(url, {"level": "district"})) == {cast.nam_giang.pk, cast.lamam.pk}
    assert ids(client.get(url, {"kind": "ministry"})) == {cast.vn_ministry.pk}
    assert ids(client.get(url, {"parent": cast.quang_nam.pk})) == {cast.nam_giang.pk}
    assert ids(client.get(url, {"q": "c04"})) == {cast.c04.pk}
    assert ids(client.get(url, {"q": "Sekong"})) == {cast.sekong.pk}
    # a filter never reveals what is out of scope
    assert ids(client.get(url, {"parent": cast.la_ministry.pk})) == set()
    assert ids(client.get(url, {"country": "KH"})) == set()
    assert client.get(url, {"level": "galactic"}).status_code == 400


def test_agency_list_query_count_is_flat(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    client.get(f"{API}/agencies/")  # warm the scope cache
    for n in range(40):
        AgencyFactory(country=cast.quang_nam.country, parent=cast.quang_nam, code=f"extra-{n}")
    client.get(f"{API}/agencies/")  # the tree changed: reload it once
    # session, user, scope version (twice: get_scope and ids_visible), count, page
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/agencies/")
    assert response.json()["count"] == 46


def test_platform_admin_creates_and_updates_agencies_audited(cast):
    client = cast.client_for(cast.platform_admin)
    payload = {
        "code": "vn-taygiang-police",
        "name": "Công an huyện Tây Giang",
        "kind": "district_police",
        "level": "district",
        "country": "VN",
        "parent": cast.quang_nam.pk,
    }
    response = client.post(f"{API}/agencies/", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    created = Agency.objects.get(code="vn-taygiang-police")
    assert response.json()["id"] == created.pk
    assert created.parent == cast.quang_nam
    event = AuditEvent.objects.get(verb="agency_create")
    assert event.actor_id == cast.platform_admin.pk
    assert event.object_id == str(created.pk)

    response = client.patch(
        f"{API}/agencies/{created.pk}/", {"short_name": "CA Tây Giang"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["short_name"] == "CA Tây Giang"
    event = AuditEvent.objects.get(verb="agency_update")
    assert event.changes["short_name"] == ["", "CA Tây Giang"]
    # the new agency is in Quảng Nam's subtree at once
    assert created.pk in ids(cast.client_for(cast.vn_officer).get(f"{API}/agencies/"))


def test_agency_bad_input_names_the_field_and_writes_nothing(cast):
    client = cast.client_for(cast.platform_admin)
    before = Agency.objects.count()
    cross_border = client.post(
        f"{API}/agencies/",
        {
            "code": "x1",
            "name": "X",
            "kind": "district_police",
            "level": "district",
            "country": "VN",
            "parent": cast.sekong.pk,
        },
        content_type=JSON,
    )
    assert cross_border.status_code == 400
    assert list(cross_border.json()) == ["parent"]
    missing = client.post(f"{API}/agencies/", {"name": "X"}, content_type=JSON)
    assert missing.status_code == 400
    assert {"code", "kind", "level", "country"} <= set(missing.json())
    cycle = client.patch(
        f"{API}/agencies/{cast.quang_nam.pk}/", {"parent": cast.nam_giang.pk}, content_type=JSON
    )
    assert cycle.status_code == 400
    assert list(cycle.json()) == ["parent"]
    assert Agency.objects.count() == before
    cast.quang_nam.refresh_from_db()
    assert cast.quang_nam.parent == cast.c04
    assert not AuditEvent.objects.filter(verb__startswith="agency_").exists()


def test_only_platform_admins_write_agencies(cast):
    for user in (cast.vn_admin, cast.vn_officer, cast.outsider):
        client = cast.client_for(user)
        created = client.post(
            f"{API}/agencies/",
            {"code": "x2", "name": "X", "kind": "ministry", "level": "central", "country": "VN"},
            content_type=JSON,
        )
        assert created.status_code == 403
        changed = client.patch(
            f"{API}/agencies/{cast.quang_nam.pk}/", {"name": "X"}, content_type=JSON
        )
        assert changed.status_code == 403
    assert not Agency.objects.filter(code="x2").exists()


# --- contact points -----------------------------------------------------------------------


def test_contacts_list_is_scoped(cast):
    HotlineContact.objects.create(agency=cast.sekong, channel="phone", value="+856 38 211 000")
    url = f"{API}/agencies/{cast.sekong.pk}/contacts/"
    assert_scoped(cast, url, allowed=[cast.vn_officer, cast.la_officer], denied=[cast.outsider])
    rows = cast.client_for(cast.vn_officer).get(url).json()["results"]
    assert [r["value"] for r in rows] == ["+856 38 211 000"]


def test_agency_admin_adds_contacts_to_own_agency_only(cast):
    client = cast.client_for(cast.vn_admin)
    own = client.post(
        f"{API}/agencies/{cast.quang_nam.pk}/contacts/",
        {"channel": "phone", "value": "+84 235 3852 000", "label": "Đường dây nóng"},
        content_type=JSON,
    )
    assert own.status_code == 201, own.content
    assert own.json()["agency"] == cast.quang_nam.pk
    assert AuditEvent.objects.filter(verb="contact_add", actor=cast.vn_admin).count() == 1
    # a sub-unit is theirs too
    sub = client.post(
        f"{API}/agencies/{cast.nam_giang.pk}/contacts/",
        {"channel": "fax", "value": "+84 235 1"},
        content_type=JSON,
    )
    assert sub.status_code == 201
    # the partner agency is visible but not theirs
    partner = client.post(
        f"{API}/agencies/{cast.sekong.pk}/contacts/",
        {"channel": "phone", "value": "1"},
        content_type=JSON,
    )
    assert partner.status_code == 403
    # an officer may not, and the outsider's agency does not exist for them
    officer = cast.client_for(cast.vn_officer).post(
        f"{API}/agencies/{cast.quang_nam.pk}/contacts/",
        {"channel": "phone", "value": "1"},
        content_type=JSON,
    )
    assert officer.status_code == 403
    hidden = client.post(
        f"{API}/agencies/{cast.kh_add.pk}/contacts/",
        {"channel": "phone", "value": "1"},
        content_type=JSON,
    )
    assert hidden.status_code == 404
    bad = client.post(
        f"{API}/agencies/{cast.quang_nam.pk}/contacts/", {"channel": "pigeon"}, content_type=JSON
    )
    assert bad.status_code == 400
    assert {"channel", "value"} <= set(bad.json())
    assert HotlineContact.objects.count() == 2


# --- partnerships -------------------------------------------------------------------------


def test_partnerships_are_scoped(cast):
    url = f"{API}/partnerships/"
    for user in (cast.vn_officer, cast.vn_district_officer, cast.la_officer):
        assert ids(cast.client_for(user).get(url)) == {cast.partnership.pk}
    assert ids(cast.client_for(cast.outsider).get(url)) == set()
    assert_scoped(
        cast,
        f"{url}{cast.partnership.pk}/",
        allowed=[cast.vn_officer, cast.la_officer, cast.platform_admin],
        denied=[cast.outsider],
    )
    body = cast.client_for(cast.vn_officer).get(f"{url}{cast.partnership.pk}/").json()
    assert sorted(body["parties"]) == sorted([cast.quang_nam.pk, cast.sekong.pk])


def test_partnership_filters(cast):
    client = cast.client_for(cast.platform_admin)
    url = f"{API}/partnerships/"
    assert ids(client.get(url, {"party": cast.sekong.pk})) == {cast.partnership.pk}
    assert ids(client.get(url, {"party": cast.kh_add.pk})) == set()
    assert ids(client.get(url, {"kind": "trilateral"})) == set()


def test_platform_admin_creates_partnerships_audited(cast):
    client = cast.client_for(cast.platform_admin)
    response = client.post(
        f"{API}/partnerships/",
        {
            "code": "vn-kh",
            "name": "C04 – ADD",
            "kind": "bilateral",
            "parties": [cast.c04.pk, cast.kh_add.pk],
            "since": "2024-03-01",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    partnership = Partnership.objects.get(code="vn-kh")
    assert set(partnership.parties.all()) == {cast.c04, cast.kh_add}
    event = AuditEvent.objects.get(verb="partnership_create")
    assert event.changes["parties"] == [[], sorted([cast.c04.pk, cast.kh_add.pk])]
    # the outsider now sees C04 across the border
    assert cast.c04.pk in ids(cast.client_for(cast.outsider).get(f"{API}/agencies/"))

    update = client.patch(
        f"{API}/partnerships/{partnership.pk}/", {"active": False}, content_type=JSON
    )
    assert update.status_code == 200
    assert update.json()["active"] is False
    assert AuditEvent.objects.filter(verb="partnership_update").exists()


def test_partnership_within_one_country_is_refused(cast):
    client = cast.client_for(cast.platform_admin)
    response = client.post(
        f"{API}/partnerships/",
        {
            "code": "vn-vn",
            "name": "VN",
            "kind": "bilateral",
            "parties": [cast.c04.pk, cast.quang_nam.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    assert list(response.json()) == ["parties"]
    assert not Partnership.objects.filter(code="vn-vn").exists()


def test_only_platform_admins_write_partnerships(cast):
    response = cast.client_for(cast.vn_admin).post(
        f"{API}/partnerships/",
        {
            "code": "p",
            "name": "P",
            "kind": "bilateral",
            "parties": [cast.quang_nam.pk, cast.sekong.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 403
    response = cast.client_for(cast.la_officer).patch(
        f"{API}/partnerships/{cast.partnership.pk}/", {"active": False}, content_type=JSON
    )
    assert response.status_code == 403
    cast.partnership.refresh_from_db()
    assert cast.partnership.active


def test_partnership_list_query_count_is_flat(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.platform_admin)
    for n in range(15):
        p = Partnership.objects.create(code=f"p{n}", name=f"P{n}", kind="bilateral")
        p.parties.set([cast.c04, cast.sekong])
    client.get(f"{API}/partnerships/")
    # session, user, scope version, count, page, parties of the page
    with django_assert_max_num_queries(6):
        assert len(ids(client.get(f"{API}/partnerships/"))) == 16
