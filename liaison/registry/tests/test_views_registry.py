"""Registry pages: list and search, a person's file, a new person, screening."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.core.testing.scope import assert_scoped
from liaison.registry.models import Person
from liaison.registry.tests.helpers import LAO_NAME, jsonl, make_person

pytestmark = pytest.mark.django_db

LIST = reverse("registry_persons")


def test_search_meets_names_across_scripts_and_diacritics(cast):
    lao = make_person(cast.sekong, "LA-1", sharing=SharingLevel.PARTNERS)
    viet = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], birth_date="1975")
    make_person(cast.quang_nam, "VN-2", names=["Lê Thị Mai"])
    client = cast.client_for(cast.vn_officer)

    response = client.get(LIST, {"q": "Bouaphanh Inthalath"})
    assert list(response.context["page_obj"].object_list) == [lao]
    assert LAO_NAME in response.content.decode()  # shown as written

    response = client.get(LIST, {"q": "TRAN VAN HAI"})
    assert list(response.context["page_obj"].object_list) == [viet]
    response = client.get(LIST, {"q": "hai tran"})  # word order does not matter
    assert list(response.context["page_obj"].object_list) == [viet]
    response = client.get(LIST, {"q": "VN-2"})
    assert [p.ref for p in response.context["page_obj"].object_list] == ["VN-2"]


def test_filters_by_status_and_nationality(cast):
    make_person(cast.quang_nam, "VN-W", names=["Trần Văn Hải"], status=["wanted"])
    make_person(cast.quang_nam, "VN-L", names=["Lê Văn Tám"], nationalities=["LA"])
    make_person(cast.quang_nam, "VN-0", names=["Phạm Văn Đồng"])
    client = cast.client_for(cast.vn_officer)
    response = client.get(LIST, {"status": "wanted"})
    assert [p.ref for p in response.context["page_obj"].object_list] == ["VN-W"]
    response = client.get(LIST, {"nationality": "LA"})
    assert [p.ref for p in response.context["page_obj"].object_list] == ["VN-L"]


def test_list_is_scoped_and_paginated_with_pinned_queries(cast, django_assert_max_num_queries):
    for n in range(30):
        make_person(
            cast.quang_nam, f"VN-{n:02d}", names=[f"Nguyễn Văn Số{n}"], nationalities=["VN"]
        )
    make_person(cast.sekong, "LA-HIDDEN")
    client = cast.client_for(cast.vn_officer)
    client.get(LIST)  # warm the session and caches
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    page = response.context["page_obj"]
    assert page.paginator.count == 30 and len(page.object_list) == 25
    assert "LA-HIDDEN" not in response.content.decode()
    response = cast.client_for(cast.outsider).get(LIST)
    assert response.context["page_obj"].paginator.count == 0


def test_person_detail_is_scoped_and_audited(cast):
    person = make_person(
        cast.sekong,
        "LA-1",
        names=[LAO_NAME, "BOUAPHAN INTHALAT"],
        documents=[{"type": "passport", "number": "P1234567", "country": "LA"}],
        status=["ringleader"],
    )
    url = reverse("registry_person", args=[person.pk])
    assert_scoped(cast, url, allowed=[cast.la_officer], denied=[cast.outsider, cast.vn_officer])
    reads = AuditEvent.objects.filter(verb="registry.person_read", object_id=str(person.pk))
    assert reads.count() == 1 and reads.get().action == AuditEvent.Action.READ
    body = cast.client_for(cast.la_officer).get(url).content.decode()
    assert LAO_NAME in body and "BOUAPHAN INTHALAT" in body and "P1234567" in body


def test_person_detail_shows_only_linked_messages_the_viewer_sees(cast):
    from liaison.exchange.models import MessageLink
    from liaison.exchange.services import message_compose

    person = make_person(cast.quang_nam, "VN-1", sharing=SharingLevel.NATIONAL)
    message = message_compose(
        actor=cast.vn_officer,
        send=True,
        recipients=[cast.c04.pk],
        kind="request",
        priority="normal",
        subject="Who is this courier?",
        body="Please check.",
        handling_code="H0",
    )
    MessageLink.objects.create(
        message=message,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        created_by=cast.vn_officer,
    )
    url = reverse("registry_person", args=[person.pk])
    assert "Who is this courier?" in cast.client_for(cast.vn_officer).get(url).content.decode()
    # the district officer sees the person (national) but not the message
    body = cast.client_for(cast.vn_district_officer).get(url).content.decode()
    assert "Who is this courier?" not in body


def _new_person(**extra):
    data = {
        "ref": "VN-NEW",
        "primary_name": "Bouaphanh Inthalath",
        "aliases": "",
        "birth_date": "1980",
        "sex": "",
        "sharing": "agency",
        "handling_code": "H0",
        "top": 5,
    }
    data.update(extra)
    return data


def test_create_shows_possible_existing_records_before_saving(cast):
    existing = make_person(cast.sekong, "LA-1", birth_date="1980-05-12", sharing="partners")
    client = cast.client_for(cast.vn_officer)
    url = reverse("registry_person_create")
    response = client.post(url, _new_person())
    assert response.status_code == 200
    assert not Person.objects.filter(ref="VN-NEW").exists()
    body = response.content.decode()
    assert reverse("registry_person", args=[existing.pk]) in body
    assert "Open this record instead" in body and LAO_NAME in body

    response = client.post(url, _new_person(confirm="1"))
    created = Person.objects.get(ref="VN-NEW")
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry_person", args=[created.pk]
    )
    assert created.owner_agency == cast.quang_nam


def test_create_without_candidates_saves_at_once_and_reports_bad_fields(cast):
    client = cast.client_for(cast.vn_officer)
    url = reverse("registry_person_create")
    response = client.post(url, _new_person(birth_date="2024-02-30"))
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"]
    assert not Person.objects.exists()
    response = client.post(url, _new_person())
    assert response.status_code == 302
    assert Person.objects.get().ref == "VN-NEW"
    assert cast.client_for(cast.vn_auditor).get(url).status_code == 403


def test_screening_pasted_lines_ranks_candidates_and_shows_hits(cast):
    visible = make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], birth_date="1975")
    make_person(cast.sekong, "LA-DISC", discoverable=True)
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        reverse("registry_screen"),
        {"lines": "TRAN VAN HAI; 1975\nBouaphanh Inthalath; 1980", "top": 5},
    )
    assert response.status_code == 200
    first, second = response.context["results"]
    assert [c["id"] for c in first["candidates"]] == [visible.pk]
    assert first["candidates"][0]["messages"]  # the explanation
    assert second["candidates"] == []
    [hit] = second["hits"]
    assert hit["held_by"]["code"] == cast.sekong.code
    body = response.content.decode()
    assert "LA-DISC" not in body and LAO_NAME not in body  # never the hidden record
    assert "A possible match is held by" in body

    compose = client.get(hit["compose_url"])
    form = compose.context["form"]
    assert form.initial["kind"] == "verification"
    assert form.initial["recipients"] == [cast.sekong.pk]
    assert "Bouaphanh Inthalath" in form.initial["body"]


def test_screening_a_jsonl_file_and_exporting_csv(cast):
    person = make_person(cast.sekong, "LA-1", birth_date="1980")
    client = cast.client_for(cast.la_officer)
    upload = SimpleUploadedFile(
        "list.jsonl",
        jsonl({"ref": "q1", "names": ["Bouaphanh Inthalath"], "birth_date": "1980"}, {"x": 1}),
    )
    response = client.post(reverse("registry_screen"), {"file": upload, "top": 5})
    results = response.context["results"]
    assert [c["id"] for c in results[0]["candidates"]] == [person.pk]
    assert results[1]["candidates"] == []

    records = response.context["records_json"]
    export = client.post(reverse("registry_screen_export"), {"records": records, "top": 5})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "input_ref"
    assert rows[1][0] == "q1" and rows[1][4] == "LA-1" and rows[1][2] in {"match", "possible"}
    assert rows[2][2] == "none"
    assert AuditEvent.objects.filter(
        verb="registry.persons_screen_export", action=AuditEvent.Action.EXPORT
    ).exists()
    assert json.loads(records)[0]["ref"] == "q1"


def test_screening_rejects_empty_input_and_unknown_formats(cast):
    client = cast.client_for(cast.vn_officer)
    response = client.post(reverse("registry_screen"), {"lines": "  ", "top": 5})
    assert response.context["form"].non_field_errors()
    upload = SimpleUploadedFile("list.pdf", b"%PDF")
    response = client.post(reverse("registry_screen"), {"file": upload, "top": 5})
    assert response.context["form"].errors["file"]
    assert response.context["results"] is None
