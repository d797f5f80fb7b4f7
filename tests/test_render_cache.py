"""The render cache: cached rebuilds re-render only changed pages, equal to cold ones.

The build tests hold every cached rebuild to one standard: after each change, the
output must be byte-identical to a cold build of the same content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import filecmp
import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from render_cache.config import RenderCacheConfigError, get_config
from render_cache.fingerprint import digest, site_digest, volatile_digest
from render_cache.store import BuildRecords, load_records, save_records
from render_cache.tracking import DependencyTracker, install_tracker
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, build_site


# --- fingerprints: pure ------------------------------------------------------------
@dataclasses.dataclass
class Reply:
    body: str
    parent: Reply | None = None
    replies: list[Reply] = dataclasses.field(default_factory=list)


class FakePost:
    """The parts of a Pelican content object the fingerprints look at."""

    def __init__(self, path: str, text: str, comments: list[Reply]) -> None:
        self.source_path = path
        self._content = text
        self.settings = {"SITENAME": "ignored"}
        self.comments = comments
        self.title = "T"


def thread(body: str) -> list[Reply]:
    root = Reply("root")
    child = Reply(body, parent=root)
    root.replies.append(child)
    return [root]


def test_digest_is_stable_and_sees_every_change():
    when = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    value = {"b": [1, 2.5, None, True], "a": ("x", when), "s": {"p", "q"}}
    assert digest(value) == digest({"s": {"q", "p"}, "a": ("x", when), **value})
    assert digest(value) != digest({**value, "b": [1, 2.5, None, False]})
    assert digest(value) != digest({**value, "a": ("x", when.replace(minute=5))})
    assert digest("1") != digest(1)
    assert digest(["ab", "c"]) != digest(["a", "bc"])


def test_digest_of_a_cyclic_thread_terminates_and_sees_reply_text():
    assert digest(thread("one")) == digest(thread("one"))
    assert digest(thread("one")) != digest(thread("two"))


def test_temporary_values_never_share_a_description():
    # Short-lived dicts get the same id one after another; each must still be
    # described by its own content.
    posts = [FakePost(f"{n}.md", f"<p>{n}</p>" * 10, []) for n in range(5)]
    edited = list(posts)
    edited[3] = FakePost("3.md", "<p>changed</p>" * 10, [])
    volatile = frozenset({"comments"})
    assert site_digest({}, posts, volatile) != site_digest({}, edited, volatile)


def test_site_digest_leaves_out_volatile_attributes_only():
    first = FakePost("a.md", "<p>a</p>", thread("one"))
    same_but_comments = FakePost("a.md", "<p>a</p>", thread("two"))
    edited = FakePost("a.md", "<p>A</p>", thread("one"))
    volatile = frozenset({"comments"})
    key = site_digest({"v": 1}, [first], volatile)
    assert site_digest({"v": 1}, [same_but_comments], volatile) == key
    assert site_digest({"v": 1}, [edited], volatile) != key
    assert site_digest({"v": 2}, [first], volatile) != key
    assert volatile_digest(first, volatile) != volatile_digest(
        same_but_comments, volatile
    )


# --- tracking: which posts' comment data a template read ---------------------------
def tracked_environment() -> tuple[Environment, DependencyTracker]:
    env = Environment(
        loader=DictLoader(
            {
                "post.html": "{{ post.title }}",
                "thread.html": "{{ post.comments|length }}",
                "stats.html": "{{ comment_stats }}",
                "both.html": "{% include 'thread.html' %}{{ other.title }}",
            }
        )
    )
    return env, install_tracker(
        env, frozenset({"comments"}), frozenset({"comment_stats"})
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("post.html", set()),
        ("thread.html", {"attr:a.md"}),
        ("stats.html", {"context:comment_stats"}),
        # Partials record into the page that includes them.
        ("both.html", {"attr:a.md"}),
    ],
)
def test_tracker_records_volatile_reads_only(template, expected):
    env, tracker = tracked_environment()
    post, other = FakePost("a.md", "", []), FakePost("b.md", "", [])
    with tracker.capture() as found:
        env.get_template(template).render(post=post, other=other, comment_stats={})
    assert found == expected


def test_nested_captures_and_replay():
    tracker = DependencyTracker()
    with tracker.capture() as page:
        with tracker.capture() as fragment:
            tracker.record("attr:a.md")
        tracker.replay({"attr:b.md"})
    assert fragment == {"attr:a.md"}
    assert page == {"attr:a.md", "attr:b.md"}
    tracker.record("attr:c.md")  # nothing open: nothing kept
    assert page == {"attr:a.md", "attr:b.md"}


# --- records -------------------------------------------------------------------------
def test_records_reuse_only_when_site_file_and_dependencies_match(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>old</p>", encoding="utf-8")
    values = {"attr:a.md": "1"}
    first = BuildRecords(site="S", old={}, dependency_digest=values.__getitem__)
    first.mark_rendered("page.html", str(page), {"attr:a.md"})
    saved = first.finished()
    save_records(tmp_path / "records.json", saved)
    old = load_records(tmp_path / "records.json")
    assert old == saved

    def records(site: str = "S") -> BuildRecords:
        return BuildRecords(site=site, old=old, dependency_digest=values.__getitem__)

    assert records().reusable("page.html", str(page))
    assert not records("T").reusable("page.html", str(page))
    assert not records().reusable("other.html", str(page))
    values["attr:a.md"] = "2"
    assert not records().reusable("page.html", str(page))
    values["attr:a.md"] = "1"
    page.write_text("<p>edited by hand</p>", encoding="utf-8")
    assert not records().reusable("page.html", str(page))
    page.unlink()
    assert not records().reusable("page.html", str(page))


def test_unreadable_records_are_ignored(tmp_path):
    broken = tmp_path / "records.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_records(broken) == {}
    assert load_records(tmp_path / "missing.json") == {}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RENDER_CACHE", "yes"),
        ("RENDER_CACHE_VOLATILE_ATTRIBUTES", "comments"),
        ("RENDER_CACHE_VOLATILE_ATTRIBUTES", ["not a name"]),
        ("RENDER_CACHE_VOLATILE_CONTEXT", [1]),
    ],
)
def test_bad_setting_is_logged_by_name(caplog, name, value):
    with caplog.at_level(logging.ERROR), pytest.raises(RenderCacheConfigError):
        get_config({name: value})
    assert name in caplog.text


# --- real builds: every cached rebuild equals a cold build ---------------------------
def _tree_differences(one: Path, other: Path) -> list[str]:
    found = []
    names = set()
    for root in (one, other):
        for folder, _, files in os.walk(root):
            names.update(str((Path(folder) / f).relative_to(root)) for f in files)
    for name in sorted(names):
        mine, theirs = one / name, other / name
        if not (mine.is_file() and theirs.is_file()):
            found.append(f"only in one: {name}")
        elif not filecmp.cmp(mine, theirs, shallow=False):
            found.append(name)
    return found


def _counts(result) -> tuple[int, int]:
    for record in result.records:
        match = re.match(
            r"render_cache: (\d+) pages rendered, (\d+) unchanged pages kept",
            record.getMessage(),
        )
        if match:
            return int(match[1]), int(match[2])
    raise AssertionError("no render_cache summary was logged")


class Site:
    """A content tree, built cached (like `make html`) and cold side by side."""

    def __init__(self, tmp_path: Path, theme: Path) -> None:
        self.content = tmp_path / "content"
        shutil.copytree(SHOWCASE_CONTENT, self.content)
        self.tmp = tmp_path
        self.theme = theme
        self.cold_runs = 0

    def settings(self, **extra) -> dict:
        return {"SEARCH_INDEX": False, "THEME": str(self.theme), **extra}

    def cached(self, **extra):
        return build_site(
            self.content,
            self.tmp / "output",
            overrides=self.settings(
                CACHE_CONTENT=True,
                LOAD_CONTENT_CACHE=True,
                CACHE_PATH=str(self.tmp / "cache"),
                **extra,
            ),
        )

    def assert_matches_cold(self, result, **extra) -> None:
        self.cold_runs += 1
        cold = build_site(
            self.content,
            self.tmp / f"cold-{self.cold_runs}",
            overrides=self.settings(**extra),
        )
        assert result.warnings == cold.warnings
        assert _tree_differences(result.output, cold.output) == []


@pytest.fixture
def site(tmp_path) -> Site:
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT_ROOT / "theme", theme)
    return Site(tmp_path, theme)


COMMENT = """Author: Robin Quest
Date: 2025-02-01T09:00:00

