"""The foundation: a site builds from a content tree with the project's settings."""

from __future__ import annotations

import re

import pytest
from linkcheck import broken_references


@pytest.fixture
def minimal(fixture_content, site_builder):
    return site_builder(fixture_content("site_minimal"))


def test_minimal_site_builds_without_warnings(minimal):
    assert minimal.warnings == []
    assert (minimal.output / "index.html").is_file()


@pytest.mark.parametrize(
    "page",
    [
        "posts/a-first-post/index.html",
        "posts/a-second-post/index.html",
        "category/sales-and-influence/index.html",
        "category/conversations/index.html",
        "tag/listening/index.html",
        "tag/trust/index.html",
        "categories/index.html",
        "tags/index.html",
        "archives/index.html",
        "archives/2024/index.html",
        "about/index.html",
        "404.html",
    ],
)
def test_clean_urls_are_written(minimal, page):
    assert (minimal.output / page).is_file()


def test_every_internal_reference_resolves(minimal):
    assert broken_references(minimal.output) == []


def test_post_header_shows_date_and_category(minimal):
    html = minimal.read("posts/a-first-post/index.html")
    assert '<time datetime="2024-03-04T09:30:00-05:00">March 4, 2024</time>' in html
    assert re.search(r"Posted in <a[^>]*>Sales and Influence</a>", html)


def test_every_page_has_one_h1_and_a_skip_link(minimal):
    for page in minimal.output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count("<h1") == 1, page
        assert 'href="#main"' in html, page
        assert '<main id="main"' in html, page


def test_missing_link_target_is_reported(minimal):
    (minimal.output / "posts/a-second-post/index.html").unlink()
    assert any("a-second-post" in p for p in broken_references(minimal.output))
