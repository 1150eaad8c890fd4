"""`liaison seizures stats`: the grouped totals of the ledger on the command line.

Without --user it is the operator's view of the whole database; with --user the totals
are over what that user may see, as on the statistics page and in the API. Printed
columns: the groupings, `incidents`, `arrested`, `kg` (table, CSV or JSON with every
figure). Every run is audited as an export.
"""

from __future__ import annotations

import csv
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import Http404

from liaison.agencies.management.commands.agencies_list import format_table
from liaison.core.audit.services import Action, audit_record
from liaison.core.commandline import COMMAND_LINE, active_user
from liaison.seizures.api.stats import statistics_payload
from liaison.seizures.selectors import check_filter_scope
from liaison.seizures.selectors_stats import StatsQuery, statistics

_PARAMS = ("from", "to", "by", "period", "country", "province", "district", "agency")
_PARAMS += ("drug", "modus", "case")


class Command(BaseCommand):
    help = "Print grouped totals of the seizure ledger (incidents, arrested, kg)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="from", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="to", help="last day, YYYY-MM-DD")
        parser.add_argument("--by", default="drug", help="e.g. drug,province or period,country")
        parser.add_argument("--period", default="year", help="month, quarter, half or year")
        for name in ("country", "province", "district", "agency", "drug", "modus", "case"):
            parser.add_argument(f"--{name}", help=f"filter: {name} (comma-separated)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument("--user", help="only what this username may see")

    def handle(self, *args, **options) -> None:
        params = {key: options[key] for key in _PARAMS if options.get(key) is not None}
        viewer = active_user(options["user"])
        try:
            query = StatsQuery.from_params(params)
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"--{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        if viewer is not None:
            try:
                check_filter_scope(user=viewer, flt=query.flt)
            except Http404:
                raise CommandError("--case: no such case.") from None
        result = statistics(user=viewer, query=query)
        with transaction.atomic():
            audit_record(
                actor=viewer,
                username="" if viewer else COMMAND_LINE,
                action=Action.EXPORT,
                object_type="seizures.statistics",
                verb="seizures_stats",
                changes={
                    "format": options["format"],
                    "params": query.as_params(),
                    "rows": len(result.rows),
                },
            )
        if options["format"] == "json":
            payload = statistics_payload(result)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            return
        columns = [*query.by, "incidents", "arrested", "kg"]
        rows = [
            {
                **dict(zip(query.by, row.labels, strict=True)),
                "incidents": row.totals.incidents,
                "arrested": row.totals.arrested,
                "kg": f"{row.totals.kg:.3f}",
            }
            for row in result.rows
        ]
        if options["format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            self.stdout.write(format_table(rows, tuple(columns)))
