"""Cooperation writes: the validation rules, permissions, atomicity and audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.cooperation import services
from liaison.cooperation.models import (
    Activity,
    ActivityDocument,
    Agreement,
    AgreementText,
    Commitment,
    Conference,
    Delegation,
)
from liaison.cooperation.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ConferenceFactory,
)
from liaison.core.models import AuditEvent
from liaison.core.testing.factories import PartnershipFactory

PDF = b"%PDF-1.4\n% minutes\n"


@pytest.fixture
def private_storage(settings, tmp_path):
    """Uploads go to a temporary private storage, never the real one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def agreement_data(cast, **overrides) -> dict:
    data = {
        "kind": "minutes",
        "number": "01/BB",
        "title": "Biên bản hợp tác 2024",
        "parties": [cast.quang_nam, cast.sekong],
        "signed_on": date(2024, 1, 10),
        "valid_from": date(2024, 1, 1),
        "valid_to": date(2024, 12, 31),
    }
    return {**data, **overrides}


def audited(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


# --- agreements ---------------------------------------------------------------------------


def test_agreement_create_and_update_are_audited(cast):
    agreement = services.agreement_create(
        user=cast.vn_officer, partnership=cast.partnership, data=agreement_data(cast)
    )
    assert set(agreement.parties.all()) == {cast.quang_nam, cast.sekong}
    assert agreement.created_by == cast.vn_officer
    event = AuditEvent.objects.get(verb="cooperation.agreement_create")
    assert event.changes["parties"] == [None, sorted([cast.quang_nam.pk, cast.sekong.pk])]
    services.agreement_update(
        user=cast.la_officer, agreement=agreement, data={"title": "  Minutes 2024 "}
    )
    agreement.refresh_from_db()
    assert agreement.title == "Minutes 2024"
    event = AuditEvent.objects.get(verb="cooperation.agreement_update")
    assert event.changes == {"title": ["Biên bản hợp tác 2024", "Minutes 2024"]}


def test_agreement_parties_units_below_a_party_are_allowed(cast):
    agreement = services.agreement_create(
        user=cast.vn_officer,
        partnership=cast.partnership,
        data=agreement_data(cast, parties=[cast.nam_giang, cast.lamam]),
    )
    assert set(agreement.parties.all()) == {cast.nam_giang, cast.lamam}


@pytest.mark.parametrize(
    "parties, field",
    [
        (lambda c: [c.quang_nam], "parties"),  # fewer than two
        (lambda c: [c.quang_nam, c.nam_giang], "parties"),  # one country
        (lambda c: [c.quang_nam, c.kh_add], "parties"),  # not a party
        (lambda c: [c.c04, c.sekong], "parties"),  # above a party: not inside it
        (lambda c: [], "parties"),
    ],
)
def test_agreement_parties_rules(cast, parties, field):
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            user=cast.vn_officer,
            partnership=cast.partnership,
            data=agreement_data(cast, parties=parties(cast)),
        )
    assert field in errors_of(excinfo)
    assert not Agreement.objects.exists()
    assert not audited("cooperation.agreement_create")


def test_agreement_validity_follows_conference_and_fields(cast):
    other = PartnershipFactory(code="other", parties=[cast.kh_add, cast.sekong])
    hidden = AgreementFactory(partnership=other, parties=[cast.kh_add, cast.sekong])
    foreign_conference = ConferenceFactory(partnership=other)
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            user=cast.vn_officer,
            partnership=cast.partnership,
            data=agreement_data(
                cast,
                title="",
                kind="nonsense",
                valid_from=date(2024, 6, 1),
                valid_to=date(2024, 1, 1),
                follows=hidden,
                conference=foreign_conference,
            ),
        )
    errors = errors_of(excinfo)
    assert {"title", "kind", "valid_to", "follows", "conference"} <= set(errors)
    assert Agreement.objects.count() == 1  # only the hidden one
    agreement = AgreementFactory(partnership=cast.partnership)
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_update(
            user=cast.vn_officer, agreement=agreement, data={"follows": agreement}
        )
    assert "follows" in errors_of(excinfo)


def test_agreement_write_permissions(cast):
    for user in [cast.vn_auditor, cast.vn_district_officer, cast.outsider]:
        with pytest.raises(PermissionDenied):
            services.agreement_create(
                user=user, partnership=cast.partnership, data=agreement_data(cast)
            )
    agreement = AgreementFactory(partnership=cast.partnership)
    with pytest.raises(PermissionDenied):
        services.agreement_update(user=cast.la_auditor, agreement=agreement, data={"title": "x"})
    assert Agreement.objects.get().title == agreement.title


