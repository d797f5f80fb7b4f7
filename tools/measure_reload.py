"""Measure edit-to-reload time of `make devserver` in Chromium (docs/preview.md).

Copies a content folder aside, runs tools/serve.py with `pelican -r` as
`make devserver` does, opens the first post in Debian's Chromium, then edits
that post's title RUNS times and times each save until the open page shows the
new title by itself. Needs the test tools (Playwright):

    .venv/bin/python tools/measure_reload.py --content content --runs 5
    PYTHONPATH=tools .venv/bin/python -m bench corpus --posts 1000 --out /tmp/c1000
    .venv/bin/python tools/measure_reload.py --content /tmp/c1000 --runs 3
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from pelican.settings import read_settings
from playwright.sync_api import sync_playwright

from common_ground_core.source import pelican_slug
from common_ground_tools.headless import CHROMIUM, CHROMIUM_ARGS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Limits on waiting only (a 1,000-post first build takes about a minute).
PATIENCE = 900


def free_port() -> int:
    """Return a port of 127.0.0.1 nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    """Tell whether the server answers at all."""
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except OSError:
        return False
    return True


def wait(check: Callable[[], bool], what: str) -> None:
    """Wait until `check()` holds (a limit, never a measurement)."""
    deadline = time.monotonic() + PATIENCE
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"measure_reload: gave up waiting for {what}")
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    """Print each run's seconds and the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    settings = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    work = Path(tempfile.mkdtemp(prefix="measure-reload-"))
    content, output, log = work / "content", work / "output", work / "serve.log"
    shutil.copytree(args.content, content)
    post = sorted((content / "posts").rglob("*.md"))[0]
    text = post.read_text(encoding="utf-8")
    title = re.search(r"^Title: (.*)$", text, re.MULTILINE)[1].strip()
    slug = re.search(r"^Slug: (.*)$", text, re.MULTILINE)
    slug = slug[1].strip() if slug else pelican_slug(title, settings)
    port = free_port()
    rebuild = [sys.executable, "-m", "pelican", "-r", str(content), "-o", str(output)]
    rebuild += ["-s", str(PROJECT_ROOT / "pelicanconf.py")]
    rebuild += ["-e", f'CACHE_PATH="{work / "cache"}"']
    serve = [sys.executable, str(PROJECT_ROOT / "tools" / "serve.py")]
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [*serve, "--output", str(output), "--port", str(port), "--", *rebuild],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"

    def builds() -> int:
        return log.read_bytes().count(b"Build summary")

    times = []
    try:
        wait(lambda: answers(url + "/") and builds() >= 1, "the first build")
        time.sleep(2)  # Pelican's watcher starts after the first build
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto(f"{url}/posts/{slug}/", wait_until="networkidle")
            for run in range(args.runs):
                done = builds()
                new = f"{title} (edit {run + 1})"
                started = time.monotonic()
                post.write_text(text.replace(f"Title: {title}", f"Title: {new}", 1))
                page.wait_for_function(
                    "t => document.querySelector('h1')?.textContent.includes(t)",
                    arg=new,
                    timeout=PATIENCE * 1000,
                    polling=20,
                )
                times.append(time.monotonic() - started)
                wait(lambda done=done: builds() > done, "the rebuild to finish")
                time.sleep(1)
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    print("edit to reload (s):", ", ".join(f"{t:.2f}" for t in times))
    print(f"median: {statistics.median(times):.2f} s over {len(times)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
