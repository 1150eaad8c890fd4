"""The cases API: scope (404 JSON), writes through services, the case file, the schema."""

from __future__ import annotations

import json

from liaison.cases.models import CaseEvent, CaseTask, JointCase
from liaison.cases.tests.helpers import make_522h, make_case
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped


def post(client, path, data, method="post"):
    return getattr(client, method)(path, json.dumps(data), content_type="application/json")


def test_list_and_detail_are_scoped(cast, django_assert_max_num_queries):
    case = make_522h(cast)
    make_case(cast, code="B2")
    assert_scoped(cast, "/api/v1/cases/", allowed=[cast.vn_officer, cast.outsider], denied=[])
    assert_scoped(
        cast, f"/api/v1/cases/{case.pk}/", allowed=[cast.la_officer], denied=[cast.outsider]
    )
    assert_scoped(cast, "/api/v1/cases/tasks/", allowed=[cast.la_officer, cast.outsider], denied=[])
    assert cast.client_for(cast.outsider).get("/api/v1/cases/").json()["count"] == 0
    client = cast.client_for(cast.la_officer)
    client.get("/api/v1/cases/")
    with django_assert_max_num_queries(10):
        listing = client.get("/api/v1/cases/", {"country": "LA"}).json()
    assert listing["count"] == 2
    assert client.get("/api/v1/cases/", {"agency": "kh-add"}).json()["count"] == 0


def test_case_file_has_totals_per_phase_and_is_audited(cast):
    case = make_522h(cast)
    data = cast.client_for(cast.la_officer).get(f"/api/v1/cases/{case.pk}/").json()
    assert data["case"]["code"] == "522H"
    assert data["totals"]["kg"] == "210.000000" and data["totals"]["arrests"] == {"VN": 2, "LA": 2}
    assert [p["kg"] for p in data["phases"]] == ["110.000000", "100.000000"]
    assert AuditEvent.objects.filter(verb="cases.case_read", actor=cast.la_officer).exists()


def test_create_status_event_task_and_errors(cast):
    client = cast.client_for(cast.vn_officer)
    response = post(
        client,
        "/api/v1/cases/",
        {
            "code": "7A",
            "title": "t",
            "participants": ["la-sekong-police"],
            "proposed_on": "2024-04-01",
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["lead_agency"] == "vn-qnam-police"
    bad = post(
        client,
        "/api/v1/cases/",
        {"code": "7B", "title": "t", "participants": ["vn-namgiang-police"]},
    )
    assert bad.status_code == 400 and "participants" in bad.json()
    refused = post(
        client, f"/api/v1/cases/{pk}/status/", {"status": "established", "on": "2024-04-05"}
    )
    assert refused.status_code == 403
    ok = post(
        cast.client_for(cast.vn_supervisor),
        f"/api/v1/cases/{pk}/status/",
        {"status": "established", "on": "2024-04-05"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "established"
    event = post(
        client,
        f"/api/v1/cases/{pk}/events/",
        {"kind": "search", "occurred_on": "2024-05-01", "agency": "vn-qnam-police"},
    )
    assert event.status_code == 201 and CaseEvent.objects.filter(kind="search").exists()
    task = post(
        client, f"/api/v1/cases/{pk}/tasks/", {"agency": "la-sekong-police", "title": "Xác minh"}
    )
    assert task.status_code == 201
    done = post(
        cast.client_for(cast.la_officer),
        f"/api/v1/cases/{pk}/tasks/{task.json()['id']}/",
        {"status": "done"},
        "patch",
    )
    assert done.status_code == 200 and done.json()["completed_on"]
    outsider = post(
        cast.client_for(cast.outsider),
        f"/api/v1/cases/{pk}/tasks/",
        {"agency": "kh-add", "title": "x"},
    )
    assert outsider.status_code == 404 and outsider["Content-Type"].startswith("application/json")
    assert CaseTask.objects.count() == 1


def test_participants_and_messages(cast):
    from liaison.exchange.tests.helpers import send

    case = make_case(cast)
    client = cast.client_for(cast.vn_officer)
    assert (
        post(
            client, f"/api/v1/cases/{case.pk}/participants/", {"agency": "vn-namgiang-police"}
        ).status_code
        == 200
    )
    assert (
        client.delete(f"/api/v1/cases/{case.pk}/participants/vn-namgiang-police/").status_code
        == 204
    )
    assert client.delete(f"/api/v1/cases/{case.pk}/participants/vn-qnam-police/").status_code == 400
    message = send(cast)
    assert (
        post(client, f"/api/v1/cases/{case.pk}/messages/", {"message": message.pk}).status_code
        == 204
    )
    data = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert [m["id"] for m in data["messages"]] == [message.pk]
    assert (
        post(
            cast.client_for(cast.outsider),
            f"/api/v1/cases/{case.pk}/messages/",
            {"message": message.pk},
        ).status_code
        == 404
    )
    assert JointCase.objects.count() == 1


def test_schema_documents_the_cases_api(db, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in [
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/status/",
        "/api/v1/cases/{id}/tasks/{task_pk}/",
        "/api/v1/cases/tasks/",
    ]:
        assert path in schema["paths"], path
