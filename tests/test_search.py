"""The search plugin: index documents (pure), Pagefind runs and its bundle cache."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from search.core import CACHE_FOLDER, IndexJob, pagefind_command
from search.documents import (
    IndexDocument,
    bundle_key,
    documents_for,
    index_document,
    is_indexable_path,
)


@dataclass
class FakeContent:
    """The three attributes of a Pelican content object the plugin reads."""

    save_as: str
    title: str
    content: str


def indexed_text(bundle: Path) -> str:
    """Return the text of every page Pagefind stored in `bundle`, joined."""
    texts = []
    for fragment in sorted((bundle / "fragment").iterdir()):
        raw = gzip.decompress(fragment.read_bytes())
        texts.append(json.loads(raw.removeprefix(b"pagefind_dcd"))["content"])
    return "\n".join(texts)


def page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


# --- documents: pure -------------------------------------------------------------
def test_index_document_has_the_title_as_heading_and_the_body():
    document = index_document(
        "posts/a/index.html", "Ask &amp; listen", "<p>Body text</p>", 'e"n'
    )
    assert document.path == "posts/a/index.html"
    assert "<title>Ask &amp; listen</title>" in document.html
    assert "<h1>Ask &amp; listen</h1>" in document.html
    assert "<p>Body text</p>" in document.html
    assert '<html lang="e&quot;n">' in document.html


@pytest.mark.parametrize(
    ("path", "indexable"),
    [
        ("posts/a/index.html", True),
        ("about.htm", True),
        ("feeds/all.atom.xml", False),
        ("", False),
        ("/etc/passwd.html", False),
        ("../outside/index.html", False),
        ("posts/../../x.html", False),
    ],
)
def test_is_indexable_path(path, indexable):
    assert is_indexable_path(path) is indexable


def test_documents_for_leaves_out_pages_saved_nowhere_or_outside():
    contents = [
        FakeContent("posts/a/index.html", "A", "<p>a</p>"),
        FakeContent("", "Not saved", "<p>x</p>"),
        FakeContent("../escape/index.html", "Outside", "<p>x</p>"),
        FakeContent("posts\\b\\index.html", "B", "<p>b</p>"),
    ]
    documents = list(documents_for(contents, "en", lambda c: c.content))
    assert [d.path for d in documents] == ["posts/a/index.html", "posts/b/index.html"]


def test_bundle_key_ignores_order_but_not_text_path_or_indexer():
    first = IndexDocument("a/index.html", "<p>one</p>")
    second = IndexDocument("b/index.html", "<p>two</p>")
    key = bundle_key([first, second], "1.5.2")
    assert bundle_key([second, first], "1.5.2") == key
    assert (
        bundle_key([first, IndexDocument("b/index.html", "<p>2</p>")], "1.5.2") != key
    )
    assert (
        bundle_key([first, IndexDocument("c/index.html", "<p>two</p>")], "1.5.2") != key
    )
    assert bundle_key([first, second], "1.6.0") != key
    assert bundle_key([first], "1.5.2") != key


# --- the indexer: real Pagefind runs ---------------------------------------------
DOCUMENTS = [
    index_document("posts/ask/index.html", "Ask first", "<p>pelicans listen</p>", "en"),
    index_document("about/index.html", "About", "<p>a journal of trade</p>", "en"),
]


def test_pagefind_command_writes_the_bundle_where_asked(tmp_path):
    command = pagefind_command(tmp_path / "site", tmp_path / "bundle")
    assert command[command.index("--site") + 1] == str(tmp_path / "site")
    assert command[command.index("--output-path") + 1] == str(tmp_path / "bundle")


def test_job_indexes_the_documents_and_replaces_a_stale_bundle(tmp_path):
    target = tmp_path / "output" / "pagefind"
    stale = target / "fragment" / "old.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    job = IndexJob.start(DOCUMENTS, timeout=60)
    result = job.finish(target)
    assert result.returncode == 0, result.output
    assert (target / "pagefind.js").is_file()
    assert not stale.exists()
    assert page_count(target) == 2
    assert "pelicans listen" in indexed_text(target)
    # The scratch folder with the documents is gone.
    assert job.workdir is None


def test_job_that_times_out_leaves_the_old_bundle_alone(tmp_path):
    target = tmp_path / "pagefind"
    target.mkdir()
    (target / "pagefind.js").write_text("previous", encoding="utf-8")
    job = IndexJob.start(DOCUMENTS, timeout=0.001)
    result = job.finish(target)
    assert result.returncode == -1
    assert "timed out" in result.output
    assert (target / "pagefind.js").read_text(encoding="utf-8") == "previous"


def test_cache_reuses_the_bundle_for_the_same_documents_only(tmp_path):
    cache = tmp_path / "cache"
    first = IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache)
    assert first.cached is None
    assert first.process is not None
    assert first.finish(tmp_path / "one").returncode == 0
    assert (cache / CACHE_FOLDER / "key").read_text(
        encoding="ascii"
    ).strip() == first.key

    again = IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache)
    assert again.process is None
    assert again.cached is not None
    result = again.finish(tmp_path / "two")
    assert result.returncode == 0
    assert indexed_text(tmp_path / "two") == indexed_text(tmp_path / "one")

    edited = [
        DOCUMENTS[0],
        index_document("about/index.html", "About", "<p>new</p>", "en"),
    ]
    changed = IndexJob.start(edited, timeout=60, cache_dir=cache)
    assert changed.cached is None
    assert changed.finish(tmp_path / "three").returncode == 0
    assert "new" in indexed_text(tmp_path / "three")
    # The earlier output keeps its own files when the cache moves on.
    assert "a journal of trade" in indexed_text(tmp_path / "two")


def test_half_written_cache_is_not_reused(tmp_path):
    cache = tmp_path / "cache"
    job = IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache)
    assert job.finish(tmp_path / "out").returncode == 0
    (cache / CACHE_FOLDER / "key").unlink()
    assert IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache).cached is None


# --- in real builds --------------------------------------------------------------
def _messages(result) -> str:
    return "\n".join(record.getMessage() for record in result.records)


def test_cached_rebuild_reuses_the_index_until_a_post_changes(
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
    assert page_count(bundle) == 3
    assert "reused" not in _messages(first)

    second = site_builder(content, overrides=cached)
    assert "search: reused the unchanged index" in _messages(second)
    assert page_count(bundle) == 3

    post = content / "posts" / "first-post.md"
    post.write_text(
        post.read_text(encoding="utf-8") + "\nA brand new word: zanzibarite.\n",
        encoding="utf-8",
    )
    third = site_builder(content, overrides=cached)
    assert "reused" not in _messages(third)
    assert "zanzibarite" in indexed_text(bundle)


def test_cold_build_without_the_cache_never_reuses(fixture_content, site_builder):
    content = fixture_content("site_minimal")
    for _ in range(2):
        result = site_builder(content, overrides={"SEARCH_INDEX": True})
        assert "reused" not in _messages(result)
    assert "Listening comes first" in indexed_text(result.output / "pagefind")


def test_nothing_to_index_removes_the_old_bundle_and_succeeds(tmp_path):
    target = tmp_path / "pagefind"
    target.mkdir()
    (target / "pagefind.js").write_text("previous", encoding="utf-8")
    job = IndexJob.start([], timeout=60)
    assert job.process is None
    result = job.finish(target)
    assert result.returncode == 0
    assert not target.exists()


def test_a_journal_with_nothing_published_yet_builds(tmp_path, site_builder):
    content = tmp_path / "empty-content"
    content.mkdir()
    result = site_builder(content, overrides={"SEARCH_INDEX": True})
    assert result.warnings == []
    assert (result.output / "search" / "index.html").is_file()
    assert not (result.output / "pagefind").exists()
