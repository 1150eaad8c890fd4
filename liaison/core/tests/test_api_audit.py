"""/api/v1/audit-events/: who reads which country's trail, filters, cursor, verify."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from liaison.core.audit.services import Action, audit_record
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped

URL = "/api/v1/audit-events/"


@pytest.fixture
def trail(cast):
    """Two Vietnamese and one Lao event (actors' agencies decide the country)."""
    with transaction.atomic():
        vn_update = audit_record(
            actor=cast.vn_officer, action=Action.UPDATE, obj=cast.quang_nam, verb="test_vn"
        )
        vn_read = audit_record(
            actor=cast.vn_supervisor, action=Action.READ, obj=cast.nam_giang, verb="test_vn"
        )
        la_update = audit_record(
            actor=cast.la_officer, action=Action.UPDATE, obj=cast.sekong, verb="test_la"
        )
    return {"vn_update": vn_update, "vn_read": vn_read, "la_update": la_update}


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_only_auditors_and_platform_admins_may_read(cast, trail):
    for user in (cast.vn_officer, cast.vn_admin, cast.la_officer, cast.outsider):
        response = cast.client_for(user).get(URL)
        assert response.status_code == 403, user.username
        assert response["Content-Type"].startswith("application/json")
        detail = cast.client_for(user).get(f"{URL}{trail['vn_update'].pk}/")
        assert detail.status_code == 403


def test_auditors_see_their_own_country_only(cast, trail):
    vn = {e["verb"] for e in results(cast.client_for(cast.vn_auditor).get(URL))}
    la = {e["verb"] for e in results(cast.client_for(cast.la_auditor).get(URL))}
    everything = results(cast.client_for(cast.platform_admin).get(URL))
    assert "test_vn" in vn and "test_la" not in vn
    assert "test_la" in la and "test_vn" not in la
    assert {"test_vn", "test_la"} <= {e["verb"] for e in everything}
    for event in results(cast.client_for(cast.vn_auditor).get(URL)):
        assert event["country"] == "VN"


def test_event_detail_is_scoped(cast, trail):
    assert_scoped(
        cast,
        f"{URL}{trail['la_update'].pk}/",
        allowed=[cast.la_auditor, cast.platform_admin],
        denied=[cast.vn_auditor],
    )
    assert_scoped(
        cast,
        f"{URL}{trail['vn_update'].pk}/",
        allowed=[cast.vn_auditor, cast.platform_admin],
        denied=[cast.la_auditor],
    )


def test_newest_first_with_cursor_pages(cast, trail):
    client = cast.client_for(cast.platform_admin)
    first = client.get(URL, {"page_size": 2}).json()
    seqs = [e["seq"] for e in first["results"]]
    assert seqs == sorted(seqs, reverse=True)
    assert len(seqs) == 2
    assert "count" not in first  # a cursor never counts a million rows
    assert first["next"] and "cursor=" in first["next"]
    second = client.get(first["next"]).json()
    assert second["results"][0]["seq"] < seqs[-1]


def test_filters(cast, trail):
    client = cast.client_for(cast.vn_auditor)

    def verbs_for(**params) -> list[tuple[str, str]]:
        return [(e["verb"], e["object_id"]) for e in results(client.get(URL, params))]

    assert verbs_for(action="read") == [("test_vn", str(cast.nam_giang.pk))]
    assert verbs_for(actor=cast.vn_officer.pk) == [("test_vn", str(cast.quang_nam.pk))]
    assert verbs_for(object_type="agencies.agency", object_id=cast.nam_giang.pk) == [
        ("test_vn", str(cast.nam_giang.pk))
    ]
    assert verbs_for(agency=cast.quang_nam.pk, action="update") == [
        ("test_vn", str(cast.quang_nam.pk))
    ]
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    assert verbs_for(since=future) == []
    assert len(verbs_for(until=future)) >= 2
    bad = client.get(URL, {"action": "explode"})
    assert bad.status_code == 400
    assert "action" in bad.json()


def test_list_query_count_does_not_grow_with_the_trail(cast, trail, django_assert_max_num_queries):
    client = cast.client_for(cast.platform_admin)
    client.get(URL)  # warm the scope cache
    with transaction.atomic():
        for _ in range(60):
            audit_record(actor=cast.vn_officer, action=Action.READ, obj=cast.quang_nam)
    # session, user, one page of events
    with django_assert_max_num_queries(3):
        assert len(results(client.get(URL))) == 50
    # an auditor adds their roles and the scope version check
    auditor = cast.client_for(cast.vn_auditor)
    with django_assert_max_num_queries(5):
        assert len(results(auditor.get(URL))) == 50


def test_verify_reports_an_intact_trail(cast, trail):
    for user in (cast.vn_auditor, cast.platform_admin):
        response = cast.client_for(user).get(f"{URL}verify/")
        assert response.status_code == 200
        body = response.json()
        assert body["problems"] == []
        assert body["checked"] == AuditEvent.objects.count()


def test_verify_names_a_tampered_row(cast, trail):
    seq = trail["vn_read"].seq
    with connection.cursor() as cursor:  # bypass the append-only ORM, as an attacker would
        cursor.execute(
            "UPDATE core_auditevent SET object_repr = %s WHERE seq = %s", ["forged", seq]
        )
    body = cast.client_for(cast.la_auditor).get(f"{URL}verify/").json()
    assert body["problems"][0] == {
        "seq": seq,
        "kind": "tampered",
        "detail": "content does not match its hash",
    }


def test_verify_is_refused_to_other_roles(cast, trail):
    assert cast.client_for(cast.vn_admin).get(f"{URL}verify/").status_code == 403
