"""What an uploaded file really is, decided by its content (no Django).

The name and the browser's content type are not trusted. We accept PDF, common images,
office documents (OOXML and OpenDocument zips, legacy OLE2 files named .doc/.xls/.ppt)
and plain UTF-8 text; anything else, including executables and archives, is refused.
"""

from __future__ import annotations

import codecs
import hashlib
import zipfile
from typing import BinaryIO

CHUNK = 64 * 1024

PDF = "application/pdf"
TEXT = "text/plain"
_SIMPLE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OLE2 also carries installers and Outlook items: accept only the office extensions.
_OLE2_BY_EXTENSION = {
    "doc": "application/msword",
    "dot": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
_OOXML_BY_FOLDER = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
_ODF_PREFIX = "application/vnd.oasis.opendocument."
# Control characters that never occur in a text document (tab, LF, FF, CR are fine).
_BAD_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F}


def detect_content_type(stream: BinaryIO, filename: str = "") -> str | None:
    """The MIME type of an allowed file, or None if the content is not allowed.

    `stream` must be seekable; it is left at position 0.
    """
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        if not head:
            return None
        for signature, mime in _SIMPLE_SIGNATURES:
            if head.startswith(signature):
                return mime
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "image/webp"
        if head.startswith(_OLE2):
            extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
            return _OLE2_BY_EXTENSION.get(extension)
        if head.startswith(b"PK\x03\x04"):
            return _zip_office_type(stream)
        return TEXT if _is_utf8_text(stream) else None
    finally:
        stream.seek(0)


def _zip_office_type(stream: BinaryIO) -> str | None:
    """OOXML ([Content_Types].xml) or ODF (a stored `mimetype` entry); other zips: None."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    mime = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mime.startswith(_ODF_PREFIX):
                        return mime
                return None
            if "[Content_Types].xml" in names:
                for folder, mime in _OOXML_BY_FOLDER:
                    if any(n.startswith(folder) for n in names):
                        return mime
            return None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


def _is_utf8_text(stream: BinaryIO) -> bool:
    """Valid UTF-8 throughout, without NULs or other binary control characters."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := stream.read(CHUNK):
            if any(byte in _BAD_CONTROL for byte in chunk):
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sha256_and_size(stream: BinaryIO) -> tuple[str, int]:
    """SHA-256 hex digest and byte size of the whole stream; leaves it at position 0."""
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size
