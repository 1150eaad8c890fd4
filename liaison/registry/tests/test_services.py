"""Person services: keys stored, visibility, permissions, merge and unmerge, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from liaison.core.models import AuditEvent
from liaison.core.sharing import SharingLevel
from liaison.registry import selectors
from liaison.registry.models import NameKey, Person
from liaison.registry.services import (
    person_create,
    person_merge,
    person_unmerge,
    person_update,
)
from liaison.registry.tests.helpers import LAO_NAME, make_person

pytestmark = pytest.mark.django_db


def test_create_stores_names_as_written_keys_and_documents(cast):
    person = person_create(
        actor=cast.la_officer,
        owner_agency=cast.sekong,
        ref="LA-1",
        names=[LAO_NAME, {"text": "Bouaphanh Inthalath", "kind": "romanization"}],
        birth_date="1980-05",
        nationalities=["LA"],
        sex="M",
        documents=[{"type": "passport", "number": "p 123-456", "country": "LA"}],
        status=["wanted", "ringleader"],
    )
    names = list(person.names.order_by("position"))
    assert [(n.text, n.kind, n.script) for n in names] == [
        (LAO_NAME, "primary", "lao"),
        ("Bouaphanh Inthalath", "romanization", "latin"),
    ]
    assert names[0].keys["words"][0]["original"] == "ບົວພັນ"
    assert person.birth_date_text == "1980-05"
    assert person.status == ["ringleader", "wanted"]
    assert person.documents.get().number == "P123456"
    keys = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    assert "doc:P123456" in keys
    assert any(k.startswith("w:") and k.endswith("|1980") for k in keys)
    event = AuditEvent.objects.filter(verb="registry.person_create").get()
    assert event.actor == cast.la_officer
    assert event.changes["names"][1][0] == [LAO_NAME, "primary"]


def test_bad_values_name_the_field_and_write_nothing(cast):
    cases = [
        ({"names": []}, "names"),
        ({"birth_date": "2024-02-30"}, "birth_date"),
        ({"nationalities": ["ZZ"]}, "nationalities"),
        ({"names": ["ບົວພັນ ស៊ុន"]}, "names"),
        ({"sharing": "everyone"}, "sharing"),
    ]
    for values, field in cases:
        values = {"names": [LAO_NAME], **values}
        with pytest.raises(ValidationError) as caught:
            person_create(actor=cast.la_officer, owner_agency=cast.sekong, ref="X", **values)
        assert field in caught.value.message_dict, values
    assert not Person.objects.exists()
    assert not NameKey.objects.exists()


def test_only_writers_of_the_owner_chain_may_create(cast):
    with pytest.raises(PermissionDenied):
        person_create(actor=cast.vn_officer, owner_agency=cast.sekong, ref="A", names=["Hai"])
    with pytest.raises(PermissionDenied):
        person_create(actor=cast.la_auditor, owner_agency=cast.sekong, ref="A", names=["Hai"])
    # the provincial officer writes for the district below
    person_create(actor=cast.vn_officer, owner_agency=cast.nam_giang, ref="A", names=["Hai"])


def test_visibility_follows_sharing_and_outsider_gets_404(cast):
    agency_only = make_person(cast.sekong, "LA-1")
    partners = make_person(cast.sekong, "LA-2", sharing=SharingLevel.PARTNERS)
    seen = {
        user.username: set(selectors.persons_visible(user=user).values_list("ref", flat=True))
        for user in (cast.la_officer, cast.vn_officer, cast.outsider, cast.platform_admin)
    }
    assert seen["la_officer"] == {"LA-1", "LA-2"}
    assert seen["vn_officer"] == {"LA-2"}
    assert seen["outsider"] == set()
    assert seen["platform_admin"] == {"LA-1", "LA-2"}
    assert selectors.person_get(user=cast.vn_officer, pk=partners.pk) == partners
    for user in (cast.vn_officer, cast.outsider):
        with pytest.raises(Http404):
            selectors.person_get(user=user, pk=agency_only.pk)


def test_update_recomputes_keys_and_audits_the_diff(cast):
    person = make_person(cast.sekong, "LA-1")
    person_update(actor=cast.la_officer, person=person, names=["Somchai Phommachanh"])
    keys = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    assert not any("bua" in k for k in keys)
    assert any("pomacan" in k or "pomachan" in k or "poma" in k for k in keys)
    event = AuditEvent.objects.filter(verb="registry.person_update").get()
    assert "names" in event.changes


def test_merge_takes_the_duplicate_out_of_screening_and_unmerge_restores_it(cast):
    keep = make_person(cast.sekong, "LA-1")
    duplicate = make_person(cast.sekong, "LA-2", names=["Bouaphanh Inthalath"])
    with pytest.raises(ValidationError):
        person_merge(actor=cast.la_officer, person=duplicate, into=keep, reason=" ")
    person_merge(actor=cast.la_officer, person=duplicate, into=keep, reason="same passport")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert not NameKey.objects.filter(person=duplicate).exists()
    assert list(selectors.persons_visible(user=cast.la_officer)) == [keep]
    person_unmerge(actor=cast.la_officer, person=duplicate, reason="different fathers")
    assert NameKey.objects.filter(person=duplicate).exists()
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="registry.person_").values_list(
            "verb", flat=True
        )
    )
    assert "registry.person_merge" in verbs and "registry.person_unmerge" in verbs
