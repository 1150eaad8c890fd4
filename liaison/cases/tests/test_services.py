"""Writes of joint cases: rules, permissions, audit, and the 522H figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liaison.cases import selectors, services
from liaison.cases.models import CaseEvent, CaseParticipant, CaseTask, JointCase
from liaison.cases.tests.helpers import EXPANDED, make_522h, make_case
from liaison.core.models import AuditEvent
from liaison.registry.tests.helpers import make_person


def test_create_needs_two_countries_and_nothing_is_written(cast):
    with pytest.raises(ValidationError) as err:
        make_case(cast, participants=[cast.nam_giang])
    assert "participants" in err.value.error_dict
    assert not JointCase.objects.exists()
    assert not AuditEvent.objects.filter(verb="cases.case_create").exists()


def test_create_makes_the_lead_a_participant_and_is_audited(cast):
    case = make_case(cast)
    agencies = set(case.participants.values_list("agency_id", flat=True))
    assert agencies == {cast.quang_nam.pk, cast.sekong.pk}
    event = AuditEvent.objects.get(verb="cases.case_create")
    assert event.object_id == str(case.pk)
    assert event.changes["participants"][1] == sorted(agencies)


def test_create_refuses_a_lead_above_the_actor_and_an_agency_out_of_sight(cast):
    with pytest.raises(ValidationError) as err:
        services.case_create(
            actor=cast.vn_officer,
            code="X",
            title="t",
            lead_agency=cast.c04,
            participants=[cast.sekong],
        )
    assert "lead_agency" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        make_case(cast, participants=[cast.sekong, cast.kh_add])
    assert "participants" in err.value.error_dict


def test_code_is_unique_per_lead_agency(cast):
    make_case(cast)
    with pytest.raises(ValidationError) as err:
        make_case(cast)
    assert "code" in err.value.error_dict


def test_readers_and_outsiders_may_not_write(cast):
    case = make_case(cast)
    with pytest.raises(PermissionDenied):
        services.event_add(
            actor=cast.vn_auditor,
            case=case,
            kind="arrest",
            occurred_on=date(2024, 5, 1),
            agency=cast.quang_nam,
        )
    with pytest.raises(PermissionDenied):
        services.task_add(actor=cast.outsider, case=case, agency=cast.sekong, title="x")


def test_only_a_supervisor_establishes_or_closes(cast):
    case = make_case(cast)
    with pytest.raises(PermissionDenied):
        services.case_set_status(
            actor=cast.vn_officer, case=case, status="established", on=date(2024, 4, 5)
        )
    services.case_set_status(
        actor=cast.vn_supervisor, case=case, status="established", on=date(2024, 4, 5)
    )
    case.refresh_from_db()
    assert case.status == "established" and case.established_on == date(2024, 4, 5)
    event = CaseEvent.objects.get(case=case, kind="status")
    assert event.new_status == "established" and event.agency_id == cast.quang_nam.pk


def test_status_moves_only_along_the_life_of_a_case(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError) as err:
        services.case_set_status(
            actor=cast.vn_officer, case=case, status="expanded", on=date(2024, 4, 5)
        )
    assert "status" in err.value.error_dict
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as err:
        services.case_set_status(
            actor=cast.vn_supervisor, case=case, status="established", on=future
        )
    assert "on" in err.value.error_dict


def test_expansion_starts_a_new_phase_and_522h_adds_up(cast):
    case = make_522h(cast)
    assert case.status == "expanded"
    assert CaseEvent.objects.filter(case=case, kind="expansion", occurred_on=EXPANDED).count() == 1
    file = selectors.case_file(user=cast.la_officer, case=case)
    whole, phases = file.totals.whole, file.totals.phases
    assert whole.kg == Decimal(210) and whole.arrests == {"VN": 2, "LA": 2}
    assert [p.kg for p in phases] == [Decimal(110), Decimal(100)]
    assert [p.arrests for p in phases] == [{"VN": 2}, {"LA": 2}]
    crystal = phases[1].drugs["meth_crystal"]
    assert crystal.quantities == {"kg": Decimal(60)}
    assert phases[1].drugs["meth_tablets"].quantities == {"tablets": Decimal(400000)}


def test_participants_cannot_drop_the_lead_or_below_two_countries(cast):
    case = make_case(cast, participants=[cast.sekong, cast.nam_giang])
    with pytest.raises(ValidationError):
        services.participant_remove(actor=cast.vn_officer, case=case, agency=cast.quang_nam)
    with pytest.raises(ValidationError):
        services.participant_remove(actor=cast.vn_officer, case=case, agency=cast.sekong)
    services.participant_remove(actor=cast.vn_officer, case=case, agency=cast.nam_giang)
    assert not CaseParticipant.objects.filter(case=case, agency=cast.nam_giang).exists()
    services.participant_add(actor=cast.la_officer, case=case, agency=cast.lamam)
    assert AuditEvent.objects.filter(verb="cases.participant_add", object_id=str(case.pk)).exists()


def test_tasks_go_to_participants_and_done_records_the_day(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError) as err:
        services.task_add(actor=cast.vn_officer, case=case, agency=cast.lamam, title="Xác minh")
    assert "agency" in err.value.error_dict
    task = services.task_add(
        actor=cast.vn_officer,
        case=case,
        agency=cast.sekong,
        title="Xác minh",
        due_on=date(2024, 1, 1),
    )
    assert selectors.case_tasks(case=case)[0].is_overdue
    assert list(selectors.agency_tasks(user=cast.la_officer)) == [task]
    assert list(selectors.agency_tasks(user=cast.vn_district_officer)) == []
    services.task_update(actor=cast.la_officer, task=task, status="done")
    task.refresh_from_db()
    assert task.completed_on == timezone.localdate()
    assert not selectors.case_tasks(case=case)[0].is_overdue
    assert AuditEvent.objects.filter(verb="cases.task_update", object_id=str(task.pk)).exists()


def test_event_kind_status_and_non_participants_are_refused(cast):
    case = make_case(cast)
    for kind, agency, field in [
        ("status", cast.quang_nam, "kind"),
        ("arrest", cast.kh_add, "agency"),
    ]:
        with pytest.raises(ValidationError) as err:
            services.event_add(
                actor=cast.vn_officer,
                case=case,
                kind=kind,
                occurred_on=date(2024, 5, 1),
                agency=agency,
            )
        assert field in err.value.error_dict
    assert not CaseEvent.objects.filter(case=case).exists()


def test_person_link_needs_a_visible_person_and_others_see_only_the_holder(cast):
    case = make_case(cast)
    lao_person = make_person(cast.sekong, "LA-1")  # sharing: agency (Sekong's own)
    with pytest.raises(ValidationError):
        services.person_link(actor=cast.vn_officer, case=case, person=lao_person, role="courier")
    services.person_link(actor=cast.la_officer, case=case, person=lao_person, role="courier")
    seen_by_vn = selectors.case_persons(user=cast.vn_officer, case=case)[0]
    assert seen_by_vn.record is None and seen_by_vn.holder == cast.sekong
    seen_by_la = selectors.case_persons(user=cast.la_officer, case=case)[0]
    assert seen_by_la.record == lao_person
    assert [
        link.case for link in selectors.person_cases(user=cast.la_officer, person=lao_person)
    ] == [case]
    assert not selectors.person_cases(user=cast.outsider, person=lao_person).exists()


def test_message_link_from_the_case_side(cast):
    from liaison.exchange.tests.helpers import send

    case = make_case(cast)
    message = send(cast)
    services.message_link(actor=cast.la_officer, case=case, message=message)
    assert list(selectors.case_messages(user=cast.vn_officer, case=case)) == [message]
    assert list(selectors.message_cases(user=cast.la_officer, message=message)) == [case]
    services.message_unlink(actor=cast.vn_officer, case=case, message=message)
    assert not selectors.case_messages(user=cast.vn_officer, case=case).exists()


def test_case_visibility_follows_participants_and_their_chain(cast):
    case = make_case(cast)
    visible = lambda user: JointCase.objects.visible_to(user).filter(pk=case.pk).exists()  # noqa: E731
    assert visible(cast.vn_officer) and visible(cast.la_officer) and visible(cast.vn_auditor)
    assert not visible(cast.outsider) and not visible(cast.vn_district_officer)
    assert CaseTask.objects.count() == 0
