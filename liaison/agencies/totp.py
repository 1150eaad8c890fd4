"""Time-based one-time codes (RFC 6238), accepting one step of clock drift."""

from __future__ import annotations

import hmac
import time

import pyotp


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, username: str, issuer: str = "Liaison") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def verify_code(
    secret: str, code: str, *, last_counter: int, now: float | None = None
) -> int | None:
    """Return the time-step counter the code matches, or None.

    A code whose counter is not newer than `last_counter` is a replay and is refused.
    """
    code = (code or "").strip().replace(" ", "")
    if not secret or not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = int(now // totp.interval)
    for counter in (current, current - 1, current + 1):
        if counter > last_counter and hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None
