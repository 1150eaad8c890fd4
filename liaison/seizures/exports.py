"""Exports of the filtered ledger: CSV (streamed) and XLSX, in three layouts.

Layouts (see `exports_shape`): ``ledger`` (every column, one row per seized item),
``ids`` (UNODC Individual Drug Seizure columns) and ``arq`` (the annual roll-up shaped
like the ARQ seizure table). Every export is audited once, with its layout, format,
filter and row count, before any row leaves.

A million incidents must not be held in memory: CSV rows are produced as the database
cursor is read (`StreamingHttpResponse`), XLSX rows are written by openpyxl's
write-only workbook into a temporary file that is then sent.

The statistics table (`respond_statistics`) is written by the same writers: it is the
table the statistics page shows, every page of it (at most `MAX_GROUPS` rows).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from liaison.core.audit.services import Action, audit_record
from liaison.core.downloads import private_file_response
from liaison.seizures import selectors
from liaison.seizures.exports_shape import arq_rows, columns_of, shape_rows
from liaison.seizures.ledger_filter import LedgerFilter
from liaison.seizures.selectors_stats import StatsResult, dimension_choices
from liaison.seizures.stats_shape import table_rows

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
    return private_file_response(target, filename=filename, content_type=CONTENT_TYPES["xlsx"])


def statistics_columns(result: StatsResult) -> list[str]:
    names = dict(dimension_choices())
    return [
        *(names[dim] for dim in result.query.by),
        _("Incidents"),
        _("Persons arrested"),
        _("Arrested by nationality"),
        _("Seized kg"),
        _("Quantities as recorded"),
        _("Incidents, previous period"),
        _("Seized kg, previous period"),
        _("Change of kg (%)"),
    ]


def respond_statistics(*, user, result: StatsResult, fmt: str) -> HttpResponse:
    """The statistics table as an HTTP response (audited); `fmt` already validated."""
    columns = statistics_columns(result)
    rows = table_rows((row.labels, row.totals, row.previous) for row in result.rows)
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="seizures.statistics",
        object_repr=_("Seizure statistics"),
        verb="statistics_export",
        changes={"format": fmt, "params": result.query.as_params(), "rows": len(rows)},
    )
    if fmt == "csv":
        body = "".join(csv_lines(columns, rows)).encode("utf-8")
    else:
        out = io.BytesIO()
        write_xlsx(columns, rows, title="Statistics", target=out)
        body = out.getvalue()
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="seizure-statistics-{stamp}.{fmt}"'
    return response
