"""`liaison persons screen FILE [--top N] [--as USERNAME] [--format jsonl|csv]`.

Output: one JSON object per input record, `{"ref", "candidates": [...], "hits": [...]}`
(or CSV rows with --format csv). Without --as the whole registry is searched.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liaison.core.commandline import active_user
from liaison.registry import imports
from liaison.registry.screening import screen_records

CSV_COLUMNS = ("query_ref", "rank", "ref", "id", "agency", "score", "decision", "explanation")


class Command(BaseCommand):
    help = "Screen a file of persons against the registry; print ranked candidates."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV, XLSX or JSONL input; '-' reads JSONL from stdin")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--as", dest="username", help="search only what this user may see")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--input-format", choices=["csv", "xlsx", "jsonl"])
        parser.add_argument(
            "--workers", type=int, default=1, help="screen in this many processes (long lists)"
        )

    def handle(self, *args, file: str, top: int, username: str | None, format: str, **options):
        if file == "-":
            data, name = sys.stdin.buffer.read(), "stdin.jsonl"
        else:
            try:
                data, name = Path(file).read_bytes(), Path(file).name
            except OSError as exc:
                raise CommandError(f"{file}: {exc.strerror}") from exc
        actor = active_user(username)
        try:
            fmt = imports.format_of(name, options.get("input_format"))
            records = [record for _, record in imports.screening_records(data, fmt)]
        except imports.RowProblem as problem:
            raise CommandError(problem.message) from problem
        results = screen_records(
            actor=actor, records=records, top=max(1, top), workers=max(1, options["workers"])
        )
        if format == "jsonl":
            for result in results:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for result in results:
            for rank, c in enumerate(result["candidates"], start=1):
                explanation = " | ".join(e["message"] for e in c["explanation"])
                writer.writerow(
                    [
                        result["ref"],
                        rank,
                        c["ref"],
                        c["id"],
                        c["agency"],
                        c["score"],
                        c["decision"],
                        explanation,
                    ]
                )
            for hit in result["hits"]:
                writer.writerow([result["ref"], "", "", "", hit["held_by"]["code"], "", "hit", ""])
