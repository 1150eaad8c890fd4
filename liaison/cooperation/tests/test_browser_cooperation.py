"""Cooperation in headless Chromium: a Quảng Nam officer records an awareness session in
Lamam for a commitment with target 1, and the partnership page shows the commitment
"Done"; the Sekong officer, working in Lao, sees it; the outsider gets 404. Screenshots
land in var/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import check_for_language

from liaison.cooperation.models import Activity
from liaison.cooperation.tests.factories import AgreementFactory, CommitmentFactory
from liaison.core.testing.browser import login, screenshot

TITLE = "Tuyên truyền phòng chống ma túy cho nhân dân bản Lamam"


@pytest.fixture(autouse=True)
def cooperation_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.mark.browser
def test_awareness_session_in_lamam_completes_the_commitment(cast, browser_pages):
    today = timezone.localdate()
    agreement = AgreementFactory(
        partnership=cast.partnership,
        number="01/BB-QN-SK",
        valid_from=today - timedelta(days=60),
        valid_to=today + timedelta(days=300),
    )
    commitment = CommitmentFactory(
        agreement=agreement,
        number="3",
        content="Tổ chức hội nghị tuyên truyền tại Lamam",
        target=1,
        activity_kind="awareness",
        responsible=[cast.quang_nam],
        due_on=today + timedelta(days=90),
    )
    partnership_url = reverse("cooperation_partnership", args=[cast.partnership.pk])
    officer = browser_pages(locale="vi-VN")
    sekong = browser_pages(locale="lo-LA")
    outsider = browser_pages(locale="km-KH")

    login(officer, cast.vn_officer.username, cast.password)
    officer.goto(partnership_url)
    row = officer.locator(f'#commitments [data-commitment="{commitment.pk}"]')
    assert row.locator("[data-status]").get_attribute("data-status") == "planned"

    with officer.expect_navigation():
        officer.locator('[data-action="new-activity"]').click()
    officer.select_option('select[name="kind"]', "awareness")
    officer.fill('input[name="title"]', TITLE)
    officer.fill('input[name="starts_on"]', (today - timedelta(days=1)).isoformat())
    officer.fill('input[name="place"]', "Lamam")
    officer.select_option('select[name="organiser"]', str(cast.quang_nam.pk))
    officer.select_option('select[name="participating"]', [str(cast.sekong.pk), str(cast.lamam.pk)])
    officer.fill('input[name="participant_count"]', "120")
    officer.check(f'input[name="commitments"][value="{commitment.pk}"]')
    with officer.expect_navigation():
        officer.locator('#cooperation-form [data-action="save"]').click()
    assert TITLE in officer.locator("#activity-title").inner_text()
    activity = Activity.objects.get(title=TITLE)
    assert list(activity.commitments.all()) == [commitment]

    officer.goto(partnership_url)
    row = officer.locator(f'#commitments [data-commitment="{commitment.pk}"]')
    badge = row.locator("[data-status]")
    assert badge.get_attribute("data-status") == "done"
    with translation.override("vi"):
        assert badge.inner_text() == translation.gettext("Done")
    assert TITLE in officer.locator("#recent-activities").inner_text()
    screenshot(officer, "cooperation-partnership-officer")

    login(sekong, cast.la_officer.username, cast.password)
    sekong.goto(partnership_url)
    if check_for_language("lo"):
        assert sekong.locator("html").get_attribute("lang") == "lo"
    row = sekong.locator(f'#commitments [data-commitment="{commitment.pk}"]')
    assert row.locator("[data-status]").get_attribute("data-status") == "done"
    with translation.override("lo"):
        # the chrome in Lao (the navbar), the names as written
        assert translation.gettext("Joint cases") in sekong.locator("nav").first.inner_text()
        assert row.locator("[data-status]").inner_text() == translation.gettext("Done")
    assert TITLE in sekong.locator("#recent-activities").inner_text()
    with sekong.expect_navigation():
        sekong.locator(f'#recent-activities [data-activity="{activity.pk}"] a').click()
    assert "Lamam" in sekong.content()
    screenshot(sekong, "cooperation-activity-sekong")

    login(outsider, cast.outsider.username, cast.password)
    response = outsider.goto(partnership_url)
    assert response.status == 404
    assert TITLE not in outsider.content() and "01/BB-QN-SK" not in outsider.content()
    assert outsider.goto(reverse("cooperation_activity", args=[activity.pk])).status == 404
