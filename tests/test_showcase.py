"""The project's own content/ builds cleanly into a complete site."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkcheck import broken_references
from sitebuild import SHOWCASE_CONTENT

pytestmark = pytest.mark.slow


def _metadata(path: Path) -> dict[str, str]:
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    pairs = (line.split(":", 1) for line in header.splitlines() if ":" in line)
    return {key.strip().lower(): value.strip() for key, value in pairs}


POSTS = sorted(
    path
    for path in (SHOWCASE_CONTENT / "posts").rglob("*.md")
    if _metadata(path).get("status", "published") == "published"
)


def test_showcase_builds_with_zero_warnings(showcase):
    assert showcase.warnings == []


def test_showcase_has_enough_posts_and_categories():
    categories = {_metadata(p)["category"] for p in POSTS}
    assert len(POSTS) >= 10
    assert len(categories) >= 3


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.stem)
def test_every_post_category_and_tag_page_exists(showcase, post):
    meta = _metadata(post)
    assert (showcase.output / "posts" / meta["slug"] / "index.html").is_file()
    category_slug = meta["category"].lower().replace(" ", "-")
    assert (showcase.output / "category" / category_slug / "index.html").is_file()
    for tag in filter(None, (t.strip() for t in meta.get("tags", "").split(","))):
        assert (showcase.output / "tag" / tag / "index.html").is_file()


def test_showcase_internal_references_resolve(showcase):
    assert broken_references(showcase.output) == []
