"""Report jobs over the API: 202 with the job, status, scoped and audited download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.cooperation.models import ReviewReport
from liaison.cooperation.tests.report_world import (  # noqa: F401
    build_world,
    immediate_tasks,
    private_storage,
)
from liaison.core.models import AuditEvent
from liaison.core.testing.scope import assert_scoped

URL = "/api/v1/cooperation/reports/"


def _body(cast, **values):
    body = {"partnership": cast.partnership.pk, "date_from": "2024-01-01"}
    body |= {"date_to": "2024-06-30", "language": "lo", "format": "xlsx"}
    return body | values


@pytest.mark.usefixtures("immediate_tasks")
def test_request_answers_202_and_the_job_finishes(
    cast, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    build_world(cast)
    client = cast.client_for(cast.la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _body(cast), content_type="application/json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "queued" and job["partnership_code"] == "qnam-sekong"
    detail = client.get(f"{URL}{job['id']}/").json()
    assert detail["status"] == "done" and detail["download_url"]
    assert_scoped(
        cast,
        f"{URL}{job['id']}/",
        allowed=[cast.la_officer, cast.vn_officer, cast.la_auditor],
        denied=[cast.outsider],
    )
    download = client.get(detail["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(verb="cooperation.report_download").count() == 1
    assert cast.client_for(cast.outsider).get(detail["download_url"]).status_code == 404
    with django_assert_max_num_queries(12):
        listed = client.get(URL)
    assert [r["id"] for r in listed.json()["results"]] == [job["id"]]
    assert cast.client_for(cast.outsider).get(URL).json()["results"] == []


def test_bad_input_outsider_and_auditor(cast):
    officer = cast.client_for(cast.vn_officer)
    reversed_ = officer.post(
        URL,
        _body(cast, date_from="2024-06-30", date_to="2024-01-01"),
        content_type="application/json",
    )
    assert reversed_.status_code == 400 and "date_to" in reversed_.json()
    language = officer.post(URL, _body(cast, language="fr"), content_type="application/json")
    assert language.status_code == 400 and "language" in language.json()
    outsider = cast.client_for(cast.outsider).post(
        URL, _body(cast), content_type="application/json"
    )
    assert outsider.status_code == 404
    auditor = cast.client_for(cast.vn_auditor).post(
        URL, _body(cast), content_type="application/json"
    )
    assert auditor.status_code == 403
    assert not ReviewReport.objects.exists()
    assert reverse("api-cooperation-report-detail", args=[1]) == f"{URL}1/"
