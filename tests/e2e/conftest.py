"""Browser journeys in a real headless Chromium (Debian's /usr/bin/chromium), driven by Playwright.

Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are
safe here because the live server runs in its own thread.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Failed requests, HTTP errors and console errors seen by a page."""

    def __init__(self, page: Page, base_url: str):
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.console: list[str] = []
        # ERR_ABORTED is a navigation superseded by the next one (the test moved on), not a fault.
        page.on(
            "requestfailed",
            lambda r: (
                "ERR_ABORTED" not in (r.failure or "")
                and self.failed.append(f"{r.url} {r.failure}")
            ),
        )
        page.on(
            "response",
            lambda r: r.status >= 400 and self.failed.append(f"{r.url} HTTP {r.status}"),
        )
        page.on(
            "request",
            lambda r: (
                not r.url.startswith((base_url, "data:", "blob:")) and self.foreign.append(r.url)
            ),
        )
        page.on("console", lambda m: m.type == "error" and self.console.append(m.text))

    def assert_none(self) -> None:
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.console == [], f"console errors: {self.console}"


def new_page(browser: Browser, live_server, viewport=DESKTOP) -> tuple[Page, PageProblems]:
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page, PageProblems(page, live_server.url)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
