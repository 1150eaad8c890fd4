"""Case pages: scope on every URL, writes through forms, query counts, the person and
message pages' case sections."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from liaison.cases.models import CaseEvent, CaseTask
from liaison.cases.tests.helpers import make_522h, make_case
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped
from liaison.exchange.models import MessageLink
from liaison.registry.tests.helpers import make_person


def test_every_case_url_is_scoped(cast):
    case = make_522h(cast)
    task = CaseTask.objects.create(case=case, agency=cast.sekong, title="Xác minh")
    allowed = [cast.vn_officer, cast.la_officer]
    denied = [cast.outsider, cast.vn_district_officer]
    for name, args in [
        ("cases_detail", [case.pk]),
        ("cases_edit", [case.pk]),
        ("cases_status", [case.pk]),
        ("cases_participant_add", [case.pk]),
        ("cases_person_link", [case.pk]),
        ("cases_organisation_link", [case.pk]),
        ("cases_event_add", [case.pk]),
        ("cases_task_add", [case.pk]),
        ("cases_task_edit", [case.pk, task.pk]),
        ("cases_message_link", [case.pk]),
    ]:
        assert_scoped(cast, reverse(name, args=args), allowed=allowed, denied=denied)
    options = reverse("cases_message_options", args=[case.pk]) + "?field=message&message_q=ab"
    assert_scoped(cast, options, allowed=allowed, denied=denied)
    assert_scoped(cast, f"/api/v1/cases/{case.pk}/", allowed=allowed, denied=denied)
    assert_scoped(cast, "/cases/999999/", allowed=[], denied=[cast.vn_officer])


def test_the_list_shows_only_visible_cases_in_fixed_queries(cast, django_assert_max_num_queries):
    make_522h(cast)
    for n in range(5):
        make_case(cast, code=f"C{n}")
    client = cast.client_for(cast.la_officer)
    client.get("/cases/")  # warm the scope cache
    with django_assert_max_num_queries(10):
        response = client.get("/cases/")
    assert response.status_code == 200
    assert response.content.decode().count("data-case=") == 6
    assert "522H" not in cast.client_for(cast.outsider).get("/cases/").content.decode()
    filtered = client.get("/cases/", {"q": "522", "status": "expanded"}).content.decode()
    assert filtered.count("data-case=") == 1


def test_detail_shows_totals_and_phases_and_is_audited(cast, django_assert_max_num_queries):
    case = make_522h(cast)
    for n in range(6):  # more rows must not mean more queries
        CaseTask.objects.create(case=case, agency=cast.sekong, title=f"Task {n}")
        CaseEvent.objects.create(
            case=case, kind="search", occurred_on=date(2024, 7, n + 1), agency=cast.sekong
        )
    client = cast.client_for(cast.vn_officer)
    client.get(f"/cases/{case.pk}/")
    with django_assert_max_num_queries(22):
        response = client.get(f"/cases/{case.pk}/")
    body = response.content.decode()
    assert "data-kg-total>210" in body
    assert 'data-phase-totals="1"' in body and 'data-phase-totals="2"' in body
    assert AuditEvent.objects.filter(verb="cases.case_read", actor=cast.vn_officer).count() == 2


def test_add_an_event_and_a_task_through_the_page(cast, django_assert_max_num_queries):
    case = make_case(cast)
    client = cast.client_for(cast.vn_officer)
    response = client.post(
        f"/cases/{case.pk}/events/add/",
        {"kind": "surveillance", "occurred_on": "2024-05-01", "agency": cast.quang_nam.pk},
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, kind="surveillance").exists()
    response = client.post(f"/cases/{case.pk}/tasks/add/", {"title": "", "agency": cast.sekong.pk})
    assert response.status_code == 400 and not CaseTask.objects.exists()
    client.post(f"/cases/{case.pk}/tasks/add/", {"title": "Xác minh", "agency": cast.sekong.pk})
    assert CaseTask.objects.get().agency == cast.sekong
    la_client = cast.client_for(cast.la_officer)
    la_client.get("/cases/tasks/")
    with django_assert_max_num_queries(6):
        tasks_page = la_client.get("/cases/tasks/").content.decode()
    assert "Xác minh" in tasks_page


def test_readers_get_403_on_write_pages(cast):
    case = make_case(cast)
    assert cast.client_for(cast.vn_auditor).get(f"/cases/{case.pk}/").status_code == 200
    assert cast.client_for(cast.vn_auditor).get(f"/cases/{case.pk}/tasks/add/").status_code == 403


def test_create_a_case_through_the_page(cast):
    response = cast.client_for(cast.vn_officer).post(
        "/cases/new/",
        {
            "code": "101",
            "title": "Chuyên án 101",
            "lead_agency": cast.quang_nam.pk,
            "participants": [cast.sekong.pk],
            "handling_code": "H0",
        },
    )
    assert response.status_code == 302
    bad = cast.client_for(cast.vn_officer).post(
        "/cases/new/",
        {
            "code": "102",
            "title": "t",
            "lead_agency": cast.quang_nam.pk,
            "participants": [cast.nam_giang.pk],
            "handling_code": "H0",
        },
    )
    assert bad.status_code == 400
    assert "at least two countries" in bad.content.decode()


def test_person_page_lists_the_cases_the_viewer_may_see(cast):
    from liaison.cases import services

    case = make_case(cast)
    person = make_person(cast.quang_nam, "VN-1", names=["Nguyễn Văn Đức"], sharing="national")
    services.person_link(actor=cast.vn_officer, case=case, person=person, role="ringleader")
    body = cast.client_for(cast.vn_officer).get(f"/registry/persons/{person.pk}/").content.decode()
    assert 'id="person-cases"' in body and "522H" in body
    # the district sees the person (national) but takes no part in the case
    body = (
        cast.client_for(cast.vn_district_officer)
        .get(f"/registry/persons/{person.pk}/")
        .content.decode()
    )
    assert "522H" not in body


@pytest.mark.parametrize("user_name, status", [("la_officer", 302), ("outsider", 404)])
def test_link_a_case_from_the_message_page(cast, user_name, status):
    from liaison.exchange.tests.helpers import send

    case = make_case(cast)
    message = send(cast)
    user = getattr(cast, user_name)
    response = cast.client_for(user).post(f"/cases/from-message/{message.pk}/", {"case": case.pk})
    assert response.status_code == status
    assert MessageLink.objects.filter(object_id=str(case.pk)).exists() == (status == 302)
    if status == 302:
        page = (
            cast.client_for(cast.vn_officer)
            .get(f"/exchange/messages/{message.pk}/")
            .content.decode()
        )
        assert f'href="/cases/{case.pk}/"' in page
        case_page = cast.client_for(cast.vn_officer).get(f"/cases/{case.pk}/").content.decode()
        assert f"/exchange/messages/{message.pk}/" in case_page


def test_link_a_person_found_with_the_picker(cast, django_assert_max_num_queries):
    case = make_case(cast)
    lao = make_person(
        cast.sekong, "XE-7", names=["ບົວພັນ ອິນທະລາດ", "Bouaphanh Inthalath"], sharing="partners"
    )
    hidden = make_person(cast.kh_add, "KH-7", names=["Bouaphan Inthalat"], sharing="agency")
    for n in range(3):  # more results must not mean more queries
        make_person(cast.sekong, f"XE-{n}", names=[f"Bouaphanh Keo{n}"], sharing="partners")
    client = cast.client_for(cast.vn_officer)
    url = "/registry/persons/options/"
    client.get(url, {"field": "person", "person_q": "x"})  # warm the scope cache
    with django_assert_max_num_queries(12):
        options = client.get(
            url, {"field": "person", "person_q": "BOUAPHAN INTHALAT"}
        ).content.decode()
    assert f'value="{lao.pk}"' in options and "ບົວພັນ ອິນທະລາດ" in options
    assert f'value="{hidden.pk}"' not in options  # never offers what the user may not see
    short = client.get(url, {"field": "person", "person_q": "b"}).content.decode()
    assert "Type at least two letters." in short
    none = client.get(url, {"field": "person", "person_q": "zzqq"}).content.decode()
    assert "Nothing you may see matches." in none
    assert client.get(url, {"field": "<script>", "person_q": "zzqq"}).status_code == 400

    link_url = f"/cases/{case.pk}/persons/add/"
    refused = client.post(link_url, {"person": hidden.pk, "role": "courier"})
    assert refused.status_code == 400 and not case.person_links.exists()
    assert "Search for the person" in client.post(link_url, {"role": "courier"}).content.decode()
    response = client.post(link_url, {"person": lao.pk, "role": "courier"})
    assert response.status_code == 302
    assert case.person_links.get().person == lao
    # an error elsewhere shows the form again with the chosen person, labelled
    again = client.post(link_url, {"person": lao.pk, "role": "nonsense"}).content.decode()
    assert f'value="{lao.pk}" checked' in again and "ບົວພັນ ອິນທະລາດ" in again


def test_link_a_message_found_with_the_picker(cast):
    from liaison.exchange.tests.helpers import send

    case = make_case(cast)
    message = send(cast, subject="Xác minh đối tượng Trần Văn Hải")
    other = send(cast, subject="Thông báo bắt giữ", body="Bắt giữ 2 đối tượng.")
    internal = send(cast, to=[cast.nam_giang], subject="Trần Văn Hải: nội bộ")  # not Sekong's
    client = cast.client_for(cast.la_officer)
    options = client.get(
        f"/cases/{case.pk}/messages/options/", {"field": "message", "message_q": "tran van hai"}
    ).content.decode()
    assert f'value="{message.pk}"' in options and f'value="{other.pk}"' not in options
    assert f'value="{internal.pk}"' not in options
    refused = client.post(f"/cases/{case.pk}/messages/add/", {"message": internal.pk})
    assert refused.status_code == 400
    assert "No message with this number is available to you." in refused.content.decode()
    response = client.post(f"/cases/{case.pk}/messages/add/", {"message": message.pk})
    assert response.status_code == 302
    assert MessageLink.objects.filter(message=message, object_id=str(case.pk)).exists()


def test_status_form_records_the_date(cast):
    case = make_case(cast)
    response = cast.client_for(cast.vn_supervisor).post(
        f"/cases/{case.pk}/status/", {"status": "established", "on": "2024-04-05"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.established_on == date(2024, 4, 5)
