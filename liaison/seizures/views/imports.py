"""The import upload: a CSV or XLSX ledger file for the user's agency or a sub-unit.

The import is atomic (`liaison/seizures/imports.py`): on any bad row nothing is written
and the page lists every row, column and reason; on success it shows the counts.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from liaison.agencies.forms.directory import apply_service_errors
from liaison.seizures.forms import ImportForm
from liaison.seizures.validation import require_recorder


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    from liaison.seizures.imports import ImportFailed, import_seizures, upload_too_large

    user = request.user
    require_recorder(user)
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    result = None
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        too_large = upload_too_large(upload.size)
        if too_large:
            form.add_error("file", too_large)
        else:
            try:
                result = import_seizures(
                    actor=user,
                    agency=form.cleaned_data["agency"],
                    name=upload.name,
                    content=upload.read(),
                )
            except ImportFailed as failure:
                row_errors = list(failure.errors)
            except ValidationError as error:
                apply_service_errors(form, error, default_field="file")
    status = 400 if form.errors or row_errors else 200
    context = {"form": form, "result": result, "row_errors": row_errors}
    return render(request, "seizures/import.html", context, status=status)
