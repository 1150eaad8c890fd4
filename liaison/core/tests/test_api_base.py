"""The API's shared behaviour: JSON errors, languages, OpenAPI schema and offline docs."""

from __future__ import annotations

import re
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from rest_framework import exceptions

from liaison.core.api.errors import to_api_exception


def assert_json(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- errors -------------------------------------------------------------------------------


def test_service_errors_map_to_drf_errors_with_field_names():
    mapped = to_api_exception(ValidationError({"parent": "wrong country", "__all__": "no"}))
    assert isinstance(mapped, exceptions.ValidationError)
    assert mapped.detail == {"parent": ["wrong country"], "non_field_errors": ["no"]}
    unkeyed = to_api_exception(ValidationError("plain"))
    assert unkeyed.detail == {"non_field_errors": ["plain"]}
    denied = to_api_exception(PermissionDenied("Only admins."))
    assert isinstance(denied, exceptions.PermissionDenied)
    assert str(denied.detail) == "Only admins."


def test_malformed_json_is_a_400(cast):
    client = cast.client_for(cast.platform_admin)
    response = client.post("/api/v1/agencies/", "{not json", content_type="application/json")
    assert "detail" in assert_json(response, 400)


def test_unknown_url_under_api_is_404_json(cast):
    client = cast.client_for(cast.vn_officer)
    assert_json(client.get("/api/v1/no-such-thing/"), 404)
    assert_json(client.get("/api/v2/agencies/"), 404)


def test_unknown_id_and_non_numeric_id_are_404_json(cast):
    client = cast.client_for(cast.vn_officer)
    assert_json(client.get("/api/v1/agencies/987654/"), 404)
    assert_json(client.get("/api/v1/agencies/not-a-number/"), 404)
    assert_json(client.get("/api/v1/users/987654/"), 404)


def test_wrong_method_is_405_json(cast):
    client = cast.client_for(cast.platform_admin)
    assert_json(client.delete(f"/api/v1/agencies/{cast.quang_nam.pk}/"), 405)
    assert_json(client.post("/api/v1/countries/", {}), 405)


def test_anonymous_requests_are_refused_with_json(db, client):
    assert_json(client.get("/api/v1/agencies/"), 401)


def test_a_session_still_owing_its_second_factor_does_not_open_the_api(cast):
    client = cast.client_for(cast.vn_officer)
    session = client.session
    session["liaison_2fa_pending"] = True
    session.save()
    assert_json(client.get("/api/v1/users/me/"), 401)


def test_role_refusal_is_403_with_the_service_message(cast):
    client = cast.client_for(cast.vn_officer)
    body = assert_json(
        client.patch(
            f"/api/v1/agencies/{cast.quang_nam.pk}/", {"name": "x"}, content_type="application/json"
        ),
        403,
    )
    assert body["detail"]


# --- languages ----------------------------------------------------------------------------


def test_accept_language_chooses_the_message_language(cast):
    client = cast.client_for(cast.vn_supervisor)  # profile language: English
    vietnamese = client.get("/api/v1/agencies/987654/", HTTP_ACCEPT_LANGUAGE="vi")
    assert assert_json(vietnamese, 404) == {"detail": "Không tìm thấy."}
    assert vietnamese["Content-Language"] == "vi"
    english = client.get("/api/v1/agencies/987654/", HTTP_ACCEPT_LANGUAGE="en")
    assert assert_json(english, 404) == {"detail": "Not found."}


def test_without_accept_language_the_users_profile_language_is_used(cast):
    # the site default is Vietnamese; vn_supervisor's profile says English
    assert cast.vn_supervisor.language == "en"
    response = cast.client_for(cast.vn_supervisor).get("/api/v1/agencies/987654/")
    assert assert_json(response, 404) == {"detail": "Not found."}
    assert response["Content-Language"] == "en"
    # and a Vietnamese-speaking officer gets Vietnamese
    response = cast.client_for(cast.vn_officer).get("/api/v1/agencies/987654/")
    assert assert_json(response, 404) == {"detail": "Không tìm thấy."}


def test_token_clients_get_their_profile_language_too(cast, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=cast.la_officer)  # profile language: Lao
    response = client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response["Content-Language"] == "lo"


def test_permission_messages_are_translated(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.get("/api/v1/audit-events/", HTTP_ACCEPT_LANGUAGE="vi")
    body = assert_json(response, 403)
    assert response["Content-Language"] == "vi"
    assert body["detail"]


# --- OpenAPI ------------------------------------------------------------------------------


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    # --fail-on-warn turns any warning or error of the generator into a CommandError
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(target),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    schema = target.read_text()
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/countries/",
        "/api/v1/areas/",
        "/api/v1/agencies/{id}/contacts/",
        "/api/v1/partnerships/",
        "/api/v1/users/me/",
        "/api/v1/audit-events/",
        "/api/v1/audit-events/verify/",
    ]:
        assert f"  {path}:" in schema, path


def test_schema_is_served(db, client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/agencies/" in response.json()["paths"]


def test_docs_are_served_offline(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert assets, "the docs page should load the vendored Swagger UI"
    for asset in assets:
        assert asset.startswith("/static/"), asset
    assert not re.search(r"""["'](?:https?:)?//""", html), "no absolute URL to another host"
    assert '"validatorUrl": null' in html


def test_a_viewset_that_routes_no_write_refuses_it_with_405(cast):
    """Writes only go through services: a viewset without one does not save unaudited."""
    from rest_framework.test import APIRequestFactory, force_authenticate

    from liaison.agencies.api.serializers import AgencySerializer
    from liaison.agencies.models import Agency
    from liaison.core.api.viewsets import ScopedModelViewSet

    class NoServiceViewSet(ScopedModelViewSet):
        queryset = Agency.objects.all()
        serializer_class = AgencySerializer

    before = Agency.objects.count()
    request = APIRequestFactory().post(
        "/api/v1/x/",
        {"code": "x-1", "name": "X", "kind": "ministry", "level": "central", "country": "VN"},
        format="json",
    )
    force_authenticate(request, user=cast.platform_admin)
    response = NoServiceViewSet.as_view({"post": "create"})(request)
    assert response.status_code == 405
    assert Agency.objects.count() == before
