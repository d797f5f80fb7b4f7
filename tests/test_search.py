"""The search plugin: index documents (pure), Pagefind runs and its bundle cache."""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from search.core import CACHE_FOLDER, PARTS_MANIFEST, IndexJob, parts_manifest
from search.documents import (
    BundleKey,
    IndexDocument,
    Vocabulary,
    documents_for,
    in_parts,
    index_document,
    is_indexable_path,
    searchable,
    source_key,
)
from search.indexer import pagefind_command
from sitebuild import PROJECT_ROOT, run_pelican


@dataclass
class FakeContent:
    """The attributes of a Pelican content object the plugin reads."""

    save_as: str
    title: str
    content: str
    date: datetime | None = None


def fragments(bundle: Path) -> list[dict]:
    """Return every page Pagefind stored in `bundle`, vocabulary pages included."""
    stored = []
    for fragment in sorted((bundle / "fragment").iterdir()):
        raw = gzip.decompress(fragment.read_bytes())
        stored.append(json.loads(raw.removeprefix(b"pagefind_dcd")))
    return stored


def is_vocabulary(fragment: dict) -> bool:
    return fragment.get("filters", {}).get("vocabulary") == ["all"]


def indexed_text(bundle: Path) -> str:
    """Return the text of every page of the site stored in `bundle`, joined."""
    return "\n".join(f["content"] for f in fragments(bundle) if not is_vocabulary(f))


def page_count(bundle: Path) -> int:
    """Return how many of the site's pages `bundle` holds."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    stored = sum(language["page_count"] for language in entry["languages"].values())
    return stored - sum(is_vocabulary(f) for f in fragments(bundle))


def part_bundles(bundle: Path) -> list[Path]:
    """Return the bundle's parts as the search page finds them: first, then listed."""
    listed = json.loads((bundle / PARTS_MANIFEST).read_text(encoding="utf-8"))["parts"]
    return [bundle, *(bundle / part for part in listed)]


def all_indexed_text(bundle: Path) -> str:
    return "\n".join(indexed_text(part) for part in part_bundles(bundle))


def total_page_count(bundle: Path) -> int:
    return sum(page_count(part) for part in part_bundles(bundle))


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
    documents = list(documents_for(searchable(contents), "en", lambda c: c.content))
    assert [d.path for d in documents] == ["posts/a/index.html", "posts/b/index.html"]


def test_documents_come_undated_pages_first_then_posts_oldest_first():
    def day(n: int) -> datetime:
        return datetime(2026, 1, n, tzinfo=UTC)

    contents = [
        FakeContent("posts/new/index.html", "New", "", day(9)),
        FakeContent("pages/z/index.html", "Z page", ""),
        FakeContent("posts/old/index.html", "Old", "", day(1)),
        FakeContent("posts/b-same/index.html", "Same day B", "", day(5)),
        FakeContent("posts/a-same/index.html", "Same day A", "", day(5)),
        FakeContent("pages/a/index.html", "A page", ""),
    ]
    documents = documents_for(searchable(contents), "en", lambda c: c.content)
    assert [d.path.split("/")[1] for d in documents] == [
        "a",
        "z",
        "old",
        "a-same",
        "b-same",
        "new",
    ]


def test_in_parts_cuts_consecutive_parts_of_at_most_the_size():
    documents = [IndexDocument(f"{n}.html", "") for n in range(5)]
    parts = [[d.path for d in part] for part in in_parts(documents, 2)]
    assert parts == [["0.html", "1.html"], ["2.html", "3.html"], ["4.html"]]
    assert [len(list(p)) for p in in_parts(documents, 500)] == [5]
    assert list(in_parts([], 3)) == []


def test_parts_manifest_lists_the_parts_after_the_first_and_the_filter():
    assert json.loads(parts_manifest(1)) == {"parts": []}
    assert json.loads(parts_manifest(3)) == {
        "parts": ["part-2/", "part-3/"],
        "filters": {"not": {"vocabulary": "all"}},
    }


def test_vocabulary_holds_every_word_of_the_text_once_in_order():
    vocabulary = Vocabulary()
    vocabulary.add('<h1>Ask &amp; listen</h1>\n<p class="x">listen <em>twice</em></p>')
    vocabulary.add("<p>Ask<br>again</p>")
    page = vocabulary.page("en")
    assert '<p data-pagefind-filter="vocabulary:all">' in page
    assert ">&amp; Ask again listen twice</p>" in page
    assert "class" not in page


