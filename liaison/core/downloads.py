"""The one way a private file leaves the server: as an attachment, never cached by the
browser or a proxy, never sniffed into something executable."""

from __future__ import annotations

from django.http import FileResponse


def private_file_response(handle, *, filename: str, content_type: str | None = None):
    """A FileResponse for `handle` (an open binary file) that a scoped, audited view
    has decided to give out."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
