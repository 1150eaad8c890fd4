"""Per-request facts (client address) that services read without taking the request."""

from __future__ import annotations

from contextvars import ContextVar

_ip: ContextVar[str | None] = ContextVar("liaison_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


def set_ip(value: str | None):
    return _ip.set(value)


def reset_ip(token) -> None:
    _ip.reset(token)
