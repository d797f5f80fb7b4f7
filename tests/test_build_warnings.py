"""Every build warning names the file it is about."""

from __future__ import annotations

from pathlib import Path

from sitebuild import build_site

from pelican.plugins.common_ground_build_summary.links import broken_links, resolve

FIXTURES = Path(__file__).parent / "fixtures"


def test_resolve_is_relative_to_the_post_or_to_the_content_root():
    assert resolve("/posts/a.md", "posts/b.md") == "posts/a.md"
    assert resolve("a.md#part", "posts/b.md") == "posts/a.md"
    assert resolve("../pages/about.md", "posts/b.md") == "pages/about.md"


def test_broken_links_skips_known_targets_and_self_anchors():
    html = (
        '<a href="{filename}/posts/a.md">a</a> <a href="{filename}#x">me</a>'
        "<img src='|filename|/posts/gone.md'>"
    )
    assert broken_links(html, "posts/b.md", {"posts/a.md"}) == ["/posts/gone.md"]


def test_a_broken_filename_link_warning_names_the_post(tmp_path):
    result = build_site(
        FIXTURES / "check_broken_filename_link",
        tmp_path / "output",
        overrides={"SEARCH_INDEX": False},
    )
    ours = [
        w for w in result.warnings if "/posts/missing.md" in w and "Unable" not in w
    ]
    assert ours == [
        "posts/linker.md: {filename} link to '/posts/missing.md' points at no post, "
        "page or file; the link is left as written (make check shows the line)"
    ]
