"""Reading gettext catalogs and checking that they are complete (pure Python).

Used by the test suite: a catalog with an untranslated or fuzzy entry, or a
translation that drops or invents a placeholder, fails the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sdifr]|%[sdif]|\{[a-zA-Z_]*\}")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    obsolete: bool = False


def _unquote(s: str) -> str:
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    return body.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None
    index = 0
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith(("msgctxt", "msgid ")) and (current is None or key == "msgstr"):
            current = Entry(msgid="", flags=pending_flags, line=number)
            pending_flags = set()
            entries.append(current)
        assert current is not None
        if line.startswith("msgctxt "):
            key, current.msgctxt = "msgctxt", _unquote(line[8:])
        elif line.startswith("msgid_plural "):
            key, current.msgid_plural = "msgid_plural", _unquote(line[13:])
        elif line.startswith("msgid "):
            key, current.msgid = "msgid", _unquote(line[6:])
        elif line.startswith("msgstr["):
            key = "msgstr"
            index = int(line[7 : line.index("]")])
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _unquote(line[line.index("]") + 1 :])
        elif line.startswith("msgstr "):
            key, index = "msgstr", 0
            current.msgstr = [_unquote(line[7:])]
        elif line.startswith('"'):
            value = _unquote(line)
            if key == "msgstr":
                current.msgstr[index] += value
            elif key == "msgid":
                current.msgid += value
            elif key == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            elif key == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + value
    return entries


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def problems(path: Path) -> list[str]:
    """Every problem of one catalog, as readable lines."""
    found: list[str] = []
    for entry in parse_po(path):
        if entry.msgid == "":  # the header
            if "fuzzy" in entry.flags:
                found.append(f"{path}:{entry.line}: the header is marked fuzzy")
            continue
        where = f"{path}:{entry.line}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            found.append(f"{where} is fuzzy")
        if not entry.msgstr or any(not s.strip() for s in entry.msgstr):
            found.append(f"{where} is not translated")
            continue
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for s in entry.msgstr:
            got = placeholders(s)
            # a plural-less language may leave out a count placeholder of the singular
            if got - expected or (expected - got and not (expected - got) <= {"%d", "%s"}):
                found.append(f"{where}: placeholders {sorted(got)} != {sorted(expected)}")
                break
    return found


def msgids(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in parse_po(path) if e.msgid}
