"""Report pages: the request form (prefilled from the conference), progress, download."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from liaison.cooperation.models import ReviewReport
from liaison.cooperation.tests.factories import ConferenceFactory
from liaison.cooperation.tests.report_world import (  # noqa: F401
    FROM,
    TO,
    build_world,
    immediate_tasks,
    private_storage,
)
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped


def _conference(cast):
    return ConferenceFactory(
        partnership=cast.partnership, reviews_from=FROM, reviews_to=TO, title="Sơ kết 6 tháng"
    )


def test_new_report_form_is_prefilled_from_the_conference(cast):
    conference = _conference(cast)
    url = reverse("cooperation_report_new") + f"?conference={conference.pk}"
    response = cast.client_for(cast.vn_officer).get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["date_from"] == FROM and form.initial["date_to"] == TO
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    assert cast.client_for(cast.vn_auditor).get(url).status_code == 403
    partnership_url = reverse("cooperation_report_new") + f"?partnership={cast.partnership.pk}"
    assert cast.client_for(cast.la_officer).get(partnership_url).status_code == 200
    assert cast.client_for(cast.outsider).get(partnership_url).status_code == 404


@pytest.mark.usefixtures("immediate_tasks")
def test_post_creates_the_job_and_the_detail_shows_it(cast, django_capture_on_commit_callbacks):
    build_world(cast)
    conference = _conference(cast)
    client = cast.client_for(cast.vn_officer)
    data = {"conference": conference.pk, "date_from": "2024-01-01", "date_to": "2024-06-30"}
    data |= {"language": "en", "format": "xlsx", "assessment": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cooperation_report_new"), data)
    report = ReviewReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation_report", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The report is ready." in page and "every 2s" not in page
    conference_page = client.get(reverse("cooperation_conference", args=[conference.pk]))
    assert (
        reverse("cooperation_report_download", args=[report.pk]) in conference_page.content.decode()
    )
    detail = reverse("cooperation_report", args=[report.pk])
    assert_scoped(
        cast,
        detail,
        allowed=[cast.vn_officer, cast.la_officer, cast.vn_auditor, cast.vn_district_officer],
        denied=[cast.outsider],
    )
    download = reverse("cooperation_report_download", args=[report.pk])
    before = AuditEvent.objects.filter(verb="cooperation.report_download").count()
    response = cast.client_for(cast.la_officer).get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(verb="cooperation.report_download").count() == before + 1
    assert cast.client_for(cast.outsider).get(download).status_code == 404


def test_bad_period_is_shown_on_the_form(cast):
    client = cast.client_for(cast.vn_officer)
    data = {"partnership": cast.partnership.pk, "date_from": "2024-06-30"}
    data |= {"date_to": "2024-01-01", "language": "vi", "format": "docx"}
    response = client.post(reverse("cooperation_report_new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["date_to"]
    assert not ReviewReport.objects.exists()
    auditor = cast.client_for(cast.vn_auditor).post(reverse("cooperation_report_new"), data)
    assert auditor.status_code == 403


def test_running_job_polls_its_fragment_and_failed_job_says_why(cast):
    running = ReviewReport.objects.create(
        partnership=cast.partnership,
        date_from=date(2024, 1, 1),
        date_to=date(2024, 6, 30),
        language="vi",
        format="pdf",
        status="running",
        progress=40,
        stage="Compiling the figures",
    )
    client = cast.client_for(cast.vn_officer)
    url = reverse("cooperation_report", args=[running.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert (
        fragment.lstrip().startswith('<div id="report-progress"') or "report-progress" in fragment
    )
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert "40 %" in fragment
    ReviewReport.objects.filter(pk=running.pk).update(
        status="failed", error="The report could not be generated: boom"
    )
    page = client.get(url).content.decode()
    assert "boom" in page and "every 2s" not in page
    assert client.get(reverse("cooperation_report_download", args=[running.pk])).status_code == 404
