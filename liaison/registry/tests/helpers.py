"""Small builders for registry tests."""

from __future__ import annotations

import json

from liaison.core.sharing import SharingLevel
from liaison.registry.services import person_create

LAO_NAME = "ບົວພັນ ອິນທະລາດ"


def make_person(owner, ref: str, names=(LAO_NAME,), **values):
    values.setdefault("sharing", SharingLevel.AGENCY)
    return person_create(actor=None, owner_agency=owner, ref=ref, names=list(names), **values)


def jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
