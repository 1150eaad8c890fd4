"""Attachments: checked by content and size, stored privately, hashed.

Files are all checked before the first is stored; if the transaction then fails, the
stored files are deleted again so nothing is left half written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from liaison.agencies.models import User
from liaison.core.audit.services import Action, audit_record
from liaison.core.uploads import StoredFiles, check_upload
from liaison.exchange.models import Attachment, Message
from liaison.exchange.services._common import require_author, require_exchange_role


def store_attachments(
    *, actor: User, message: Message, uploads: Iterable[UploadedFile], stored: StoredFiles
) -> list[Attachment]:
    # all checked before any is stored
    checked = [(check_upload(u, field="attachments"), u) for u in uploads]
    created = []
    for (content_type, digest, size, name), upload in checked:
        attachment = Attachment(
            message=message,
            original_name=name,
            content_type=content_type,
            size=size,
            sha256=digest,
            uploaded_by=actor,
        )
        attachment.file.save(attachment.original_name, upload, save=False)
        stored.names.append(attachment.file.name)
        attachment.save()
        created.append(attachment)
    return created


def message_attach(
    *, actor: User, message: Message, uploads: Iterable[UploadedFile]
) -> list[Attachment]:
    """Add files to a draft or returned message (its author only)."""
    require_exchange_role(actor)
    with StoredFiles() as stored, transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        require_author(actor, message)
        files = store_attachments(actor=actor, message=message, uploads=uploads, stored=stored)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=message,
            verb="message_attach",
            changes={"attachments": [[], [f.sha256 for f in files]]},
        )
    return files


@transaction.atomic
def message_attachment_download(*, actor: User, attachment: Attachment) -> Attachment:
    """Record that the user takes a copy of the file (an export, audited every time).

    The caller has fetched the attachment through `selectors.attachment_get` (scoped);
    the adapters stream the file after this returns.
    """
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        obj=attachment.message,
        verb="message_attachment_download",
        changes={"attachment": attachment.pk, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def message_attachment_remove(*, actor: User, attachment: Attachment) -> None:
    message = Message.objects.select_for_update().get(pk=attachment.message_id)
    require_author(actor, message)
    name = attachment.file.name
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=message,
        verb="message_attachment_remove",
        changes={"attachments": [[attachment.sha256], []]},
    )
    attachment.delete()

    def _remove_file() -> None:
        from django.core.files.storage import default_storage

        default_storage.delete(name)

    transaction.on_commit(_remove_file)
