"""Case 522H in headless Chromium: a Quảng Nam officer adds a timeline event and a task
for Sekong; the Sekong officer, working in Lao, finds the task in "My tasks" and on the
case, and links the Lao courier found by typing his romanized name; the outsider gets
404. Screenshots land in var/screenshots/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import check_for_language

from liaison.cases.models import CaseEvent, CaseTask
from liaison.cases.tests.helpers import make_522h
from liaison.core.testing.browser import login, screenshot
from liaison.registry.tests.helpers import make_person

TASK = "Xác minh đối tượng Bounmy tại Lamam"
EVENT = "Theo dõi xe tải biển số 43C-123.45 qua cửa khẩu Nam Giang"


@pytest.mark.browser
def test_case_522h_event_and_task_for_sekong(cast, browser_pages):
    case = make_522h(cast)
    courier = make_person(
        cast.sekong, "XE-0007", names=["ບຸນມີ ພົມມະຈັນ"], birth_date="1991", sharing="partners"
    )
    officer = browser_pages(locale="vi-VN")
    sekong = browser_pages(locale="lo-LA")
    outsider = browser_pages(locale="km-KH")

    login(officer, cast.vn_officer.username, cast.password)
    officer.goto(reverse("cases_detail", args=[case.pk]))
    assert "522H" in officer.locator("#case-title").inner_text()
    assert officer.locator("[data-totals=all] [data-kg-total]").inner_text() == "210"

    officer.locator("#event-form summary").click()
    officer.select_option('#event-form select[name="kind"]', "surveillance")
    officer.fill('#event-form input[name="occurred_on"]', "2024-06-15")
    officer.fill('#event-form textarea[name="description"]', EVENT)
    with officer.expect_navigation():
        officer.locator('[data-action="add-event"]').click()
    assert officer.locator('[data-event-kind="surveillance"]').count() == 1
    assert EVENT in officer.locator("#events").inner_text()

    officer.locator("#task-form summary").click()
    officer.fill('#task-form input[name="title"]', TASK)
    officer.select_option('#task-form select[name="agency"]', str(cast.sekong.pk))
    officer.fill('#task-form input[name="due_on"]', "2030-01-31")
    with officer.expect_navigation():
        officer.locator('[data-action="add-task"]').click()
    assert TASK in officer.locator("#task-table").inner_text()
    screenshot(officer, "cases-522h-officer")
    assert CaseEvent.objects.filter(case=case, kind="surveillance").count() == 1
    assert CaseTask.objects.get(case=case).agency == cast.sekong

    login(sekong, cast.la_officer.username, cast.password)
    sekong.goto(reverse("cases_my_tasks"))
    if check_for_language("lo"):
        assert sekong.locator("html").get_attribute("lang") == "lo"
    row = sekong.locator("#my-tasks tbody tr")
    assert row.count() == 1
    assert TASK in row.inner_text() and "31/01/2030" in row.inner_text()
    with sekong.expect_navigation():
        row.locator("a").click()
    assert TASK in sekong.locator("#task-table").inner_text()
    screenshot(sekong, "cases-522h-sekong")

    # the Sekong officer links its courier by typing the name as a Vietnamese file writes it
    sekong.goto(reverse("cases_person_link", args=[case.pk]))
    sekong.fill('input[name="person_q"]', "Bounmy Phommachan")
    choice = sekong.locator(f'input[name="person"][value="{courier.pk}"]')
    choice.wait_for()
    assert "ບຸນມີ ພົມມະຈັນ" in sekong.locator(".record-picker").inner_text()
    choice.check()
    sekong.select_option('select[name="role"]', "courier")
    with sekong.expect_navigation():
        sekong.locator('form:has(.record-picker) button[type="submit"]').click()
    assert case.person_links.get().person == courier

    login(outsider, cast.outsider.username, cast.password)
    response = outsider.goto(reverse("cases_detail", args=[case.pk]))
    assert response.status == 404
    assert TASK not in outsider.content() and "522H" not in outsider.content()
    assert outsider.goto(reverse("cases_my_tasks")).status == 200
    assert outsider.locator("#my-tasks").count() == 0
