"""Per-request facts (client address, a small cache) read without passing the request."""

from __future__ import annotations

from contextvars import ContextVar

_ip: ContextVar[str | None] = ContextVar("liaison_ip", default=None)
# A dict living for one request (None outside requests): e.g. the agency tree, so the
# scope version is checked once per request instead of once per queryset.
_request_cache: ContextVar[dict | None] = ContextVar("liaison_request_cache", default=None)


def request_cache() -> dict | None:
    return _request_cache.get()


def start_request_cache():
    return _request_cache.set({})


def end_request_cache(token) -> None:
    _request_cache.reset(token)


def current_ip() -> str | None:
    return _ip.get()


def set_ip(value: str | None):
    return _ip.set(value)


def reset_ip(token) -> None:
    _ip.reset(token)
