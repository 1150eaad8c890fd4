"""`liaison audit verify`: check the whole hash chain of the audit trail.

Exit 0 with "OK: N events verified", or exit 1 naming the first tampered or missing row
(and the next few problems after it, if any).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from liaison.core.audit.chain import ChainProblem
from liaison.core.audit.verify import verify_trail

_KIND_LABELS = {
    "tampered": "tampered",
    "broken_link": "broken link",
    "missing": "missing",
    "truncated": "missing",
}


def describe(problem: ChainProblem) -> str:
    """One line per problem, e.g. "Row 1234 tampered: content does not match its hash"."""
    label = _KIND_LABELS.get(problem.kind, problem.kind)
    return f"Row {problem.seq} {label}: {problem.detail}"


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 naming the first broken row."

    def handle(self, *args, **options) -> None:
        checked, problems = verify_trail()
        if not problems:
            self.stdout.write(f"OK: {checked} events verified")
            return
        for problem in problems:
            self.stderr.write(describe(problem))
        self.stderr.write(
            f"FAILED: the audit trail is broken ({checked} rows read; "
            f"first problem at row {problems[0].seq})."
        )
        # Not CommandError: its "CommandError:" prefix would bury the row number.
        raise SystemExit(1)
