"""Screening a list of persons: pasted lines or a CSV/XLSX/JSONL file in, ranked
candidates (with their explanation) and cross-border hits out; the result as CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from liaison.core.audit.services import audit_record
from liaison.core.models import AuditEvent
from liaison.registry import imports
from liaison.registry.explanations import translated_explanation
from liaison.registry.forms import MAX_SCREEN_RECORDS, ScreeningForm, pasted_records
from liaison.registry.imports import RowProblem
from liaison.registry.screening import screen_records
from liaison.registry.views.presenting import present_results

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _file_records(form: ScreeningForm) -> list[dict[str, Any]]:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        form.add_error("file", _("The file is too large for the page; use the API instead."))
        return []
    try:
        fmt = imports.format_of(upload.name)
        return [
            {**record, "ref": record.get("ref") or str(line)}
            for line, record in imports.screening_records(upload.read(), fmt)
        ]
    except RowProblem as problem:
        form.add_error("file", problem.message)
        return []


def _records_of(form: ScreeningForm) -> list[dict[str, Any]]:
    records = pasted_records(form.cleaned_data.get("lines") or "")
    if form.cleaned_data.get("file"):
        records += _file_records(form)
    if len(records) > MAX_SCREEN_RECORDS:
        form.add_error(
            None,
            _("At most %(count)s persons can be screened here; use the API for more.")
            % {"count": MAX_SCREEN_RECORDS},
        )
    return records


@login_required
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    form = ScreeningForm(request.POST or None, request.FILES or None)
    shown = None
    records: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        records = _records_of(form)
        if not form.errors:
            top = form.cleaned_data.get("top") or 5
            results = screen_records(
                actor=request.user, records=records, top=top, hits_source="screening"
            )
            shown = present_results(user=request.user, records=records, results=results)
    context = {
        "form": form,
        "results": shown,
        # the export screens the same records again: nothing is kept on the server
        "records_json": json.dumps(records, ensure_ascii=False, default=str) if shown else "",
        "top": form.cleaned_data.get("top", 5) if form.is_bound and form.is_valid() else 5,
    }
    return render(request, "registry/screen.html", context)


@login_required
@require_POST
def screen_export(request: HttpRequest) -> HttpResponse:
    try:
        records = json.loads(request.POST.get("records") or "[]")
        top = min(max(int(request.POST.get("top") or 5), 1), 50)
    except ValueError:
        records, top = [], 5
    if not isinstance(records, list):
        records = []
    records = [r for r in records if isinstance(r, dict)][:MAX_SCREEN_RECORDS]
    results = screen_records(actor=request.user, records=records, top=top)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        ["input_ref", "input_names", "decision", "score", "ref", "id", "agency", "explanation"]
    )
    rows = 0
    for record, result in zip(records, results, strict=True):
        names = " | ".join(imports.record_names(record))
        for candidate in result["candidates"]:
            writer.writerow(
                [
                    result["ref"],
                    names,
                    candidate["decision"],
                    candidate["score"],
                    candidate["ref"],
                    candidate["id"],
                    candidate["agency"],
                    " | ".join(
                        e["message"] for e in translated_explanation(candidate["explanation"])
                    ),
                ]
            )
            rows += 1
        for hit in result["hits"]:
            # a hit names only the holding agency, never the record
            writer.writerow([result["ref"], names, "hit", "", "", "", hit["held_by"]["code"], ""])
            rows += 1
        if not result["candidates"] and not result["hits"]:
            writer.writerow([result["ref"], names, "none", "", "", "", "", ""])
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="registry.person",
        changes={"records": len(records), "rows": rows, "format": "csv"},
        verb="registry.persons_screen_export",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse("\ufeff" + output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="screening-{stamp}.csv"'
    return response