def _key(documents: list[IndexDocument], version: str = "1.5.2") -> str:
    key = BundleKey(version)
    for document in documents:
        key.add(document)
    return key.hexdigest()


def test_part_key_changes_with_text_path_membership_or_indexer():
    first = IndexDocument("a/index.html", "<p>one</p>")
    second = IndexDocument("b/index.html", "<p>two</p>")
    key = _key([first, second])
    assert _key([first, second]) == key
    assert _key([first, IndexDocument("b/index.html", "<p>2</p>")]) != key
    assert _key([first, IndexDocument("c/index.html", "<p>two</p>")]) != key
    assert _key([first, second], "1.6.0") != key
    assert _key([first]) != key
    # Where one document ends and the next begins is part of the key.
    assert _key([IndexDocument("a/index.html", "<p>one</p>b/index.html")]) != _key(
        [IndexDocument("a/index.html", "<p>one</p>"), IndexDocument("b/index.html", "")]
    )


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
    # One part: the list of further parts is empty, and nothing is left beside it.
    assert part_bundles(target) == [target]
    assert sorted(p.name for p in target.parent.iterdir()) == ["pagefind"]
    # The scratch folder with the documents is gone.
    assert job.workdir is None


THREE_DOCUMENTS = [
    index_document("a/index.html", "Alpha", "<p>aardvarks listen</p>", "en"),
    index_document("b/index.html", "Bravo", "<p>badgers ask</p>", "en"),
    index_document("c/index.html", "Charlie", "<p>cormorants wait</p>", "en"),
]


def test_parts_are_indexed_one_by_one_and_merged_by_the_manifest(tmp_path):
    target = tmp_path / "pagefind"
    job = IndexJob.start(THREE_DOCUMENTS, timeout=60, part_size=2)
    assert [part.documents for part in job.parts] == [2, 1]
    result = job.finish(target)
    assert result.returncode == 0, result.output
    first, second = part_bundles(target)
    assert second == target / "part-2"
    assert page_count(first) == 2
    assert page_count(second) == 1
    assert "cormorants wait" in indexed_text(second)
    assert "cormorants" not in indexed_text(first)
    # A merged part is only data: the search code and wasm come from the first.
    assert (first / "pagefind.js").is_file()
    assert sorted(p.name for p in second.iterdir() if p.is_dir()) == [
        "filter",
        "fragment",
        "index",
    ]
    assert not list(second.glob("*.js"))
    assert not list(second.glob("wasm.*"))
    assert len(list(second.glob("pagefind.*.pf_meta"))) == 1


def test_job_that_times_out_leaves_the_old_bundle_alone(tmp_path):
    target = tmp_path / "pagefind"
    target.mkdir()
    (target / "pagefind.js").write_text("previous", encoding="utf-8")
    job = IndexJob.start(DOCUMENTS, timeout=0.001)
    result = job.finish(target)
    assert result.returncode == -1
    assert "timed out" in result.output
    assert (target / "pagefind.js").read_text(encoding="utf-8") == "previous"
    assert job.workdir is None


def _cached_keys(cache: Path) -> set[str]:
    return {p.name for p in (cache / CACHE_FOLDER).iterdir() if p.is_dir()}


def test_cache_reindexes_only_the_parts_whose_documents_changed(tmp_path):
    cache = tmp_path / "cache"
    first = IndexJob.start(THREE_DOCUMENTS, timeout=60, cache_dir=cache, part_size=1)
    assert first.finish(tmp_path / "one").returncode == 0
    assert len(first.pending) == 3
    assert _cached_keys(cache) == {part.key for part in first.parts}

    again = IndexJob.start(THREE_DOCUMENTS, timeout=60, cache_dir=cache, part_size=1)
    assert again.finish(tmp_path / "two").returncode == 0
    assert again.pending == []
    assert again.reused_all
    assert all_indexed_text(tmp_path / "two") == all_indexed_text(tmp_path / "one")

    # Same words, new order: only that part's documents changed.
    reordered = [
        *THREE_DOCUMENTS[:2],
        index_document("c/index.html", "Charlie", "<p>wait cormorants</p>", "en"),
    ]
    changed = IndexJob.start(reordered, timeout=60, cache_dir=cache, part_size=1)
    assert changed.finish(tmp_path / "three").returncode == 0
    assert [part.number for part in changed.pending] == [3]
    assert "wait cormorants" in all_indexed_text(tmp_path / "three")
    assert "cormorants wait" not in all_indexed_text(tmp_path / "three")
    # The part no build uses any more is gone from the cache.
    assert _cached_keys(cache) == {part.key for part in changed.parts}
    # The earlier output keeps its own files when the cache moves on.
    assert "cormorants wait" in all_indexed_text(tmp_path / "two")

    # A word new to the site changes every part's vocabulary page.
    new_word = [
        *reordered[:2],
        index_document("c/index.html", "Charlie", "<p>curlews sing</p>", "en"),
    ]
    grown = IndexJob.start(new_word, timeout=60, cache_dir=cache, part_size=1)
    assert grown.finish(tmp_path / "four").returncode == 0
    assert len(grown.pending) == 3
    assert "curlews sing" in all_indexed_text(tmp_path / "four")


