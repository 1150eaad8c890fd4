"""Exports of the filtered ledger: CSV (streamed) and XLSX, in three layouts.

Layouts (see `exports_shape`): ``ledger`` (every column, one row per seized item),
``ids`` (UNODC Individual Drug Seizure columns) and ``arq`` (the annual roll-up shaped
like the ARQ seizure table). Every export is audited once, with its layout, format,
filter and row count, before any row leaves.

A million incidents must not be held in memory: CSV rows are produced as the database
cursor is read (`StreamingHttpResponse`), XLSX rows are written by openpyxl's
write-only workbook into a temporary file that is then sent.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from liaison.core.audit.services import Action, audit_record
from liaison.seizures import selectors
from liaison.seizures.exports_shape import arq_rows, columns_of, shape_rows
from liaison.seizures.ledger_filter import LedgerFilter

LAYOUTS = ("ledger", "ids", "arq")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SHEET_TITLES = {"ledger": "Ledger", "ids": "IDS", "arq": "ARQ seizures"}


@dataclass(frozen=True)
class Export:
    layout: str
    rows: Iterable[list]
    count: int


def build(*, user, flt: LedgerFilter, layout: str) -> Export:
    """The rows of an export (lazy for the item layouts) and how many there are."""
    if layout == "arq":
        cases, quantities = selectors.arq_aggregates(user=user, flt=flt)
        rows = arq_rows(cases=cases, quantities=quantities)
        return Export(layout, rows, len(rows))
    # the IDS form lists seizures: an incident with arrests only has no line there
    items_only = layout == "ids"
    count = selectors.ledger_row_count(user=user, flt=flt, items_only=items_only)
    raw = selectors.ledger_item_rows(user=user, flt=flt, items_only=items_only)
    return Export(layout, shape_rows(layout, raw), count)


def _audit(*, user, layout: str, fmt: str, flt: LedgerFilter, count: int) -> None:
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="seizures.incident",
        verb=f"seizures.export_{layout}",
        changes={"format": fmt, "layout": layout, "filter": flt.as_params(), "rows": count},
    )


def _filename(layout: str, fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"seizures-{layout}-{stamp}.{fmt}"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Iterable[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # a BOM, so that spreadsheet programs read Vietnamese, Lao and Khmer as UTF-8
    yield "\ufeff" + writer.writerow(list(columns))
    for row in rows:
        yield writer.writerow(row)


def write_xlsx(columns: Iterable[str], rows: Iterable[list], *, title: str, target) -> int:
    """Rows into a write-only workbook saved to `target`; returns the number of rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title)
    sheet.append(list(columns))
    written = 0
    for row in rows:
        sheet.append(row)
        written += 1
    book.save(target)
    return written


def respond(*, user, flt: LedgerFilter, layout: str, fmt: str):
    """The export as an HTTP response (audited); `layout`/`fmt` already validated."""
    export = build(user=user, flt=flt, layout=layout)
    columns = columns_of(layout)
    filename = _filename(layout, fmt)
    _audit(user=user, layout=layout, fmt=fmt, flt=flt, count=export.count)
    if fmt == "csv":
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(columns, export.rows)),
            content_type=CONTENT_TYPES["csv"],
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # spooled: small workbooks stay in memory, large ones go to disk
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(columns, export.rows, title=SHEET_TITLES[layout], target=target)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"]
    )
