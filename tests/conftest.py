"""Shared fixtures: real Pelican builds of small content trees and of the showcase."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser.site_server import serve
from playwright.sync_api import Browser, Page, sync_playwright
from sitebuild import (
    PROJECT_ROOT,
    SHOWCASE_CONTENT,
    BuildResult,
    build_site,
    forget_logged_messages,
)

from common_ground_tools.headless import CHROMIUM, CHROMIUM_ARGS

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def fresh_log_dedup() -> None:
    """Let every test see its own warnings, even ones an earlier test logged."""
    forget_logged_messages()


PUBLISHED_SITEURL = "https://common-ground.example.org"


def build_fixture(name: str, output: Path, *, published: bool = False) -> BuildResult:
    """Build tests/fixtures/<name> as `make html` does, or as `make publish` does."""
    if not published:
        return build_site(FIXTURES / name, output, overrides={"SEARCH_INDEX": False})
    return build_site(
        FIXTURES / name,
        output,
        conf="publishconf.py",
        overrides={"SITEURL": PUBLISHED_SITEURL, "SEARCH_INDEX": False},
    )


@pytest.fixture
def fixture_content(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture tree into tmp_path so a test may change it freely."""

    def copy(name: str) -> Path:
        target = tmp_path / "content"
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture
def site_builder(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a content tree into tmp_path/output with the project's settings."""

    def build(content: Path, **kwargs: Any) -> BuildResult:
        # Tiny builds skip the Pagefind index (~0.2 s each); the showcase keeps it.
        kwargs["overrides"] = {"SEARCH_INDEX": False, **(kwargs.get("overrides") or {})}
        return build_site(content, tmp_path / "output", **kwargs)

    return build


@pytest.fixture(scope="session")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the showcase fixture (a copy of the sample content/) once per session."""
    output = tmp_path_factory.mktemp("showcase") / "output"
    return build_site(SHOWCASE_CONTENT, output)


@pytest.fixture(scope="session")
def project_root() -> Path:
    """Return the repository root."""
    return PROJECT_ROOT


# --- Theme, feeds and browser tests ------------------------------------------
@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the showcase with its publishconf.py: absolute URLs, feeds, sitemap."""
    output = tmp_path_factory.mktemp("published") / "output"
    return build_site(
        SHOWCASE_CONTENT,
        output,
        conf="publishconf.py",
        overrides={"SITEURL": PUBLISHED_SITEURL, "SEARCH_INDEX": False},
    )


@pytest.fixture(scope="session")
def site_url(showcase: BuildResult) -> Iterator[str]:
    """Serve the showcase build on 127.0.0.1 (free port), 404 page for misses."""
    with serve(showcase.output) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium headless once per session (never a downloaded one)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Browser) -> Iterator[Page]:
    """Open a fresh context and page at 1280 x 900 for one test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
