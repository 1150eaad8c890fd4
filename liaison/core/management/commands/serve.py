"""`liaison serve`: the web server for a laptop or a single border-post machine.

Django's own server with static files served even when DEBUG is off (`--insecure`), so
the app runs out of the box without a reverse proxy. Production runs gunicorn behind a
reverse proxy with `collectstatic` instead (see README).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def unapplied_migrations(database: str = "default") -> int:
    connection = connections[database]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Serve Liaison over HTTP with its static files (development / single machine)."
    requires_system_checks: list[str] = []  # runserver runs the checks itself

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--reload", action="store_true", help="restart on code changes")

    def handle(self, *args, host: str, port: int, reload: bool, **options) -> None:
        pending = unapplied_migrations()
        if pending:
            self.stderr.write(
                self.style.WARNING(
                    f"{pending} database migration(s) not applied: run `liaison migrate`."
                )
            )
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        call_command(
            "runserver",
            address,
            use_reloader=reload,
            insecure_serving=True,
            use_ipv6=":" in host,
        )
