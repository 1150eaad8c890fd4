"""/api/v1/users/ and /api/v1/users/me/: the scoped directory and user administration."""

from __future__ import annotations

from liaison.agencies.models import Role, User
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import UserFactory
from liaison.core.testing.scope import assert_scoped

API = "/api/v1"
JSON = "application/json"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- users --------------------------------------------------------------------------------


def test_user_list_is_scoped(cast):
    url = f"{API}/users/"
    outsider_sees = ids(cast.client_for(cast.outsider).get(url))
    assert outsider_sees == {cast.outsider.pk}
    vn_sees = ids(cast.client_for(cast.vn_officer).get(url))
    assert cast.la_officer.pk in vn_sees  # partner agency's liaison officer
    assert cast.la_auditor.pk not in vn_sees  # Lao ministry is not a partner
    assert cast.outsider.pk not in vn_sees
    assert_scoped(
        cast,
        f"{url}{cast.la_officer.pk}/",
        allowed=[cast.vn_officer, cast.la_auditor, cast.platform_admin],
        denied=[cast.outsider],
    )
    assert_scoped(
        cast,
        f"{url}{cast.outsider.pk}/",
        allowed=[cast.outsider],
        denied=[cast.vn_officer, cast.la_officer, cast.vn_admin],
    )


def test_user_filters_and_shape(cast):
    client = cast.client_for(cast.vn_officer)
    url = f"{API}/users/"
    assert ids(client.get(url, {"role": "liaison_officer"})) == {cast.la_officer.pk}
    assert ids(client.get(url, {"agency": cast.nam_giang.pk})) == {cast.vn_district_officer.pk}
    assert ids(client.get(url, {"q": "ສົມພອນ"})) == {cast.la_officer.pk}
    body = client.get(f"{url}{cast.la_officer.pk}/").json()
    assert body["full_name"] == "ສົມພອນ ແກ້ວມະນີ"
    assert body["roles"] == ["liaison_officer"]
    assert body["agency"] == cast.sekong.pk
    assert "password" not in body and "totp_secret" not in body


def test_user_list_query_count_is_flat(cast, django_assert_max_num_queries):
    client = cast.client_for(cast.vn_officer)
    client.get(f"{API}/users/")
    for n in range(30):
        UserFactory(agency=cast.nam_giang, roles=[Role.OFFICER, Role.ANALYST], username=f"u{n}")
    # session, user, roles, scope version, count, page, roles of the page
    with django_assert_max_num_queries(7):
        response = client.get(f"{API}/users/")
    assert response.json()["count"] >= 30


