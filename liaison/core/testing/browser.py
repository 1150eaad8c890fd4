"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Never `playwright install`: the browser comes from the system (apt-get install chromium),
so the tests run air-gapped like the app. Without Chromium the browser tests are skipped
with a message on a developer's machine, but FAIL in CI (CI=true), where a skipped
browser test would hide a broken set-up.

Fixtures:
    browser_page   a fresh Playwright page on the live server (pytest-django live_server,
                   so the test runs with transactional_db); relative URLs work in goto().
    browser_pages  a factory of more isolated pages (own cookies), e.g. for a second user.

Helpers: `login(page, username, password)` and `screenshot(page, name)` (to var/screenshots/).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CHROMIUM = os.environ.get("LIAISON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for the expanded navbar


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    message = f"Browser tests need Chromium: {reason}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: browser tests may not be skipped)", pytrace=False)
    pytest.skip(f"{message} — install it with `apt-get install chromium` to run them")


@pytest.fixture
def browser_pages(live_server, transactional_db, monkeypatch) -> Iterator[Callable]:
    """A factory of isolated pages (own cookies) on the live server."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra not installed
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")

    # Playwright's sync API keeps an asyncio loop registered on this thread; the ORM
    # calls the test makes meanwhile are still synchronous, so allow them (test only).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        contexts = []

        def new_page(*, locale: str = "vi-VN"):
            context = browser.new_context(
                base_url=live_server.url, locale=locale, viewport=VIEWPORT
            )
            context.set_default_timeout(15_000)
            contexts.append(context)
            return context.new_page()

        try:
            yield new_page
        finally:
            for context in contexts:
                context.close()
            browser.close()


@pytest.fixture
def browser_page(browser_pages):
    return browser_pages()


def login(page, username: str, password: str) -> None:
    """Sign in through the real form and wait for the page after it."""
    page.goto(reverse("login"))
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('input[name="password"]').press("Enter")


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot under var/screenshots/ for a human to look at."""
    directory = Path(settings.VAR_DIR) / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
