"""Reading person files (CSV, XLSX, JSONL) into validated rows, without the database.

Every problem is reported with its line number and field; the service checks what only
the database knows (country codes) and writes nothing unless every row is good.

JSONL, one object a line: ``ref``, ``names`` (list, first is primary), ``birth_date``
(YYYY, YYYY-MM, YYYY-MM-DD or null), ``nationality`` (ISO alpha-2, a list of them, or
null), optional ``sex`` (M/F), ``id_numbers`` (objects with ``type``, ``number``,
``country``), ``status`` (list of subject, key_subject, ringleader, wanted, arrested).
CSV and XLSX: a header row with ``ref``, ``names`` (several separated by ``|``) or
``name`` (+ ``aliases``), ``birth_date``, ``nationality``, ``sex``, ``id_type``,
``id_number``, ``id_country``, ``status`` (separated by ``|`` or ``,``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from liaison.registry.matching import (
    PartialDate,
    Script,
    detect_script,
    normalize_document_number,
    tokenize,
)

FORMATS = ("csv", "xlsx", "jsonl")
STATUS_FLAGS = ("subject", "key_subject", "ringleader", "wanted", "arrested")
_SEX = {"m": "M", "male": "M", "f": "F", "female": "F", "": "", "u": "", "unknown": ""}


class RowProblem(ValueError):
    """A bad row: its line number, the field and a translated sentence."""

    def __init__(self, line: int, field: str, problem: str) -> None:
        self.line = line
        self.field = field
        self.problem = problem
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _("Line %(line)s, field “%(field)s”: %(problem)s") % {
            "line": self.line,
            "field": self.field,
            "problem": self.problem,
        }


@dataclass
class ImportRow:
    line: int
    ref: str
    names: list[str]
    birth_date: PartialDate | None = None
    nationalities: list[str] = field(default_factory=list)
    sex: str = ""
    documents: list[dict[str, str]] = field(default_factory=list)
    status: list[str] = field(default_factory=list)


def format_of(filename: str, explicit: str | None = None) -> str:
    """The file format, from an explicit choice or the file name's extension."""
    name = (explicit or filename.rsplit(".", 1)[-1]).lower().lstrip(".")
    if name == "json":
        name = "jsonl"
    if name not in FORMATS:
        raise RowProblem(
            0, "format", _("Unknown file format: use CSV, XLSX or JSONL (one object a line).")
        )
    return name


# --- raw records per format ----------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RowProblem(
            line,
            "encoding",
            _("The file is not in UTF-8 encoding. Save it as UTF-8 and import it again."),
        ) from exc


def _split(value: Any, separators: str = "|") -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value)
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return [part.strip() for part in text.split(separators[0]) if part.strip()]


