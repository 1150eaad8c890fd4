"""The `liaison` command: friendly names for the management commands an operator needs.

    liaison serve [--host H] [--port P]     web server (static files included) for a laptop
    liaison worker                          background task worker (django-tasks, database)
    liaison scheduler [--once]              enqueue periodic jobs (escalation, digest)
    liaison migrate                         apply database migrations
    liaison demo                            load reference and demo data (idempotent)
    liaison audit verify                    check the hash chain of the audit trail
    liaison agencies list [--country VN] [--format table|json] [--user USERNAME]
    liaison token create USERNAME           API token for a user
    liaison persons import FILE --agency CODE
    liaison persons screen FILE [--top N] [--as USERNAME] [--format jsonl|csv]
    liaison seizures import FILE --agency CODE [--actor USERNAME]
    liaison seizures stats --from DATE --to DATE --by drug,province [--country VN]
                           [--format table|csv|json] [--user USERNAME]
    liaison report review --partnership CODE --from DATE --to DATE --lang vi|lo|km|en
                          --format docx|pdf|xlsx --out FILE [--assessment TEXT]
    liaison manage ARGS...                  any manage.py command

Every subcommand is a plain mapping onto a management command, so `manage.py` and
`liaison` always behave the same; the exit code is the management command's.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison",
        description="Liaison: cross-border drug-control cooperation platform.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the web server (development/laptop)")
    serve.add_argument("--host", default=os.environ.get("LIAISON_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("LIAISON_PORT", "8000")))
    serve.add_argument("--reload", action="store_true", help="restart on code changes")

    # add_help=False: `--help` after these reaches the management command itself.
    commands.add_parser(
        "worker",
        help="run the background task worker (options go to db_worker)",
        add_help=False,
    )
    commands.add_parser(
        "scheduler",
        help="enqueue periodic jobs when due (options go to liaison_scheduler)",
        add_help=False,
    )
    commands.add_parser("migrate", help="apply database migrations", add_help=False)
    commands.add_parser("demo", help="load reference and demo data (idempotent)", add_help=False)

    audit = commands.add_parser("audit", help="audit trail tools")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser("verify", help="verify the hash chain; exit 1 if broken")

    agencies = commands.add_parser("agencies", help="agency directory")
    agencies_commands = agencies.add_subparsers(
        dest="agencies_command", metavar="ACTION", required=True
    )
    agencies_list = agencies_commands.add_parser("list", help="list agencies")
    agencies_list.add_argument("--country", help="ISO code, e.g. VN, LA, KH")
    agencies_list.add_argument("--format", choices=["table", "json"], default="table")
    agencies_list.add_argument("--user", help="only what this user may see")

    token = commands.add_parser("token", help="API tokens")
    token_commands = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    token_create = token_commands.add_parser("create", help="create (or show) a user's token")
    token_create.add_argument("username")

    persons = commands.add_parser("persons", help="registry of persons")
    persons_commands = persons.add_subparsers(
        dest="persons_command", metavar="ACTION", required=True
    )
    persons_import = persons_commands.add_parser("import", help="import persons (CSV/XLSX/JSONL)")
    persons_import.add_argument("file")
    persons_import.add_argument("--agency", required=True, help="owner agency code")
    persons_screen = persons_commands.add_parser("screen", help="screen a file of persons")
    persons_screen.add_argument("file")
    persons_screen.add_argument("--top", type=int, default=10)
    persons_screen.add_argument("--as", dest="username", help="only what this user may see")
    persons_screen.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    seizures = commands.add_parser("seizures", help="seizure and arrest ledger")
    seizures_commands = seizures.add_subparsers(
        dest="seizures_command", metavar="ACTION", required=True
    )
    seizures_import = seizures_commands.add_parser("import", help="import seizures (CSV/XLSX)")
    seizures_import.add_argument("file")
    seizures_import.add_argument("--agency", required=True, help="recording agency code")
    seizures_import.add_argument("--actor", help="import as this user (audited)")
    seizures_stats = seizures_commands.add_parser("stats", help="grouped totals of the ledger")
    seizures_stats.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    seizures_stats.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
    seizures_stats.add_argument("--by", default="drug", help="e.g. drug,province")
    seizures_stats.add_argument("--period", default="year", help="month|quarter|half|year")
    seizures_stats.add_argument("--country", help="ISO code, e.g. VN")
    seizures_stats.add_argument("--format", choices=["table", "csv", "json"], default="table")
    seizures_stats.add_argument("--user", help="only what this user may see")

    report = commands.add_parser("report", help="cooperation review reports")
    report_commands = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    review = report_commands.add_parser("review", help="a partnership's review report")
    review.add_argument("--partnership", required=True, help="partnership code")
    review.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    review.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    review.add_argument("--lang", default="vi", help="vi, lo, km or en")
    review.add_argument("--format", default="docx", help="docx, pdf or xlsx")
    review.add_argument("--out", required=True, help="the file to write")
    review.add_argument("--assessment", default="", help="text of the assessment section")

    commands.add_parser(
        "manage", help="run any manage.py command: liaison manage ARGS...", add_help=False
    )
    return parser


# Subcommands whose unknown trailing arguments are handed to the management command.
_PASS_THROUGH = {"worker", "scheduler", "migrate", "demo", "manage"}


def management_argv(argv: Sequence[str]) -> list[str]:
    """Translate `liaison ...` arguments into a manage.py argument list."""
    parser = _parser()
    args, extra = parser.parse_known_args(list(argv))
    if extra and args.command not in _PASS_THROUGH:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    if args.command == "serve":
        command = ["serve", "--host", args.host, "--port", str(args.port)]
        return command + (["--reload"] if args.reload else [])
    if args.command == "worker":
        return ["db_worker", *extra]
    if args.command == "scheduler":
        return ["liaison_scheduler", *extra]
    if args.command in {"migrate", "demo"}:
        return [args.command, *extra]
    if args.command == "manage":
        if not extra:
            parser.error("liaison manage needs a management command, e.g. `liaison manage check`")
        return list(extra)
    if args.command == "audit":
        return ["audit_verify"]
    if args.command == "agencies":
        command = ["agencies_list", "--format", args.format]
        if args.country:
            command += ["--country", args.country]
        if args.user:
            command += ["--user", args.user]
        return command
    if args.command == "token":
        return ["token_create", args.username]
    if args.command == "persons" and args.persons_command == "import":
        return ["persons_import", args.file, "--agency", args.agency]
    if args.command == "persons":
        command = ["persons_screen", args.file, "--top", str(args.top), "--format", args.format]
        return command + (["--as", args.username] if args.username else [])
    if args.command == "seizures" and args.seizures_command == "import":
        command = ["seizures_import", args.file, "--agency", args.agency]
        return command + (["--actor", args.actor] if args.actor else [])
    if args.command == "seizures" and args.seizures_command == "stats":
        command = ["seizures_stats", "--by", args.by, "--period", args.period]
        command += ["--format", args.format]
        for option, value in (
            ("--from", args.date_from),
            ("--to", args.date_to),
            ("--country", args.country),
            ("--user", args.user),
        ):
            command += [option, value] if value else []
        return command
    if args.command == "report":
        command = ["cooperation_report", "--partnership", args.partnership]
        command += ["--from", args.date_from, "--to", args.date_to, "--lang", args.lang]
        command += ["--format", args.format, "--out", args.out]
        return command + (["--assessment", args.assessment] if args.assessment else [])
    raise AssertionError(f"unhandled command {args.command}")  # argparse guarantees this


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    management_args = management_argv(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["liaison", *management_args])
    except SystemExit as exit_:
        # Management commands report failure by SystemExit (CommandError does too).
        if exit_.code is None:
            return 0
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
