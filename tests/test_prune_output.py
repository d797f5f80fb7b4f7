"""plugins/prune_output: output/ holds exactly what the last build wrote."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from processes import stop_all
from sitebuild import PROJECT_ROOT, build_site
from test_search import stored_pages
from test_serve import PATIENCE, answers, fetch, free_port, wait_for

from common_ground_core.source import is_ignored
from pelican.plugins.common_ground_prune_output.core import is_retained, stale_files

FIXTURE = Path(__file__).parent / "fixtures" / "prune_site"


# --- pure ----------------------------------------------------------------------
def test_stale_files_keeps_what_was_written_retained_or_owned():
    existing = [
        "index.html",
        "posts/gone/index.html",
        "keep.txt",
        "kept/deep/file",
        "pagefind/pagefind.js",
    ]
    stale = stale_files(existing, {"index.html"}, ["keep.txt", "kept"], ["pagefind"])
    assert stale == ["posts/gone/index.html"]


def test_retention_is_by_top_level_name_as_pelican_has_it():
    assert is_retained("CNAME", ["CNAME"])
    assert is_retained(".well-known/x", [".well-known"])
    assert not is_retained("posts/CNAME", ["CNAME"])


def test_ignored_matches_any_part():
    assert is_ignored("css/.#draft.css", [".#*"])
    assert not is_ignored("css/site.css", [".#*"])


@contextmanager
def serving_process(output: Path) -> Iterator[str]:
    """Run `tools/serve.py` (what `make serve` runs) on `output`; yield its URL."""
    port = free_port()
    serve = [sys.executable, str(PROJECT_ROOT / "tools" / "serve.py")]
    server = subprocess.Popen(
        [*serve, "--output", str(output), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(url + "/"), url)
        yield url
    finally:
        stop_all(server, set(), PATIENCE)


# --- real builds ------------------------------------------------------------------
@pytest.fixture
def rebuilt(tmp_path):
    """Build the fixture, delete one post and rename another, build again."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    output = tmp_path / "output"
    overrides = {"OUTPUT_RETENTION": ["CNAME"]}
    first = build_site(content, output, overrides=overrides)
    assert (output / "posts" / "alpha-lesson" / "index.html").is_file()
    (output / "CNAME").write_text("blog.example.org\n")
    (content / "posts" / "alpha.md").unlink()
    bravo = content / "posts" / "bravo.md"
    bravo.write_text(
        bravo.read_text()
        .replace("Bravo Lesson", "Renamed Lesson")
        .replace("bravo-lesson", "renamed-lesson")
    )
    second = build_site(content, output, overrides=overrides)
    return first, second


def test_a_deleted_or_renamed_posts_page_is_gone_after_the_next_build(rebuilt):
    _first, second = rebuilt
    output = second.output
    assert not (output / "posts" / "alpha-lesson").exists()
    assert not (output / "posts" / "bravo-lesson").exists()
    assert (output / "posts" / "renamed-lesson" / "index.html").is_file()
    assert (output / "posts" / "charlie-lesson" / "index.html").is_file()
    # What the author asked to keep stays; the theme and the search bundle too.
    assert (output / "CNAME").read_text() == "blog.example.org\n"
    assert any((output / "theme").rglob("*.css"))
    assert (output / "pagefind" / "pagefind.js").is_file()
    # Search knows only the pages this build wrote.
    urls = sorted(page["url"] for page in stored_pages(output / "pagefind"))
    assert urls == ["/about/", "/posts/charlie-lesson/", "/posts/renamed-lesson/"]


def test_two_builds_after_the_change_are_byte_identical(rebuilt, tmp_path):
    _first, second = rebuilt
    before = {
        p.relative_to(second.output): p.read_bytes()
        for p in sorted(second.output.rglob("*"))
        if p.is_file()
    }
    again = build_site(
        tmp_path / "content", second.output, overrides={"OUTPUT_RETENTION": ["CNAME"]}
    )
    after = {
        p.relative_to(again.output): p.read_bytes()
        for p in sorted(again.output.rglob("*"))
        if p.is_file()
    }
    assert after == before


def test_the_server_answers_404_for_the_deleted_post(rebuilt):
    _first, second = rebuilt
    with serving_process(second.output) as url:
        assert fetch(url + "/posts/alpha-lesson/")[0] == 404
        assert fetch(url + "/posts/bravo-lesson/")[0] == 404
        assert fetch(url + "/posts/renamed-lesson/")[0] == 200


@pytest.mark.browser
def test_a_real_search_finds_only_the_posts_that_remain(rebuilt, browser_page):
    _first, second = rebuilt
    with serving_process(second.output) as url:
        browser_page.goto(url + "/search/?q=quokkaword", wait_until="networkidle")
        browser_page.locator(".search-results li a").first.wait_for()
        status = browser_page.locator("#search-status")
        status.filter(has_text="2 posts match").wait_for()
        links = browser_page.locator(".search-results li a").all_inner_texts()
        assert sorted(links) == ["Charlie Lesson", "Renamed Lesson"]


def test_a_version_control_folder_in_the_output_is_kept(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    output = tmp_path / "output"
    (output / ".git").mkdir(parents=True)
    (output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    build_site(content, output, overrides={"SEARCH_INDEX": False})
    assert (output / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"


def test_an_output_folder_holding_the_content_is_never_pruned(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site / "content")
    (site / "notes.txt").write_text("mine\n")
    result = build_site(site / "content", site, overrides={"SEARCH_INDEX": False})
    assert (site / "notes.txt").read_text() == "mine\n"
    assert (site / "content" / "posts" / "alpha.md").is_file()
    assert any("nothing is removed" in w for w in result.warnings)
