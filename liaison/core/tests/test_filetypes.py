import io
import zipfile

import pytest

from liaison.core.filetypes import detect_content_type, sha256_and_size


def _zip(entries, first_stored=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first_stored:
            archive.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1])
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")])
XLSX = _zip([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<x/>")])
ODT = _zip(
    [("content.xml", "<c/>")], first_stored=("mimetype", "application/vnd.oasis.opendocument.text")
)
PLAIN_ZIP = _zip([("evil.exe", b"MZ\x90\x00")])


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "report.pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a.png", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a.jpg", "image/jpeg"),
        (b"GIF89a\x01\x00", "a.gif", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a.webp", "image/webp"),
        (b"II*\x00\x08\x00", "scan.tif", "image/tiff"),
        (
            DOCX,
            "minutes.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            XLSX,
            "seizures.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (ODT, "note.odt", "application/vnd.oasis.opendocument.text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "old.doc", "application/msword"),
        ("Biên bản làm việc\nບົດບັນທຶກ\n".encode(), "note.txt", "text/plain"),
        # the name does not matter: content decides
        (b"%PDF-1.4", "photo.jpg", "application/pdf"),
    ],
)
def test_allowed_types_by_content(data, name, expected):
    assert detect_content_type(io.BytesIO(data), name) == expected


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00", "tool.exe"),
        (b"\x7fELF\x02\x01\x01", "a.pdf"),
        (PLAIN_ZIP, "archive.zip"),
        (b"PK\x03\x04broken", "broken.docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "setup.msi"),
        (b"text with a NUL\x00 inside", "a.txt"),
        (b"\xff\xfe not utf-8 \x80\x81", "a.txt"),
        (b"", "empty.txt"),
    ],
)
def test_other_content_is_refused(data, name):
    assert detect_content_type(io.BytesIO(data), name) is None


def test_sha256_and_size_rewinds():
    stream = io.BytesIO(b"abc")
    digest, size = sha256_and_size(stream)
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert size == 3
    assert stream.tell() == 0
