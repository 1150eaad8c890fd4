"""Registry API: scoped CRUD through services, search, screening, merge and unmerge."""

from __future__ import annotations

import json

import pytest

from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.core.testing.scope import assert_scoped
from liaison.registry.models import Person
from liaison.registry.tests.helpers import LAO_NAME, make_person

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/registry/persons/"


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_detail_is_scoped_and_audited(cast):
    person = make_person(cast.sekong, "LA-1", birth_date="1980-05")
    url = f"{PERSONS}{person.pk}/"
    assert_scoped(cast, url, allowed=[cast.la_officer], denied=[cast.outsider, cast.vn_officer])
    data = cast.client_for(cast.la_officer).get(url).json()
    assert data["names"][0] == {
        "text": LAO_NAME,
        "kind": "primary",
        "script": data["names"][0]["script"],
    }
    assert data["birth_date"] == "1980-05" and data["owner_agency"] == cast.sekong.code
    # one read by assert_scoped's allowed user, one above; denied users read nothing
    reads = AuditEvent.objects.filter(verb="registry.person_read", object_id=str(person.pk))
    assert reads.count() == 2
    assert set(reads.values_list("actor_id", flat=True)) == {cast.la_officer.pk}


def test_search_across_scripts_with_filters_and_pinned_queries(cast, django_assert_max_num_queries):
    lao = make_person(cast.sekong, "LA-1", sharing=SharingLevel.PARTNERS, status=["wanted"])
    for n in range(10):
        make_person(cast.quang_nam, f"VN-{n}", names=[f"Trần Văn Số{n}"], nationalities=["VN"])
    client = cast.client_for(cast.vn_officer)
    data = client.get(PERSONS, {"q": "bouaphan inthalat"}).json()
    assert [p["id"] for p in data["results"]] == [lao.pk]
    data = client.get(PERSONS, {"status": "wanted"}).json()
    assert [p["ref"] for p in data["results"]] == ["LA-1"]
    data = client.get(PERSONS, {"nationality": "VN"}).json()
    assert len(data["results"]) == 10
    assert client.get(PERSONS, {"status": "nonsense"}).status_code == 400
    with django_assert_max_num_queries(8):
        data = client.get(PERSONS).json()
    assert len(data["results"]) == 11
    assert cast.client_for(cast.outsider).get(PERSONS).json()["results"] == []


def test_create_update_through_services(cast):
    client = cast.client_for(cast.vn_officer)
    response = post(
        client,
        PERSONS,
        {
            "ref": "VN-1",
            "names": ["Trần Văn Hải", {"text": "TRAN VAN HAI", "kind": "romanization"}],
            "birth_date": "1975-03",
            "nationalities": ["VN"],
            "documents": [{"type": "passport", "number": "C 123 456", "country": "VN"}],
            "status": ["subject"],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["owner_agency"] == cast.quang_nam.code
    assert [n["kind"] for n in data["names"]] == ["primary", "romanization"]
    person = Person.objects.get(pk=data["id"])

    response = client.patch(
        f"{PERSONS}{person.pk}/",
        json.dumps({"status": ["wanted"], "warrant_ref": "W-9"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ["wanted"]
    assert response.json()["names"][0]["text"] == "Trần Văn Hải"  # untouched

    bad = post(client, PERSONS, {"ref": "VN-2", "names": ["Lê Mai"], "birth_date": "2024-02-30"})
    assert bad.status_code == 400 and "birth_date" in bad.json()
    bad = post(client, PERSONS, {"ref": "VN-1", "names": ["Lê Mai"]})
    assert bad.status_code == 400 and "ref" in bad.json()
    refused = post(cast.client_for(cast.vn_auditor), PERSONS, {"ref": "X", "names": ["Lê Mai"]})
    assert refused.status_code == 403
    # someone else's record is not there at all
    foreign = make_person(cast.sekong, "LA-1")
    response = client.patch(
        f"{PERSONS}{foreign.pk}/", json.dumps({"notes": "x"}), content_type="application/json"
    )
    assert response.status_code == 404


def test_merge_and_unmerge(cast):
    keep = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"])
    dup = make_person(cast.quang_nam, "VN-2", names=["TRAN VAN HAI"])
    hidden = make_person(cast.sekong, "LA-1")
    client = cast.client_for(cast.vn_officer)
    url = f"{PERSONS}{dup.pk}/merge/"
    assert post(client, url, {"into": keep.pk, "reason": ""}).status_code == 400
    response = post(client, url, {"into": hidden.pk, "reason": "same"})
    assert response.status_code == 400 and "into" in response.json()
    response = post(client, url, {"into": keep.pk, "reason": "Same passport photo"})
    assert response.status_code == 200 and response.json()["merged_into"] == keep.pk
    # merged records leave the list
    refs = [p["ref"] for p in client.get(PERSONS).json()["results"]]
    assert refs == ["VN-1"]
    response = post(client, f"{PERSONS}{dup.pk}/unmerge/", {"reason": "Different fathers"})
    assert response.status_code == 200 and response.json()["merged_into"] is None
    outsider = cast.client_for(cast.outsider)
    assert post(outsider, f"{PERSONS}{dup.pk}/unmerge/", {"reason": "x"}).status_code == 404


def test_screen_returns_candidates_and_hits_only(cast):
    visible = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], birth_date="1975")
    make_person(cast.sekong, "LA-DISC", discoverable=True)
    client = cast.client_for(cast.vn_officer)
    response = post(
        client,
        f"{PERSONS}screen/",
        {
            "records": [
                {"ref": "a", "names": ["Hai Tran Van"], "birth_date": "1975"},
                {"ref": "b", "names": ["Bouaphanh Inthalath"]},
                "not a record",
            ],
            "top": 3,
        },
    )
    assert response.status_code == 200, response.content
    a, b, odd = response.json()["results"]
    assert a["ref"] == "a" and a["candidates"][0]["id"] == visible.pk
    assert a["candidates"][0]["explanation"]
    assert b["candidates"] == []
    assert b["hits"] == [{"held_by": {"code": cast.sekong.code, "name": cast.sekong.name}}]
    assert "LA-DISC" not in response.content.decode()
    assert odd["candidates"] == [] and odd["hits"] == []
    assert post(client, f"{PERSONS}screen/", {"records": []}).status_code == 400


def test_openapi_schema_includes_the_registry(cast):
    response = cast.client_for(cast.vn_officer).get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/registry/persons/screen/" in body
    assert "/api/v1/registry/persons/{id}/merge/" in body
