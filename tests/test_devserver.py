"""`make devserver` (tools/serve.py with a `pelican -r` child) as a real process.

It stops everything it started on SIGTERM as on Ctrl-C, and it reloads the open
page in the browser after a rebuild that changed it; nothing of the reload
reaches the files in output/.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from processes import alive, children_of, stop_all
from sitebuild import PROJECT_ROOT
from test_serve import PATIENCE, answers, fetch, free_port, wait_for

from common_ground_tools.live_reload import (
    changed_files,
    needs_reload,
    page_file,
    with_script,
)
from common_ground_tools.publish import publish

SERVE = [sys.executable, str(PROJECT_ROOT / "tools" / "serve.py")]
# The running process, its address and the content folder it rebuilds.
Devserver = tuple[subprocess.Popen[bytes], str, Path]


# --- pure ------------------------------------------------------------------------
def test_page_file_maps_a_folder_address_to_its_index():
    assert page_file("http://h:1/posts/a/") == "posts/a/index.html"
    assert page_file("http://h:1/") == "index.html"
    assert page_file("http://h:1/404.html?x=1") == "404.html"


def test_only_a_page_that_changed_is_reloaded():
    changed = changed_files(
        {"a/index.html": "1", "b/index.html": "2"},
        {
            "a/index.html": "1",
            "b/index.html": "3",
        },
    )
    assert changed == {"b/index.html"}
    assert needs_reload("http://h/b/", changed, "pagefind")
    assert not needs_reload("http://h/a/", changed, "pagefind")
    # A stylesheet changes every page; the search bundle changes none.
    assert needs_reload("http://h/a/", {"theme/css/main.css"}, "pagefind")
    assert not needs_reload("http://h/a/", {"pagefind/pagefind.js"}, "pagefind")


def test_the_script_goes_before_the_closing_body():
    assert with_script(b"<p>x</p></body></html>", b"<s>") == (
        b"<p>x</p><s></body></html>"
    )


# --- a real devserver ----------------------------------------------------------------
@pytest.fixture
def devserver(
    fixture_content, tmp_path
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    content = fixture_content("site_minimal")
    output = tmp_path / "output"
    port = free_port()
    rebuild = [sys.executable, "-m", "pelican", "-r", str(content), "-o", str(output)]
    rebuild += ["-s", str(PROJECT_ROOT / "pelicanconf.py")]
    rebuild += ["-e", "SEARCH_INDEX=false", "CACHE_PATH=" + f'"{tmp_path / "c"}"']
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [*SERVE, "--output", str(output), "--port", str(port), "--", *rebuild],
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    family: set[int] = set()
    try:
        wait_for(lambda: answers(url + "/") or process.poll() is not None, url)
        wait_for(lambda: fetch(url + "/posts/a-first-post/")[0] == 200, "first build")
        family = children_of(process.pid)
        yield process, url, content
    finally:
        # Whatever the test did (or a timeout), nothing it started outlives it.
        stop_all(process, family, PATIENCE)
        log.close()


def test_sigterm_stops_the_server_and_its_rebuilder(devserver):
    process, _url, _content = devserver
    family = children_of(process.pid)
    assert family, "the rebuilding pelican was not started"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=PATIENCE)
    wait_for(lambda: not any(alive(pid) for pid in family), "the rebuilder to stop")


@pytest.mark.browser
def test_an_edit_reloads_the_open_page_by_itself(devserver, browser_page):
    _process, url, content = devserver
    browser_page.goto(url + "/posts/a-first-post/", wait_until="networkidle")
    assert browser_page.locator("h1").inner_text() == "A First Post"
    # Marks this document: a reload replaces it with one without the mark.
    browser_page.evaluate("window.notReloaded = true")
    post = content / "posts" / "first-post.md"
    edited = post.read_text().replace("A First Post", "An Edited Post")

    def shows_the_edit() -> bool:
        # Saved again on every try: Pelican's watcher starts only after its
        # first build, and a save made before that is never seen.
        post.write_text(edited)
        try:
            browser_page.wait_for_function(
                "document.querySelector('h1')?.textContent.includes('An Edited Post')",
                timeout=5000,
            )
        except PlaywrightTimeout:
            return False
        return True

    wait_for(shows_the_edit, "the page to reload with the edit")
    assert browser_page.evaluate("window.notReloaded") is None


def test_nothing_of_the_reload_is_in_the_files(devserver):
    process, url, _content = devserver
    output = Path(process.args[process.args.index("--output") + 1])
    assert "livereload.js" in fetch(url + "/posts/a-first-post/")[1]
    pages = list(output.rglob("*.html"))
    assert pages
    assert [p for p in pages if b"livereload" in p.read_bytes()] == []


def test_a_published_build_has_no_reload_script(tmp_path, fixture_content):
    output = tmp_path / "published"
    assert (
        publish(
            fixture_content("site_minimal"),
            output,
            PROJECT_ROOT / "publishconf.py",
            say=lambda _line: None,
        )
        == 0
    )
    pages = list(output.rglob("*.html"))
    assert pages
    assert not [p for p in pages if b"livereload" in p.read_bytes()]


def test_a_rebuild_after_a_rename_serves_404_at_the_old_address(devserver):
    _process, url, content = devserver
    post = content / "posts" / "first-post.md"
    renamed = post.read_text().replace("Slug: a-first-post", "Slug: renamed")

    def rebuilt() -> bool:
        post.write_text(renamed)  # again on every try, as above
        return fetch(url + "/posts/renamed/")[0] == 200

    wait_for(rebuilt, "the rebuild")
    wait_for(lambda: fetch(url + "/posts/a-first-post/")[0] == 404, "the old page")
