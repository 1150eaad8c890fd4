"""Helpers for exchange tests: a quick sender, an allowed file, row counts."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.exchange import services
from liaison.exchange.models import Attachment, Message, Notification, Recipient

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "report.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def send(cast, *, author=None, to=None, send=True, **values):
    """A verification request from Quảng Nam to Sekong, sent at once by default."""
    values.setdefault("kind", "verification")
    values.setdefault("priority", "urgent")
    values.setdefault("subject", "Xác minh đối tượng Nguyễn Văn Đức")
    values.setdefault("body", "Đề nghị xác minh nhân thân đối tượng Nguyễn Văn Đức, sinh 1985.")
    return services.message_compose(
        actor=author or cast.vn_officer,
        recipients=to if to is not None else [cast.sekong],
        send=send,
        **values,
    )


def counts() -> tuple[int, ...]:
    from liaison.core.models import AuditEvent

    return (
        Message.objects.count(),
        Recipient.objects.count(),
        Attachment.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )
