"""Demo data for Liaison: `load_demo()` (used by `liaison demo`), `load_reference()`
(used by `liaison load_reference`) and the demo logins for the README and the console.

Importing this package needs no database or Django set-up: the loaders are imported
when called, so `from liaison.agencies.demo import DEMO_LOGINS, DEMO_PASSWORD,
logins_table` works in any script.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from liaison.agencies.reference.institutions import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DemoLogin,
    demo_logins,
)

if TYPE_CHECKING:
    from liaison.agencies.demo.reference import LoadReport

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DemoLogin",
    "demo_logins",
    "display_width",
    "load_demo",
    "load_reference",
    "logins_markdown",
    "logins_table",
]

LOGIN_COLUMNS = ("username", "role", "agency", "language")


def load_demo(*, reset_passwords: bool = False) -> LoadReport:
    from liaison.agencies.demo.loader import load_demo as _load_demo

    return _load_demo(reset_passwords=reset_passwords)


def load_reference() -> LoadReport:
    from liaison.agencies.demo.reference import load_reference as _load_reference

    return _load_reference()


def display_width(text: str) -> int:
    """Terminal columns a string takes: Lao and Khmer vowel signs, tone marks and
    subscripts combine with the letter before them and take no column of their own."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _rows(logins: list[DemoLogin] | tuple[DemoLogin, ...]) -> list[tuple[str, ...]]:
    return [(row.username, row.role, row.agency, row.language) for row in logins]


def logins_table(logins: list[DemoLogin] | tuple[DemoLogin, ...] = DEMO_LOGINS) -> str:
    """The demo logins as an aligned plain-text table, followed by the shared password."""
    rows = _rows(logins)
    widths = [
        max(display_width(cells[i]) for cells in [LOGIN_COLUMNS, *rows])
        for i in range(len(LOGIN_COLUMNS))
    ]
    lines = [
        "  ".join(_pad(cell, w) for cell, w in zip(LOGIN_COLUMNS, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True)).rstrip()
        for cells in rows
    ]
    lines.append(f"Password for every demo login: {DEMO_PASSWORD}")
    return "\n".join(lines)


def logins_markdown(logins: list[DemoLogin] | tuple[DemoLogin, ...] = DEMO_LOGINS) -> str:
    """The same table in Markdown, for the README."""
    lines = [
        "| " + " | ".join(LOGIN_COLUMNS) + " |",
        "|" + "|".join("---" for _ in LOGIN_COLUMNS) + "|",
    ]
    lines += [
        f"| `{row.username}` | {row.role} | {row.agency} ({row.agency_en}) | {row.language} |"
        for row in logins
    ]
    return "\n".join(lines)
