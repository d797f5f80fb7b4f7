"""Launch Debian's Chromium through Playwright, offline, and watch what pages do."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Page, Request, Response

CHROMIUM = "/usr/bin/chromium"
# From /work/shared/TOOLING.md: no background traffic, and no DNS for anything but
# the local test server (both EXCLUDEs are needed; rules are comma-separated).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


@dataclass
class PageWatch:
    """Console errors, failed requests, HTTP errors and every URL a page asked for."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> PageWatch:
        """Start recording the page's events."""
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", self._failed)
        page.on("request", lambda request: self.requested.append(request.url))
        page.on("response", self._response)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location})")

    def _failed(self, request: Request) -> None:
        self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")