def test_agreement_text_is_checked_stored_and_audited(cast, private_storage):
    tmp_path = private_storage
    agreement = AgreementFactory(partnership=cast.partnership)
    text = services.agreement_text_add(
        user=cast.la_officer,
        agreement=agreement,
        language="lo",
        upload=SimpleUploadedFile("ບົດບັນທຶກ.pdf", PDF),
    )
    assert text.content_type == "application/pdf" and text.size == len(PDF)
    assert text.file.read() == PDF
    assert "ບົດບັນທຶກ" not in text.file.name  # random name on disk
    assert audited("cooperation.agreement_text_add") == 1
    services.agreement_text_download(user=cast.vn_officer, text=text)
    assert AuditEvent.objects.filter(
        verb="cooperation.agreement_text_download", action="export"
    ).exists()
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_text_add(
            user=cast.la_officer,
            agreement=agreement,
            language="fr",
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    assert "language" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_text_add(
            user=cast.la_officer,
            agreement=agreement,
            language="vi",
            upload=SimpleUploadedFile("a.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        )
    assert "file" in errors_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.agreement_text_add(
            user=cast.vn_auditor,
            agreement=agreement,
            language="vi",
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    assert AgreementText.objects.count() == 1
    assert len(list(tmp_path.rglob("*.pdf"))) == 1


def test_a_failing_upload_leaves_no_file(cast, private_storage, monkeypatch):
    tmp_path = private_storage
    agreement = AgreementFactory(partnership=cast.partnership)

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("liaison.cooperation.services_base.audit_record", broken)
    with pytest.raises(RuntimeError):
        services.agreement_text_add(
            user=cast.vn_officer,
            agreement=agreement,
            language="vi",
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    assert not AgreementText.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


# --- commitments --------------------------------------------------------------------------


def test_commitment_create_update_and_position(cast):
    agreement = AgreementFactory(partnership=cast.partnership)
    first = services.commitment_create(
        user=cast.vn_officer,
        agreement=agreement,
        data={
            "number": "1",
            "content": "Tổ chức 2 hội nghị tuyên truyền tại Lạ Mầm và Đắk Chưng",
            "responsible": [cast.quang_nam, cast.lamam],
            "target": 2,
            "activity_kind": "awareness",
            "due_on": date(2024, 12, 31),
        },
    )
    second = services.commitment_create(
        user=cast.vn_officer,
        agreement=agreement,
        data={"number": "2", "content": "Tuần tra chung", "responsible": [cast.sekong]},
    )
    assert (first.position, second.position) == (0, 1)
    assert audited("cooperation.commitment_create") == 2
    services.commitment_update(user=cast.la_officer, commitment=second, data={"target": 3})
    second.refresh_from_db()
    assert second.target == 3
    assert list(second.responsible.all()) == [cast.sekong]  # untouched
    assert AuditEvent.objects.get(verb="cooperation.commitment_update").changes == {
        "target": [None, 3]
    }


def test_a_commitment_without_a_responsible_party(cast):
    agreement = AgreementFactory(partnership=cast.partnership)
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_create(
            user=cast.vn_officer,
            agreement=agreement,
            data={"number": "1", "content": "x", "responsible": []},
        )
    assert errors_of(excinfo)["responsible"] == ["Choose at least one responsible agency."]
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_create(
            user=cast.vn_officer,
            agreement=agreement,
            data={"number": "1", "content": "", "responsible": [cast.kh_add]},
        )
    assert {"responsible", "content"} <= set(errors_of(excinfo))
    assert not Commitment.objects.exists()


def test_commitment_number_is_unique_per_agreement(cast):
    commitment = CommitmentFactory(agreement__partnership=cast.partnership, number="1")
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_create(
            user=cast.vn_officer,
            agreement=commitment.agreement,
            data={"number": "1", "content": "again", "responsible": [cast.quang_nam]},
        )
    assert "number" in errors_of(excinfo)


def test_commitment_status_by_hand_needs_a_supervisor_and_a_reason(cast):
    commitment = CommitmentFactory(agreement__partnership=cast.partnership)
    with pytest.raises(PermissionDenied):
        services.commitment_set_status(
            user=cast.vn_officer, commitment=commitment, status="dropped", reason="no budget"
        )
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_set_status(
            user=cast.vn_supervisor, commitment=commitment, status="dropped", reason="  "
        )
    assert "reason" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_set_status(
            user=cast.vn_supervisor, commitment=commitment, status="lost", reason="x"
        )
    assert "status" in errors_of(excinfo)
    services.commitment_set_status(
        user=cast.vn_supervisor, commitment=commitment, status="dropped", reason="No budget"
    )
    commitment.refresh_from_db()
    assert (commitment.status_override, commitment.override_reason) == ("dropped", "No budget")
    assert commitment.overridden_by == cast.vn_supervisor and commitment.overridden_at
    services.commitment_set_status(
        user=cast.vn_supervisor, commitment=commitment, status="", reason=""
    )
    commitment.refresh_from_db()
    assert (commitment.status_override, commitment.override_reason) == ("", "")
    assert commitment.overridden_by is None
    assert audited("cooperation.commitment_set_status") == 2


# --- activities ---------------------------------------------------------------------------


def activity_data(cast, **overrides) -> dict:
    data = {
        "kind": "awareness",
        "title": "Hội nghị tuyên truyền tại Lạ Mầm",
        "starts_on": date(2024, 3, 15),
        "organiser": cast.quang_nam,
        "participating": [cast.lamam],
        "participant_count": 120,
        "audience": "border residents",
    }
    return {**data, **overrides}


def test_activity_create_links_commitments_and_is_audited(cast):
    commitment = CommitmentFactory(agreement__partnership=cast.partnership)
    activity = services.activity_create(
        user=cast.vn_officer,
        partnership=cast.partnership,
        data=activity_data(cast, commitments=[commitment]),
    )
    assert list(activity.commitments.all()) == [commitment]
    assert list(activity.participating.all()) == [cast.lamam]
    assert audited("cooperation.activity_create") == 1
    services.activity_update(
        user=cast.vn_officer, activity=activity, data={"participant_count": 130}
    )
    activity.refresh_from_db()
    assert activity.participant_count == 130
    assert list(activity.commitments.all()) == [commitment]


def test_an_activity_outside_the_agreements_parties(cast):
    other = PartnershipFactory(code="other", parties=[cast.kh_add, cast.sekong])
    foreign = CommitmentFactory(
        agreement=AgreementFactory(partnership=other, parties=[cast.kh_add, cast.sekong])
    )
    with pytest.raises(ValidationError) as excinfo:
        services.activity_create(
            user=cast.vn_officer,
            partnership=cast.partnership,
            data=activity_data(
                cast,
                organiser=cast.kh_add,
                participating=[cast.c04],
                commitments=[foreign],
                ends_on=date(2024, 3, 1),
            ),
        )
    assert {"organiser", "participating", "commitments", "ends_on"} <= set(errors_of(excinfo))
    assert not Activity.objects.exists()
    assert not audited("cooperation.activity_create")


def test_activity_document(cast, private_storage):
    activity = ActivityFactory(partnership=cast.partnership, organiser=cast.quang_nam)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    document = services.activity_document_add(
        user=cast.la_officer,
        activity=activity,
        upload=SimpleUploadedFile("photo.png", png),
        caption="Lamam",
    )
    assert (document.content_type, document.caption) == ("image/png", "Lamam")
    assert audited("cooperation.activity_document_add") == 1
    services.activity_document_download(user=cast.vn_officer, document=document)
    assert audited("cooperation.activity_document_download") == 1
    with pytest.raises(ValidationError) as excinfo:
        services.activity_document_add(
            user=cast.la_officer, activity=activity, upload=SimpleUploadedFile("e.txt", b"")
        )
    assert "file" in errors_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.activity_document_add(
            user=cast.la_auditor, activity=activity, upload=SimpleUploadedFile("p.png", png)
        )
    assert ActivityDocument.objects.count() == 1


# --- conferences and delegations ----------------------------------------------------------


def test_conference_rules(cast):
    conference = services.conference_create(
        user=cast.la_officer,
        partnership=cast.partnership,
        data={
            "kind": "six_month",
            "title": "Hội nghị sơ kết 6 tháng",
            "starts_on": date(2024, 8, 14),
            "place": "Lamam",
            "host": cast.sekong,
            "reviews_from": date(2024, 1, 1),
            "reviews_to": date(2024, 6, 30),
        },
    )
    assert conference.host == cast.sekong
    assert audited("cooperation.conference_create") == 1
    with pytest.raises(ValidationError) as excinfo:
        services.conference_update(
            user=cast.la_officer,
            conference=conference,
            data={
                "ends_on": date(2024, 8, 1),
                "reviews_to": date(2023, 1, 1),
                "host": cast.kh_add,
            },
        )
    assert {"ends_on", "reviews_to", "host"} <= set(errors_of(excinfo))
    conference.refresh_from_db()
    assert conference.host == cast.sekong and conference.ends_on is None
    with pytest.raises(PermissionDenied):
        services.conference_create(
            user=cast.vn_auditor, partnership=cast.partnership, data={"title": "x"}
        )


def test_delegations_save_update_remove(cast):
    conference = ConferenceFactory(partnership=cast.partnership)
    delegation = services.delegation_save(
        user=cast.vn_officer,
        conference=conference,
        agency=cast.quang_nam,
        head_name="Nguyễn Văn A",
        members="  B \n\n C ",
    )
    assert delegation.members == "B\nC"
    again = services.delegation_save(
        user=cast.vn_officer, conference=conference, agency=cast.quang_nam, head_title="Giám đốc"
    )
    assert again.pk == delegation.pk and again.head_title == "Giám đốc"
    ministry = services.delegation_save(
        user=cast.vn_officer, conference=conference, agency=cast.vn_ministry
    )
    assert Delegation.objects.count() == 2
    with pytest.raises(ValidationError) as excinfo:
        services.delegation_save(user=cast.vn_officer, conference=conference, agency=cast.kh_add)
    assert "agency" in errors_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.delegation_remove(user=cast.vn_auditor, delegation=ministry)
    services.delegation_remove(user=cast.vn_officer, delegation=ministry)
    assert list(Delegation.objects.all()) == [delegation]
    assert audited("cooperation.delegation_create") == 2
    assert audited("cooperation.delegation_update") == 1
    assert audited("cooperation.delegation_remove") == 1
    assert Conference.objects.count() == 1