A brand-new comment about trust, number {n}.
"""


def _thread_folder(site: Site) -> Path:
    return site.content / "comments" / "listen-before-you-talk"


def test_unchanged_rebuild_renders_nothing(site):
    first = site.cached()
    rendered, kept = _counts(first)
    assert kept == 0
    assert rendered > 50
    again = site.cached()
    assert _counts(again) == (0, rendered)
    site.assert_matches_cold(again)


def test_new_comment_re_renders_only_pages_that_show_that_post(site):
    rendered_first, _ = _counts(site.cached())
    (_thread_folder(site) / "zz-new.md").write_text(
        COMMENT.format(n=1), encoding="utf-8"
    )
    result = site.cached()
    rendered, kept = _counts(result)
    assert 0 < rendered < rendered_first / 2
    assert kept + rendered == rendered_first
    page = result.read("posts/listen-before-you-talk/index.html")
    assert "number 1." in page
    site.assert_matches_cold(result)


def test_moderation_reply_and_deletion_each_match_a_cold_build(site):
    site.cached()
    folder = _thread_folder(site)
    first = sorted(folder.glob("*.md"))[0]
    # A reply to an existing comment.
    (folder / "zz-reply.md").write_text(
        COMMENT.format(n=2).replace("Date:", f"Replyto: {first.stem}\nDate:"),
        encoding="utf-8",
    )
    site.assert_matches_cold(site.cached())
    # Moderated away.
    text = (folder / "zz-reply.md").read_text(encoding="utf-8")
    (folder / "zz-reply.md").write_text("Status: spam\n" + text, encoding="utf-8")
    site.assert_matches_cold(site.cached())
    # Deleted outright.
    (folder / "zz-reply.md").unlink()
    site.assert_matches_cold(site.cached())


def test_post_edit_template_edit_and_setting_change_re_render_everything(site):
    rendered_all, _ = _counts(site.cached())
    post = site.content / "posts" / "win-win-or-walk-away.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("Title: ", "Title: Edited: ", 1),
        encoding="utf-8",
    )
    result = site.cached()
    assert _counts(result)[0] == rendered_all
    site.assert_matches_cold(result)

    footer = site.theme / "templates" / "partials" / "site_footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8") + "<!-- edited footer -->\n",
        encoding="utf-8",
    )
    result = site.cached()
    assert _counts(result)[0] == rendered_all
    assert "edited footer" in result.read("index.html")
    site.assert_matches_cold(result)

    result = site.cached(SITENAME="Common Ground, renamed")
    assert _counts(result)[0] == rendered_all
    site.assert_matches_cold(result, SITENAME="Common Ground, renamed")


def test_deleted_or_hand_edited_pages_are_written_again(site):
    site.cached()
    about = site.tmp / "output" / "about" / "index.html"
    post = site.tmp / "output" / "posts" / "win-win-or-walk-away" / "index.html"
    about.unlink()
    post.write_text("vandalised", encoding="utf-8")
    result = site.cached()
    assert _counts(result)[0] == 2
    site.assert_matches_cold(result)


def test_cold_builds_keep_no_records(site):
    result = build_site(site.content, site.tmp / "output", overrides=site.settings())
    assert not (site.tmp / "output").parent.joinpath("cache", "render-cache").exists()
    assert all("render_cache:" not in r.getMessage() for r in result.records)