def test_every_part_of_several_knows_the_whole_vocabulary(tmp_path):
    target = tmp_path / "pagefind"
    assert (
        IndexJob.start(THREE_DOCUMENTS, 60, part_size=2).finish(target).returncode == 0
    )
    for part in part_bundles(target):
        (vocabulary,) = [f for f in fragments(part) if is_vocabulary(f)]
        for word in ("Alpha", "aardvarks", "badgers", "cormorants", "wait"):
            assert word in vocabulary["content"].rstrip(".").split()
    # One part alone needs none.
    single = tmp_path / "single"
    assert IndexJob.start(THREE_DOCUMENTS, 60).finish(single).returncode == 0
    assert not any(is_vocabulary(f) for f in fragments(single))


def test_not_reused_when_asked_not_to_but_still_kept(tmp_path):
    cache = tmp_path / "cache"
    IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache).finish(tmp_path / "a")
    fresh = IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache, reuse=False)
    assert fresh.finish(tmp_path / "b").returncode == 0
    assert len(fresh.pending) == 1
    assert _cached_keys(cache) == {fresh.parts[0].key}


def test_a_part_missing_from_the_cache_is_indexed_with_its_vocabulary(tmp_path):
    cache = tmp_path / "cache"
    first = IndexJob.start(THREE_DOCUMENTS, timeout=60, cache_dir=cache, part_size=1)
    assert first.finish(tmp_path / "one").returncode == 0
    # Unchanged documents: the keys come from the last build's record.
    assert (cache / CACHE_FOLDER / "keys.json").is_file()
    again = IndexJob.start(THREE_DOCUMENTS, timeout=60, cache_dir=cache, part_size=1)
    assert again.finish(tmp_path / "two").returncode == 0
    assert again.reused_all

    shutil.rmtree(cache / CACHE_FOLDER / first.parts[1].key)
    third = IndexJob.start(THREE_DOCUMENTS, timeout=60, cache_dir=cache, part_size=1)
    assert third.finish(tmp_path / "three").returncode == 0
    assert [part.number for part in third.pending] == [2]
    assert [part.key for part in third.parts] == [part.key for part in first.parts]
    rebuilt = part_bundles(tmp_path / "three")[1]
    assert any(is_vocabulary(f) for f in fragments(rebuilt))
    assert all_indexed_text(tmp_path / "three") == all_indexed_text(tmp_path / "one")


def _never_made():
    raise AssertionError("documents were made although their sources are unchanged")
    yield  # pragma: no cover - makes this a generator


def test_unchanged_sources_take_the_parts_without_making_documents(tmp_path):
    cache = tmp_path / "cache"
    first = IndexJob.start(
        THREE_DOCUMENTS, timeout=60, cache_dir=cache, part_size=2, source="s1"
    )
    assert first.finish(tmp_path / "one").returncode == 0
    again = IndexJob.start(
        _never_made(), timeout=60, cache_dir=cache, part_size=2, source="s1"
    )
    assert again.process is None
    assert again.finish(tmp_path / "two").returncode == 0
    assert again.reused_all
    assert [part.documents for part in again.parts] == [2, 1]
    assert all_indexed_text(tmp_path / "two") == all_indexed_text(tmp_path / "one")
    # Other sources, or no reuse asked for: the documents are made and compared.
    for source, reuse in (("s2", True), ("s1", False)):
        job = IndexJob.start(
            THREE_DOCUMENTS,
            timeout=60,
            cache_dir=cache,
            part_size=2,
            source=source,
            reuse=reuse,
        )
        assert job.process is not None
        assert job.finish(tmp_path / "three").returncode == 0


