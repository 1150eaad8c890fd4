"""Uploaded files of every app (message attachments, signed agreements, activity
photos): checked by content and size, stored privately under a random name, removed
again when the transaction that stored them fails."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.filetypes import detect_content_type, sha256_and_size


def max_upload_bytes() -> int:
    return int(getattr(settings, "LIAISON_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def private_upload_path(folder: str, filename: str) -> str:
    """A random name: the original name is kept in the row, never on disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    safe_suffix = suffix if suffix[1:].isalnum() else ""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{safe_suffix}"


def check_upload(upload, *, field: str = "file") -> tuple[str, str, int, str]:
    """Content type, SHA-256, size and name of an allowed upload, or a ValidationError
    on `field` (the content decides the type, never the name)."""
    if upload is None:
        raise ValidationError({field: _("Choose a file.")})
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    limit = max_upload_bytes()
    too_large = _("%(name)s is larger than the limit of %(limit)s MB.") % {
        "name": name,
        "limit": round(limit / 1024 / 1024, 1),
    }
    if (getattr(upload, "size", None) or 0) > limit:
        raise ValidationError({field: too_large})
    digest, size = sha256_and_size(upload)
    if size > limit:
        raise ValidationError({field: too_large})
    if size == 0:
        raise ValidationError({field: _("%(name)s is empty.") % {"name": name}})
    content_type = detect_content_type(upload, name)
    if content_type is None:
        raise ValidationError(
            {
                field: _(
                    "%(name)s is not an allowed type. Attach PDF, images, office documents "
                    "or plain text."
                )
                % {"name": name}
            }
        )
    return content_type, digest, size, name


class StoredFiles:
    """Files written to storage, removed again if the transaction fails.

        with StoredFiles() as stored, transaction.atomic():
            record.file.save(name, upload, save=False)
            stored.names.append(record.file.name)
            ...

    Any exception leaving the block (after the transaction rolled back) deletes the
    files, then propagates.
    """

    def __init__(self) -> None:
        self.names: list[str] = []

    def __enter__(self) -> StoredFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.cleanup()

    def cleanup(self) -> None:
        from django.core.files.storage import default_storage

        for name in self.names:
            default_storage.delete(name)
