"""Report jobs: validation per field, permission, the background run, failures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from liaison.cooperation import services_reports
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


def request(cast, user=None, **values):
    values.setdefault("date_from", FROM)
    values.setdefault("date_to", TO)
    values.setdefault("language", "vi")
    values.setdefault("fmt", "xlsx")
    return services_reports.report_request(
        user=user or cast.vn_officer, partnership=cast.partnership, **values
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"date_from": date(2024, 6, 30), "date_to": date(2024, 1, 1)}, "date_to"),
        ({"date_from": None}, "date_from"),
        ({"language": "fr"}, "language"),
        ({"fmt": "odt"}, "format"),
    ],
)
def test_bad_requests_name_the_field_and_write_nothing(cast, values, field):
    with pytest.raises(ValidationError) as error:
        request(cast, **values)
    assert field in error.value.message_dict
    assert not ReviewReport.objects.exists()


def test_a_period_entirely_in_the_future_has_not_started(cast):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        request(cast, date_from=tomorrow, date_to=tomorrow + timedelta(days=30))
    assert "has not started" in error.value.message_dict["date_from"][0]


def test_a_conference_of_another_partnership_is_refused(cast):
    build_world(cast)
    from liaison.agencies.models import Partnership

    other = Partnership.objects.get(code="qnam-add")
    conference = ConferenceFactory(partnership=other)
    with pytest.raises(ValidationError) as error:
        request(cast, conference=conference)
    assert "conference" in error.value.message_dict


def test_auditors_and_readers_below_may_not_request(cast):
    with pytest.raises(PermissionDenied):
        request(cast, user=cast.vn_auditor)
    with pytest.raises(PermissionDenied):
        request(cast, user=cast.vn_district_officer)
    assert not ReviewReport.objects.exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_request_runs_in_the_background_and_stores_the_file(
    cast,
    django_capture_on_commit_callbacks,
    private_storage,  # noqa: F811
):
    build_world(cast)
    conference = ConferenceFactory(partnership=cast.partnership)
    with django_capture_on_commit_callbacks(execute=True):
        report = request(cast, conference=conference)
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.progress == 100 and report.conference == conference
    assert report.size > 0 and len(report.sha256) == 64
    assert (private_storage / report.file.name).exists()
    assert AuditEvent.objects.filter(verb="cooperation.report_request").count() == 1
    assert list(conference.reports.all()) == [report]


def test_a_renderer_that_raises_fails_the_job_with_its_reason_and_no_file(
    cast,
    monkeypatch,
    private_storage,  # noqa: F811
):
    report = ReviewReport.objects.create(
        partnership=cast.partnership,
        date_from=FROM,
        date_to=TO,
        language="en",
        format="xlsx",
        requested_by=cast.vn_officer,
    )
    seen = []

    def broken(content, out):
        seen.append(ReviewReport.objects.get(pk=report.pk).status)
        out.write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr("liaison.cooperation.report.renderer", lambda fmt: broken)
    result = services_reports.report_run(report_id=report.pk)
    assert seen == ["running"]
    assert result.status == "failed"
    # the reason is written in the requester's language (Vietnamese for vn_officer)
    with translation.override(cast.vn_officer.language):
        opening = translation.gettext("The report could not be generated: %(reason)s")
    assert result.error.startswith(opening.split("%(reason)s")[0])
    assert "RuntimeError: disk full" in result.error
    assert not result.file and result.sha256 == ""
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))
    # a finished job is not run again
    assert services_reports.report_run(report_id=report.pk).status == "failed"
