"""`make check` and the build read the same files by the same rules.

Each case is a tree the build reads cleanly; check must then report no error and
no warning the build would not give. Both ask Pelican (its file discovery, its
tag slugs) and the plugins' own functions, so they cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT, build_site

from common_ground_core.source import content_files, load_settings
from common_ground_tools.content_checks import check_tree

POST = "Title: {title}\nDate: 2024-0{day}-01\n{extra}\nA short post.\n"


def write(path: Path, text: str) -> None:
    """Write one content file, folders included."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check_and_build(content: Path, tmp_path: Path, **overrides):
    """Return (make check's problems, the build's warnings) with the same settings."""
    settings = load_settings(PROJECT_ROOT / "pelicanconf.py", content, **overrides)
    problems = check_tree(content, settings, "content")
    built = build_site(
        content, tmp_path / "output", overrides={"SEARCH_INDEX": False, **overrides}
    )
    return problems, built.warnings


def test_pelicans_default_article_paths_read_pages_once(tmp_path):
    content = tmp_path / "content"
    write(content / "posts" / "first.md", POST.format(title="First", day=1, extra=""))
    # A page has no date: read as an article too, check would demand one.
    write(content / "pages" / "about.md", "Title: About\n\nWho writes here.\n")
    problems, warnings = check_and_build(content, tmp_path, ARTICLE_PATHS=[""])
    assert warnings == []
    assert problems == []


def test_discovery_is_pelicans_own(tmp_path):
    content = tmp_path / "content"
    write(content / "posts" / "kept.md", POST.format(title="Kept", day=1, extra=""))
    write(content / "posts" / "drafts" / "left.md", "not a post")
    write(content / "posts" / "notes.txt", "not Markdown")
    settings = load_settings(
        PROJECT_ROOT / "pelicanconf.py",
        content,
        ARTICLE_EXCLUDES=["comments", "series", "posts/drafts"],
    )
    found = content_files(content, settings, "ARTICLE")
    assert [p.relative_to(content).as_posix() for p in found] == ["posts/kept.md"]


@pytest.mark.parametrize(
    "tag", ["Lessons Learned", "lessons-learned", "LESSONS-learned"]
)
def test_a_series_rule_matches_a_tag_by_name_or_slug_in_both(tmp_path, tag):
    content = tmp_path / "content"
    for day in (1, 2):
        write(
            content / "posts" / f"part-{day}.md",
            POST.format(
                title=f"Part {day}",
                day=day,
                extra=f"Tags: {tag}\nSeries_index: {day}\n",
            ),
        )
    rules = [{"series": "Lessons", "tag": "lessons-learned"}]
    problems, warnings = check_and_build(content, tmp_path, SERIES_RULES=rules)
    assert warnings == []
    assert problems == [], json.dumps([p.format() for p in problems])