def test_me(cast):
    client = cast.client_for(cast.la_officer)
    body = client.get(f"{API}/users/me/").json()
    assert body["username"] == "la_officer"
    assert body["roles"] == ["liaison_officer"]
    response = client.patch(
        f"{API}/users/me/",
        {
            "phone": "+856 20 5555",
            "language": "en",
            "roles": ["agency_admin"],
            "agency": cast.kh_add.pk,
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    cast.la_officer.refresh_from_db()
    assert cast.la_officer.phone == "+856 20 5555"
    assert cast.la_officer.language == "en"
    # read-only fields are ignored, not applied
    assert cast.la_officer.agency == cast.sekong
    assert not cast.la_officer.role_assignments.filter(role="agency_admin").exists()
    assert AuditEvent.objects.get(verb="user_update").actor_id == cast.la_officer.pk
    bad = client.patch(f"{API}/users/me/", {"language": "fr"}, content_type=JSON)
    assert bad.status_code == 400
    assert list(bad.json()) == ["language"]


def new_user(**overrides) -> dict:
    return {
        "username": "qnam_new",
        "full_name": "Lê Văn Cường",
        "email": "cuong@example.org",
        "password": "a-long-passphrase-42",
        "roles": ["officer", "supervisor"],
        **overrides,
    }


def test_agency_admin_creates_users_in_own_subtree(cast):
    client = cast.client_for(cast.vn_admin)
    response = client.post(f"{API}/users/", new_user(agency=cast.nam_giang.pk), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["roles"] == ["officer", "supervisor"]
    assert "password" not in body
    created = User.objects.get(username="qnam_new")
    assert created.agency == cast.nam_giang
    assert created.check_password("a-long-passphrase-42")
    event = AuditEvent.objects.get(verb="user_create")
    assert event.actor_id == cast.vn_admin.pk
    assert event.changes["roles"] == [[], ["officer", "supervisor"]]


def test_user_create_errors(cast):
    client = cast.client_for(cast.vn_admin)
    url = f"{API}/users/"
    no_agency = client.post(url, new_user(), content_type=JSON)
    assert no_agency.status_code == 400
    assert list(no_agency.json()) == ["agency"]
    null_agency = client.post(url, new_user(agency=None), content_type=JSON)
    assert list(null_agency.json()) == ["agency"]
    # the Cambodian agency is out of scope: it "does not exist"
    hidden = client.post(url, new_user(agency=cast.kh_add.pk), content_type=JSON)
    assert hidden.status_code == 400
    assert list(hidden.json()) == ["agency"]
    # the partner agency is visible but not administered by them
    partner = client.post(url, new_user(agency=cast.sekong.pk), content_type=JSON)
    assert partner.status_code == 403
    bad_role = client.post(
        url, new_user(agency=cast.quang_nam.pk, roles=["king"]), content_type=JSON
    )
    assert bad_role.status_code == 400
    assert "roles" in bad_role.json()
    weak = client.post(url, new_user(agency=cast.quang_nam.pk, password="123"), content_type=JSON)
    assert weak.status_code == 400
    assert list(weak.json()) == ["password"]
    duplicate = client.post(
        url, new_user(agency=cast.quang_nam.pk, username="vn_officer"), content_type=JSON
    )
    assert duplicate.status_code == 400
    assert list(duplicate.json()) == ["username"]
    assert not User.objects.filter(username="qnam_new").exists()
    assert not AuditEvent.objects.filter(verb="user_create").exists()


def test_officers_cannot_create_users(cast):
    response = cast.client_for(cast.vn_officer).post(
        f"{API}/users/", new_user(agency=cast.quang_nam.pk), content_type=JSON
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="qnam_new").exists()


def test_agency_admin_updates_only_users_they_administer(cast):
    client = cast.client_for(cast.vn_admin)
    response = client.patch(
        f"{API}/users/{cast.vn_district_officer.pk}/",
        {"roles": ["officer", "analyst"], "position": "Đội trưởng"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["roles"] == ["analyst", "officer"]
    assert cast.vn_district_officer.role_assignments.count() == 2
    event = AuditEvent.objects.get(verb="user_update")
    assert event.changes["roles"] == [["officer"], ["analyst", "officer"]]
    # visible but someone else's (partner, ministry), or invisible: all 404
    for other in (cast.la_officer, cast.vn_auditor, cast.outsider):
        refused = client.patch(f"{API}/users/{other.pk}/", {"position": "x"}, content_type=JSON)
        assert refused.status_code == 404, other.username
    # moving a user out of their subtree is refused by the service
    moved = client.patch(
        f"{API}/users/{cast.vn_officer.pk}/", {"agency": cast.c04.pk}, content_type=JSON
    )
    assert moved.status_code == 403
    cast.vn_officer.refresh_from_db()
    assert cast.vn_officer.agency == cast.quang_nam
    # passwords are not changed here
    password = client.patch(
        f"{API}/users/{cast.vn_officer.pk}/",
        {"password": "another-long-one-42"},
        content_type=JSON,
    )
    assert password.status_code == 400
    assert list(password.json()) == ["password"]


def test_platform_admin_updates_anyone(cast):
    response = cast.client_for(cast.platform_admin).patch(
        f"{API}/users/{cast.outsider.pk}/", {"is_active": False}, content_type=JSON
    )
    assert response.status_code == 200
    cast.outsider.refresh_from_db()
    assert not cast.outsider.is_active


def test_plain_users_cannot_update_others(cast):
    response = cast.client_for(cast.vn_officer).patch(
        f"{API}/users/{cast.vn_district_officer.pk}/", {"position": "x"}, content_type=JSON
    )
    assert response.status_code == 403