def test_source_key_follows_text_titles_paths_links_and_settings():
    entries = [("a/index.html", "A", "<p>one</p>"), ("b/index.html", "B", "<p>2</p>")]
    links = [("generated_content:a.md", "/a/"), ("static_content:i.png", "/i.png")]
    settings = {"SITEURL": "", "JINJA_FILTERS": {"f": len}, "lowercase": object()}
    key = source_key(entries, links, settings, ["4.12"])
    # Stable across runs: objects in settings are described by type, not address.
    assert source_key(entries, links, dict(settings), ["4.12"]) == key
    changed = [
        source_key(
            [entries[0], ("b/index.html", "B", "<p>3</p>")], links, settings, ["4.12"]
        ),
        source_key(
            [entries[0], ("b/index.html", "Bee", "<p>2</p>")], links, settings, ["4.12"]
        ),
        source_key(
            [entries[0], ("c/index.html", "B", "<p>2</p>")], links, settings, ["4.12"]
        ),
        source_key(entries, [(links[0][0], "/moved/"), links[1]], settings, ["4.12"]),
        source_key(entries, links, {**settings, "SITEURL": "/x"}, ["4.12"]),
        source_key(entries, links, settings, ["4.13"]),
    ]
    assert key not in changed
    assert len(set(changed)) == len(changed)


def test_half_written_cache_is_not_reused(tmp_path):
    cache = tmp_path / "cache"
    job = IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache)
    assert job.finish(tmp_path / "out").returncode == 0
    (kept,) = [p for p in (cache / CACHE_FOLDER).iterdir() if p.is_dir()]
    (kept / "pagefind-entry.json").unlink()
    again = IndexJob.start(DOCUMENTS, timeout=60, cache_dir=cache)
    assert again.finish(tmp_path / "out").returncode == 0
    assert not again.reused_all
    assert page_count(tmp_path / "out") == 2


def test_a_failing_pagefind_leaves_the_old_bundle_and_says_why(tmp_path):
    # Stands in for Pagefind (site and bundle folders are appended): it fails.
    failing = [sys.executable, "-c", "import sys; print('no disk'); sys.exit(3)"]
    target = tmp_path / "pagefind"
    target.mkdir()
    (target / "pagefind.js").write_text("previous", encoding="utf-8")
    job = IndexJob.start(THREE_DOCUMENTS, timeout=60, part_size=1, pagefind=failing)
    result = job.finish(target)
    assert result.returncode == 3
    assert result.output == "pagefind failed on part 1 (exit 3): no disk"
    assert (target / "pagefind.js").read_text(encoding="utf-8") == "previous"
    assert job.workdir is None


# --- in real builds --------------------------------------------------------------
def _cached_build(tmp_path: Path) -> dict:
    """Return the settings of an indexing build with Pelican's content cache on."""
    return {
        "SEARCH_INDEX": True,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "pelican-cache"),
    }


def _messages(result) -> str:
    return "\n".join(record.getMessage() for record in result.records)


def test_cached_rebuild_reuses_the_index_until_a_post_changes(
    fixture_content, site_builder, tmp_path
):
    content = fixture_content("site_minimal")
    cached = _cached_build(tmp_path)
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


def test_a_post_edit_reindexes_only_its_own_part_until_it_brings_a_new_word(
    fixture_content, site_builder, tmp_path
):
    content = fixture_content("site_minimal")
    cached = {**_cached_build(tmp_path), "SEARCH_PART_SIZE": 1}
    first = site_builder(content, overrides=cached)
    bundle = first.output / "pagefind"
    assert "in 3 parts: 3 indexed, 0 reused" in _messages(first)
    assert len(part_bundles(bundle)) == 3
    assert total_page_count(bundle) == 3

    post = content / "posts" / "first-post.md"
    post.write_text(
        post.read_text(encoding="utf-8") + "\nListening comes first.\n",
        encoding="utf-8",
    )
    second = site_builder(content, overrides=cached)
    assert "in 3 parts: 1 indexed, 2 reused" in _messages(second)
    assert all_indexed_text(bundle).count("Listening comes first") == 2
    assert total_page_count(bundle) == 3

    post.write_text(
        post.read_text(encoding="utf-8") + "\nA brand new word: zanzibarite.\n",
        encoding="utf-8",
    )
    third = site_builder(content, overrides=cached)
    assert "in 3 parts: 3 indexed, 0 reused" in _messages(third)
    assert "zanzibarite" in all_indexed_text(bundle)
    assert total_page_count(bundle) == 3


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
    assert job.parts == []
    assert job.pending == []
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
