"""Photograph the showcase home page for the README: `make screenshot`.

Builds content/ with the project's settings into a temporary folder, serves it
on 127.0.0.1 with `make serve`'s server and saves what Debian's Chromium shows
of the home page at 1280 x 900 in the light colour scheme as a PNG (the
viewport only, so the picture stays small enough to commit).
"""

from __future__ import annotations

import argparse
import logging
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from playwright.sync_api import Browser, Page, sync_playwright

from common_ground_core.source import load_settings
from common_ground_tools.headless import CHROMIUM, CHROMIUM_ARGS
from common_ground_tools.preview_server import serving

# This repository's own picture: the README's screenshot of its showcase.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = PROJECT_ROOT / "content"
SETTINGS = PROJECT_ROOT / "pelicanconf.py"
README_SCREENSHOT = PROJECT_ROOT / "docs" / "screenshot.png"
VIEWPORT = {"width": 1280, "height": 900}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What the picture shows, named as the README's alt text names it (a test
# checks the two agree): the phrase, and where the theme puts it on the page.
LANDMARKS = {
    "site's name": "header .site-title",
    "subtitle": "header .site-tagline",
    "menu": "nav[aria-label='Site'] a",
    "intro": "main .site-intro",
    "latest posts": "main h1",
    "title": "main article h2",
    "date": "main article .post-date",
    "category": "main article .post-category",
    "comment": "main article .post-comments",
    "reading time": "main article .reading-time",
    "summary": "main article .p-summary",
}


@dataclass(frozen=True)
class Screenshot:
    """A saved picture and the texts of the page parts wholly inside it."""

    path: Path
    width: int
    height: int
    visible: dict[str, list[str]]


def png_size(data: bytes) -> tuple[int, int]:
    """Return (width, height) of PNG bytes; ValueError when they are no PNG."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def build_showcase(content: Path, output: Path, settings_file: Path = SETTINGS) -> None:
    """Build `content` into `output` as `make html` does, but without its cache."""
    settings = load_settings(
        settings_file,
        content,
        OUTPUT_PATH=str(output),
        CACHE_CONTENT=False,
        LOAD_CONTENT_CACHE=False,
        CACHE_PATH=str(output.parent / "cache"),
    )
    Pelican(settings).run()


def visible_texts(page: Page) -> dict[str, list[str]]:
    """Return, per landmark, the texts of its elements wholly inside the viewport."""
    found: dict[str, list[str]] = {}
    for name, selector in LANDMARKS.items():
        texts = page.eval_on_selector_all(
            selector,
            """(elements) => elements
                .filter((e) => {
                    const box = e.getBoundingClientRect();
                    return box.width > 0 && box.height > 0 && box.top >= 0
                        && box.bottom <= window.innerHeight;
                })
                .map((e) => e.textContent.replace(/\\s+/g, " ").trim())""",
        )
        found[name] = [text for text in texts if text]
    return found


def _shoot(browser: Browser, url: str, target: Path) -> dict[str, list[str]]:
    """Save the viewport of `url` to `target` in a fresh light-scheme context."""
    context = browser.new_context(
        viewport=VIEWPORT, color_scheme="light", device_scale_factor=1
    )
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.screenshot(
            path=str(target), full_page=False, animations="disabled", caret="hide"
        )
        return visible_texts(page)
    finally:
        context.close()


def photograph(url: str, target: Path, browser: Browser | None = None) -> Screenshot:
    """Save the viewport of `url` to `target`; say what it shows.

    Uses `browser` when given (a test session's), else launches Chromium.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if browser is not None:
        visible = _shoot(browser, url, target)
    else:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                visible = _shoot(launched, url, target)
            finally:
                launched.close()
    width, height = png_size(target.read_bytes())
    return Screenshot(path=target, width=width, height=height, visible=visible)


def screenshot_home_page(
    target: Path,
    content: Path = SHOWCASE,
    browser: Browser | None = None,
    settings_file: Path = SETTINGS,
) -> Screenshot:
    """Build `content`, serve it and photograph its home page into `target`."""
    with tempfile.TemporaryDirectory(prefix="common-ground-screenshot-") as folder:
        output = Path(folder) / "output"
        build_showcase(content, output, settings_file)
        with serving(output) as url:
            return photograph(url + "/", target, browser)


def main(argv: list[str] | None = None) -> int:
    """Write the README's screenshot (or the file given with --output)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=README_SCREENSHOT)
    parser.add_argument("--content", type=Path, default=SHOWCASE)
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING)
    shot = screenshot_home_page(args.output, args.content)
    size = shot.path.stat().st_size
    shown = ", ".join(name for name, texts in shot.visible.items() if texts)
    print(
        f"screenshot: {shot.path} ({shot.width} x {shot.height}, "
        f"{size / 1024:.0f} KB) shows: {shown}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
