"""Review-report pages: the request form, the job's progress and the download.

Generation runs in the background (tasks.generate_review_report); the detail page
polls a small fragment with htmx while the job is queued or running (no inline JS).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from liaison.agencies.forms.directory import apply_service_errors
from liaison.agencies.models import Partnership
from liaison.cooperation import policy, selectors, services_reports
from liaison.cooperation.models import Conference, ReportFormat
from liaison.core.downloads import private_file_response


class ReportRequestForm(forms.Form):
    date_from = forms.DateField(label=_("From"))
    date_to = forms.DateField(label=_("To"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    assessment = forms.CharField(
        label=_("Assessment and proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Left empty, the section lists the open and overdue commitments."),
    )


def _partnership_or_conference(request: HttpRequest) -> tuple[Partnership, Conference | None]:
    """From ?conference= (or a posted conference) or ?partnership=; 404 out of scope."""
    conference_id = request.POST.get("conference") or request.GET.get("conference")
    if conference_id:
        conference = selectors.conference_get(user=request.user, pk=conference_id)
        return conference.partnership, conference
    partnership_id = request.POST.get("partnership") or request.GET.get("partnership")
    if not partnership_id:
        raise Http404
    return selectors.partnership_get(user=request.user, pk=partnership_id), None


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    partnership, conference = _partnership_or_conference(request)
    policy.require_write(request.user, partnership)
    initial = {
        "language": request.user.language or request.LANGUAGE_CODE,
        "format": ReportFormat.DOCX,
    }
    if conference is not None:
        initial.update(date_from=conference.reviews_from, date_to=conference.reviews_to)
    form = ReportRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services_reports.report_request(
                    user=request.user,
                    partnership=partnership,
                    conference=conference,
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    language=data["language"],
                    fmt=data["format"],
                    assessment=data["assessment"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                status = 400
            else:
                return redirect("cooperation_report", pk=report.pk)
        else:
            status = 400
    context = {"form": form, "partnership": partnership, "conference": conference}
    return render(request, "cooperation/report_new.html", context, status=status)


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job; an htmx request gets only the progress fragment (polled while running)."""
    report = selectors.report_get(user=request.user, pk=pk)
    context = {"report": report, "partnership": report.partnership}
    if request.headers.get("HX-Request"):
        return render(request, "cooperation/report_progress.html", context)
    return render(request, "cooperation/report_detail.html", context)


@login_required
@require_safe
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report, handle = services_reports.report_open(user=request.user, pk=pk)
    return private_file_response(handle, filename=report.filename)
