import pytest
from django.db import connection

from liaison.core.audit.services import Action, audit_record
from liaison.core.audit.verify import verify_trail
from liaison.core.models import AppendOnlyError, AuditEvent


def _write(cast, n=3):
    for i in range(n):
        audit_record(
            actor=cast.vn_officer,
            action=Action.UPDATE,
            object_type="x",
            object_id=i,
            changes={"name": ["a", f"b{i}"]},
        )


def test_chain_verifies(cast):
    _write(cast)
    checked, problems = verify_trail()
    assert checked == AuditEvent.objects.count() >= 3
    assert problems == []


def test_orm_refuses_update_and_delete(cast):
    _write(cast, 1)
    event = AuditEvent.objects.first()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="read")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        event.delete()
    event.action = "read"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_tampered_row_is_named(cast):
    _write(cast, 5)
    target = AuditEvent.objects.order_by("seq")[2]
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET object_repr = 'forged' WHERE id = %s", [target.pk])
    _, problems = verify_trail()
    assert problems[0].seq == target.seq
    assert problems[0].kind == "tampered"


def test_missing_row_is_named(cast):
    _write(cast, 5)
    target = AuditEvent.objects.order_by("seq")[2]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    _, problems = verify_trail()
    assert problems[0].seq == target.seq
    assert problems[0].kind == "missing"


def test_truncated_tail_is_named(cast):
    _write(cast, 3)
    last = AuditEvent.objects.order_by("-seq").first()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    _, problems = verify_trail()
    assert problems[0].kind == "truncated"
    assert problems[0].seq == last.seq


def test_event_carries_country_of_actor(cast):
    event = audit_record(actor=cast.la_officer, action=Action.READ, object_type="t", object_id=1)
    assert event.country == "LA"
    assert event.agency_id == cast.sekong.pk


def test_batch_of_events_is_chained_like_single_events(cast):
    from liaison.core.audit.services import audit_record_many

    audit_record(actor=cast.vn_officer, action=Action.CREATE, object_type="x", object_id=1)
    before = AuditEvent.objects.count()
    written = audit_record_many(
        actor=cast.vn_officer,
        verb="batch_test",
        events=[
            {"action": Action.UPDATE, "object_type": "x", "object_id": i, "changes": {"n": i}}
            for i in range(3)
        ],
    )
    assert written == 3
    rows = list(AuditEvent.objects.order_by("seq")[before:])
    assert [r.object_id for r in rows] == ["0", "1", "2"]
    assert {r.country for r in rows} == {"VN"}
    assert rows[1].prev_hash == rows[0].hash
    checked, problems = verify_trail()
    assert problems == [] and checked == before + 3
