"""The reusable scope test: allowed users get 200, everyone else 404 (never 403/200)."""

from __future__ import annotations

from collections.abc import Iterable

from liaison.agencies.models import User
from liaison.core.testing.cast import Cast


def assert_scoped(
    cast: Cast,
    url: str,
    *,
    allowed: Iterable[User],
    denied: Iterable[User],
    api: bool | None = None,
) -> None:
    """GET `url` as each user: allowed ones see it, denied ones get a 404.

    For API URLs the response must be JSON in both cases; for UI URLs the 404 is the
    translated error page. Applied by every app to each of its detail URLs.
    """
    api = url.startswith("/api/") if api is None else api
    for user in allowed:
        response = cast.client_for(user).get(url)
        assert response.status_code == 200, (
            f"{user.username} should see {url}, got {response.status_code}"
        )
    for user in denied:
        response = cast.client_for(user).get(url)
        assert response.status_code == 404, (
            f"{user.username} must get 404 for {url}, got {response.status_code}"
        )
        if api:
            assert response["Content-Type"].startswith("application/json")
        body = response.content.decode()
        # nothing of the record may leak into the 404
        assert "Traceback" not in body