def _table_record(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV/XLSX row (column → cell) in the JSONL shape."""
    cell = {k.strip().lower(): ("" if v is None else str(v).strip()) for k, v in row.items() if k}
    names = _split(cell.get("names")) or (_split(cell.get("name")) + _split(cell.get("aliases")))
    documents = []
    if cell.get("id_number"):
        documents.append(
            {
                "type": cell.get("id_type", ""),
                "number": cell["id_number"],
                "country": cell.get("id_country", ""),
            }
        )
    return {
        "ref": cell.get("ref", ""),
        "names": names,
        "birth_date": cell.get("birth_date") or None,
        "nationality": _split(cell.get("nationality"), "|,;") or None,
        "sex": cell.get("sex", ""),
        "id_numbers": documents,
        "status": _split(cell.get("status"), "|,;"),
    }


def _jsonl_records(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, text in enumerate(_decode(data).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise RowProblem(number, "line", _("This line is not a valid JSON object."))
        yield number, value


def _csv_records(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield reader.line_num, _table_record(row)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not XLSX
        raise RowProblem(0, "file", _("The file is not a readable XLSX workbook.")) from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        yield number, _table_record(dict(zip(header, values, strict=False)))


def raw_records(data: bytes, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    readers = {"csv": _csv_records, "xlsx": _xlsx_records, "jsonl": _jsonl_records}
    return readers[fmt](data)


# --- validation ----------------------------------------------------------------------


def check_name(line: int, name: str) -> None:
    """A name must have letters, and no word may mix scripts (nor Lao with Khmer)."""
    words = tokenize(name)
    if not words:
        raise RowProblem(line, "names", _("A name must contain letters."))
    scripts = {detect_script(word) for word in words}
    if Script.MIXED in scripts or {Script.LAO, Script.KHMER} <= scripts:
        raise RowProblem(
            line,
            "names",
            _("The name “%(name)s” mixes scripts in a way no name is written.") % {"name": name},
        )


def _country_codes(line: int, field_name: str, values: Iterable[Any]) -> list[str]:
    codes = []
    for value in values:
        code = str(value or "").strip().upper()
        if not code:
            continue
        if len(code) != 2 or not code.isalpha():
            raise RowProblem(
                line, field_name, _("Unknown country code “%(code)s”.") % {"code": value}
            )
        codes.append(code)
    return codes


def validate_record(line: int, record: dict[str, Any]) -> ImportRow:
    ref = str(record.get("ref") or "").strip()
    if not ref:
        raise RowProblem(line, "ref", _("A reference is required."))
    if len(ref) > 100:
        raise RowProblem(line, "ref", _("The reference is longer than 100 characters."))
    names = _split(record.get("names"))
    if not names:
        raise RowProblem(line, "names", _("At least one name is required."))
    for name in names:
        check_name(line, name)
    birth_date = None
    raw_date = record.get("birth_date")
    if raw_date not in (None, ""):
        try:
            birth_date = PartialDate.parse(str(raw_date))
        except ValueError:
            raise RowProblem(
                line,
                "birth_date",
                _(
                    "The date “%(value)s” does not exist or is not written as YYYY, "
                    "YYYY-MM or YYYY-MM-DD."
                )
                % {"value": raw_date},
            ) from None
    nationality = record.get("nationality", record.get("nationalities"))
    if not isinstance(nationality, list):
        nationality = [nationality]
    sex = _SEX.get(str(record.get("sex") or "").strip().lower())
    if sex is None:
        raise RowProblem(line, "sex", _("Sex must be M, F or empty."))
    documents = []
    raw_documents = record.get("id_numbers") or []
    if not isinstance(raw_documents, list) or not all(isinstance(d, dict) for d in raw_documents):
        raise RowProblem(line, "id_numbers", _("Identity documents must be a list of objects."))
    for doc in raw_documents:
        if not normalize_document_number(str(doc.get("number") or "")):
            raise RowProblem(line, "id_numbers", _("An identity document needs a number."))
        country = _country_codes(line, "id_numbers", [doc.get("country")])
        documents.append(
            {
                "type": str(doc.get("type") or "").strip().lower() or "other",
                "number": str(doc["number"]).strip(),
                "country": country[0] if country else "",
            }
        )
    status = [str(s).strip().lower() for s in _split(record.get("status"), "|,;")]
    unknown = [s for s in status if s not in STATUS_FLAGS]
    if unknown:
        raise RowProblem(
            line,
            "status",
            _(
                "Unknown status “%(value)s”: use subject, key_subject, ringleader, "
                "wanted or arrested."
            )
            % {"value": unknown[0]},
        )
    return ImportRow(
        line=line,
        ref=ref,
        names=names,
        birth_date=birth_date,
        nationalities=_country_codes(line, "nationality", nationality),
        sex=sex,
        documents=documents,
        status=status,
    )


def parse_file(data: bytes, fmt: str) -> list[ImportRow]:
    """Every row of the file, validated; raises RowProblem at the first bad one."""
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, record in raw_records(data, fmt):
        row = validate_record(line, record)
        if row.ref in seen:
            raise RowProblem(
                line,
                "ref",
                _("The reference “%(ref)s” already appears on line %(other)s.")
                % {"ref": row.ref, "other": seen[row.ref]},
            )
        seen[row.ref] = line
        rows.append(row)
    return rows


def record_names(record: Mapping[str, Any]) -> list[str]:
    """The names of an input record (`names`, or a single `name`), as strings."""
    names = record.get("names") or record.get("name") or []
    if isinstance(names, str):
        names = [names]
    return [str(n) for n in names if n]


def screening_records(data: bytes, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Raw records for screening: read leniently, never validated (odd input is fine).

    A line that is not JSON becomes an empty record, which screens to no candidates."""
    if fmt != "jsonl":
        yield from raw_records(data, fmt)
        return
    text = data.decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        yield number, value if isinstance(value, dict) else {}
