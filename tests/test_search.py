"""The search plugin: one Pagefind run over the finished output."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT, run_pelican

from pelican.plugins.common_ground_search.bundle import PagefindError, build_bundle
from pelican.plugins.common_ground_search.core import (
    has_marked_page,
    is_indexed,
    pagefind_command,
)


def stored_pages(bundle: Path) -> list[dict]:
    """Return every page Pagefind stored in `bundle`."""
    stored = []
    for fragment in sorted((bundle / "fragment").iterdir()):
        raw = gzip.decompress(fragment.read_bytes())
        stored.append(json.loads(raw.removeprefix(b"pagefind_dcd")))
    return stored


def indexed_text(bundle: Path) -> str:
    """Return the text of every page stored in `bundle`, joined."""
    return "\n".join(page["content"] for page in stored_pages(bundle))


def write_site(site: Path, pages: dict[str, str]) -> None:
    """Write finished pages (path: body) as a built site would have them."""
    for path, body in pages.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="en"><head><title>{path}</title></head>'
            f"<body><nav>Site menu words</nav>{body}</body></html>",
            encoding="utf-8",
        )


MARKED = {
    "posts/a/index.html": "<h1 data-pagefind-body>Alpha</h1>"
    "<div data-pagefind-body><p>aardvarks listen</p></div>",
    "posts/b/index.html": "<h1 data-pagefind-body>Bravo</h1>"
    "<div data-pagefind-body><p>badgers ask</p></div>",
    "index.html": "<p>a listing that must not be indexed</p>",
}


# --- pure ------------------------------------------------------------------------
def test_pagefind_command_writes_the_bundle_where_asked():
    command = pagefind_command("site", "bundle")
    assert command[command.index("--site") + 1] == "site"
    assert command[command.index("--output-path") + 1] == "bundle"


@pytest.mark.parametrize(
    ("path", "indexed"),
    [
        ("index.html", True),
        ("posts/a/index.html", True),
        ("feeds/all.atom.xml", False),
        ("pagefind/pagefind-ui.css", False),
        ("pagefind/some.html", False),
        ("pagefinder/index.html", True),
    ],
)
def test_is_indexed_is_every_html_file_outside_the_bundle(path, indexed):
    assert is_indexed(path, "pagefind") is indexed


def test_has_marked_page():
    assert has_marked_page([b"<p>no</p>", b'<div data-pagefind-body="">'])
    assert not has_marked_page([b"<p>listing</p>"])


# --- Pagefind on a finished folder ------------------------------------------------
def test_indexes_only_the_marked_regions_and_replaces_a_stale_bundle(tmp_path):
    site = tmp_path / "output"
    write_site(site, MARKED)
    stale = site / "pagefind" / "fragment" / "old.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    outcome = build_bundle(site, "pagefind", 60)
    assert (outcome.action, outcome.pages) == ("indexed", 2)
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert not stale.exists()
    text = indexed_text(bundle)
    assert "aardvarks listen" in text
    assert "listing" not in text
    assert "Site menu" not in text
    # No scratch folder is left in the output.
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "pagefind", "posts"]


def test_a_failing_pagefind_leaves_the_old_bundle_and_says_why(tmp_path, monkeypatch):
    site = tmp_path / "output"
    write_site(site, MARKED)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("previous", encoding="utf-8")
    # A real process that fails the way Pagefind does, with words on its output.
    monkeypatch.setattr(
        "pelican.plugins.common_ground_search.bundle.pagefind_command",
        lambda s, b: ["sh", "-c", "echo no space left on device; exit 3"],
    )
    with pytest.raises(PagefindError, match="exited with 3: no space left"):
        build_bundle(site, "pagefind", 60)
    assert (site / "pagefind" / "pagefind.js").read_text("utf-8") == "previous"
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "pagefind", "posts"]


def test_a_stuck_pagefind_is_stopped_with_everything_it_started(tmp_path, monkeypatch):
    site = tmp_path / "output"
    write_site(site, MARKED)
    pid_file = tmp_path / "child.pid"
    monkeypatch.setattr(
        "pelican.plugins.common_ground_search.bundle.pagefind_command",
        lambda s, b: ["sh", "-c", f"sleep 30 & echo $! > {pid_file}; wait"],
    )
    with pytest.raises(PagefindError, match=r"longer than 0\.5 s"):
        build_bundle(site, "pagefind", 0.5)
    child = int(pid_file.read_text())
    # The grandchild was in the stopped process group: gone, or a zombie.
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)
    assert not (site / "pagefind").exists()


def _running(pid: int) -> bool:
    """Tell whether process `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_nothing_marked_removes_the_old_bundle_and_succeeds(tmp_path):
    site = tmp_path / "output"
    write_site(site, {"index.html": "<p>Nothing published here yet.</p>"})
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("previous", encoding="utf-8")
    assert build_bundle(site, "pagefind", 60).action == "nothing"
    assert not (site / "pagefind").exists()


# --- in real builds --------------------------------------------------------------
def _messages(result) -> str:
    return "\n".join(record.getMessage() for record in result.records)


def test_a_real_build_indexes_posts_and_pages_but_not_listings_or_comments(
    fixture_content, site_builder, tmp_path
):
    content = fixture_content("site_minimal")
    cached = {
        "SEARCH_INDEX": True,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "pelican-cache"),
    }
    first = site_builder(content, overrides=cached)
    assert first.warnings == []
    bundle = first.output / "pagefind"
    urls = sorted(page["url"] for page in stored_pages(bundle))
    assert urls == sorted(
        "/" + path.relative_to(first.output).as_posix().removesuffix("index.html")
        for path in first.output.rglob("*.html")
        if b"data-pagefind-body" in path.read_bytes()
    )
    assert not any(url in ("/", "/archives/") for url in urls)
    assert "search: indexed" in _messages(first)
    # Every build indexes what it wrote: an edit is found by the next search.
    post = content / "posts" / "first-post.md"
    post.write_text(
        post.read_text(encoding="utf-8") + "\nA brand new word: zanzibarite.\n",
        encoding="utf-8",
    )
    second = site_builder(content, overrides=cached)
    assert "search: indexed" in _messages(second)
    assert "zanzibarite" in indexed_text(bundle)
    assert not (tmp_path / "pelican-cache" / "search-bundle").exists()


def test_a_journal_with_nothing_published_yet_builds(tmp_path, site_builder):
    content = tmp_path / "empty-content"
    content.mkdir()
    result = site_builder(content, overrides={"SEARCH_INDEX": True})
    assert result.warnings == []
    assert (result.output / "search" / "index.html").is_file()
    assert not (result.output / "pagefind").exists()


def test_a_failed_index_fails_the_build_by_name_without_traceback(tmp_path):
    output = tmp_path / "output"
    returncode, said = run_pelican(
        PROJECT_ROOT / "tests/fixtures/site_minimal",
        output,
        # The bundle would replace the search page the build has just written.
        'SEARCH_BUNDLE_DIR="search/index.html"',
        "CACHE_CONTENT=false",
    )
    assert returncode == 1, said
    assert "Traceback" not in said
    assert "the search index was not updated" in said
    assert f"{output}/search/index.html is a file" in said
    # The page is intact and nothing half-built is left beside it.
    assert "<h1>Search</h1>" in (output / "search" / "index.html").read_text("utf-8")
    assert sorted(p.name for p in (output / "search").iterdir()) == ["index.html"]


def test_with_the_index_off_the_search_page_says_so_and_loads_no_script(
    fixture_content, site_builder
):
    result = site_builder(fixture_content("site_minimal"))  # SEARCH_INDEX off
    page = result.read("search/index.html")
    assert "This site has no search index" in page
    assert "search.js" not in page
    assert "<form" not in page.split("<main", 1)[1]
    assert not (result.output / "pagefind").exists()


def test_drafts_and_hidden_content_never_enter_the_index(fixture_content, site_builder):
    content = fixture_content("private_content")
    result = site_builder(content, overrides={"SEARCH_INDEX": True})
    text = indexed_text(result.output / "pagefind")
    assert "Quokkas" in text
    assert "Ocelotine" in text
    for word in ("Xylophonist", "Wombatology", "Narwhalish", "Pangolinery"):
        assert word not in text
    urls = sorted(page["url"] for page in stored_pages(result.output / "pagefind"))
    assert urls == ["/about/", "/posts/public-post/"]
