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


def _actions(commands, name: str, help: str):
    """A command with sub-actions (`liaison NAME ACTION ...`); the action is read from
    `args.<NAME>_command`."""
    return commands.add_parser(name, help=help).add_subparsers(
        dest=f"{name}_command", metavar="ACTION", required=True
    )


def _given(*options: tuple[str, object]) -> list[str]:
    """`--option value` for each option that has a value (the others are left out)."""
    return [part for option, value in options if value for part in (option, str(value))]


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

    audit_commands = _actions(commands, "audit", "audit trail tools")
    audit_commands.add_parser("verify", help="verify the hash chain; exit 1 if broken")

    agencies_commands = _actions(commands, "agencies", "agency directory")
    agencies_list = agencies_commands.add_parser("list", help="list agencies")
    agencies_list.add_argument("--country", help="ISO code, e.g. VN, LA, KH")
    agencies_list.add_argument("--format", choices=["table", "json"], default="table")
    agencies_list.add_argument("--user", help="only what this user may see")

    token_commands = _actions(commands, "token", "API tokens")
    token_create = token_commands.add_parser("create", help="create (or show) a user's token")
    token_create.add_argument("username")

    persons_commands = _actions(commands, "persons", "registry of persons")
    persons_import = persons_commands.add_parser("import", help="import persons (CSV/XLSX/JSONL)")
    persons_import.add_argument("file")
    persons_import.add_argument("--agency", required=True, help="owner agency code")
    persons_screen = persons_commands.add_parser("screen", help="screen a file of persons")
    persons_screen.add_argument("file")
    persons_screen.add_argument("--top", type=int, default=10)
    persons_screen.add_argument("--as", dest="username", help="only what this user may see")
    persons_screen.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    seizures_commands = _actions(commands, "seizures", "seizure and arrest ledger")
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

    report_commands = _actions(commands, "report", "cooperation review reports")
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
        options = _given(("--country", args.country), ("--user", args.user))
        return ["agencies_list", "--format", args.format, *options]
    if args.command == "token":
        return ["token_create", args.username]
    if args.command == "persons" and args.persons_command == "import":
        return ["persons_import", args.file, "--agency", args.agency]
    if args.command == "persons":
        command = ["persons_screen", args.file, "--top", str(args.top), "--format", args.format]
        return command + _given(("--as", args.username))
    if args.command == "seizures" and args.seizures_command == "import":
        command = ["seizures_import", args.file, "--agency", args.agency]
        return command + _given(("--actor", args.actor))
    if args.command == "seizures" and args.seizures_command == "stats":
        command = ["seizures_stats", "--by", args.by, "--period", args.period]
        command += ["--format", args.format]
        return command + _given(
            ("--from", args.date_from),
            ("--to", args.date_to),
            ("--country", args.country),
            ("--user", args.user),
        )
    if args.command == "report":
        command = ["cooperation_report", "--partnership", args.partnership]
        command += ["--from", args.date_from, "--to", args.date_to, "--lang", args.lang]
        command += ["--format", args.format, "--out", args.out]
        return command + _given(("--assessment", args.assessment))
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
