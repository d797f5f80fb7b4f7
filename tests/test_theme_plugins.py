"""The theme's two helper plugins: sitemap (pure core + build) and search (Pagefind)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican.plugins.common_ground_search.config import SearchConfigError
from pelican.plugins.common_ground_search.config import get_config as search_config
from pelican.plugins.common_ground_sitemap.config import SitemapConfigError
from pelican.plugins.common_ground_sitemap.config import get_config as sitemap_config
from pelican.plugins.common_ground_sitemap.core import (
    SitemapEntry,
    collect_entries,
    is_absolute,
    keep,
    last_change,
    render_robots,
    render_sitemap,
)

EST = timezone(timedelta(hours=-5))


@dataclass
class Item:
    url: str
    date: datetime | None = None
    modified: datetime | None = None
    items: list = field(default_factory=list)


def _date(day: int) -> datetime:
    return datetime(2024, 3, day, 9, 30, tzinfo=EST)


# --- sitemap: pure core -------------------------------------------------------
@pytest.mark.parametrize(
    ("siteurl", "expected"),
    [
        ("https://example.org", True),
        ("http://example.org/blog", True),
        ("", False),
        ("..", False),
        ("/blog", False),
        ("//example.org", False),
    ],
)
def test_is_absolute(siteurl, expected):
    assert is_absolute(siteurl) is expected


def test_last_change_prefers_modified_and_ignores_missing_dates():
    items = [Item("a", _date(1), _date(9)), Item("b", _date(5)), Item("c")]
    assert last_change(items) == _date(9)
    assert last_change([Item("c")]) is None
    assert last_change([]) is None


def test_collect_entries_covers_content_terms_series_and_direct_templates():
    first, second = Item("posts/a/", _date(1)), Item("posts/b/", _date(4))
    context = {
        "articles": [second, first],
        "pages": [Item("about/")],
        "categories": [(Item("category/x/"), [first, second])],
        "tags": [(Item("tag/t/"), [first])],
        "authors": [],
        "series_list": [Item("series/s/", items=[first])],
        "DIRECT_TEMPLATES": ["index", "archives", "404", "search"],
        "ARCHIVES_URL": "archives/",
        "ARCHIVES_SAVE_AS": "archives/index.html",
    }
    entries = collect_entries(context)
    assert [e.url for e in entries] == [
        "",
        "about/",
        "archives/",
        "category/x/",
        "posts/a/",
        "posts/b/",
        "series/s/",
        "tag/t/",
    ]
    by_url = {e.url: e.lastmod for e in entries}
    assert by_url[""] == by_url["archives/"] == by_url["category/x/"] == _date(4)
    assert by_url["tag/t/"] == by_url["series/s/"] == _date(1)
    assert by_url["about/"] is None


def test_collect_entries_skips_direct_templates_that_are_not_written():
    context = {"DIRECT_TEMPLATES": ["index", "archives"], "ARCHIVES_SAVE_AS": ""}
    assert [e.url for e in collect_entries(context)] == [""]


@given(st.lists(st.sampled_from(["posts/a/", "posts/b/", "tag/x/", "about/"])))
def test_collect_entries_is_sorted_and_unique(urls):
    entries = collect_entries({"articles": [Item(u, _date(2)) for u in urls]})
    assert [e.url for e in entries] == sorted(set(urls))


def test_keep_drops_excluded_prefixes():
    entries = [SitemapEntry("drafts/x/"), SitemapEntry("posts/y/")]
    assert keep(entries, ["/drafts/"]) == [SitemapEntry("posts/y/")]
    assert keep(entries, []) == entries


def test_render_sitemap_is_escaped_and_uses_content_dates():
    xml = render_sitemap(
        "https://example.org/",
        [SitemapEntry("", _date(3)), SitemapEntry("tag/q&a/")],
    )
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')
    assert "<loc>https://example.org/</loc>" in xml
    assert "<lastmod>2024-03-03T09:30:00-05:00</lastmod>" in xml
    assert "<loc>https://example.org/tag/q&amp;a/</loc>" in xml
    assert xml.count("<lastmod>") == 1


@pytest.mark.parametrize(
    ("sitemap", "exclude", "expected"),
    [
        (None, [], "User-agent: *\nDisallow:\n"),
        (
            "https://e.org/sitemap.xml",
            ["drafts/"],
            "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://e.org/sitemap.xml\n",
        ),
    ],
)
def test_render_robots(sitemap, exclude, expected):
    assert render_robots(sitemap, exclude) == expected


# --- sitemap and search: settings ---------------------------------------------
def test_sitemap_defaults():
    config = sitemap_config({})
    assert (config.save_as, config.robots_save_as, config.exclude) == (
        "sitemap.xml",
        "robots.txt",
        (),
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SITEMAP_SAVE_AS", "/etc/sitemap.xml"),
        ("SITEMAP_SAVE_AS", None),
        ("SITEMAP_ROBOTS_SAVE_AS", "../robots.txt"),
        ("SITEMAP_EXCLUDE", "drafts/"),
        ("SITEMAP_EXCLUDE", [1]),
    ],
)
def test_bad_sitemap_setting_is_logged_by_name(caplog, name, value):
    with pytest.raises(SitemapConfigError, match=name):
        sitemap_config({name: value})
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert name in caplog.records[0].getMessage()


def test_search_defaults():
    config = search_config({})
    assert (config.index, config.bundle_dir, config.timeout) == (True, "pagefind", 120)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SEARCH_INDEX", "yes"),
        ("SEARCH_BUNDLE_DIR", ""),
        ("SEARCH_BUNDLE_DIR", "/tmp/pagefind"),
        ("SEARCH_BUNDLE_DIR", "../pagefind"),
        ("SEARCH_TIMEOUT", 0),
        ("SEARCH_TIMEOUT", True),
    ],
)
def test_bad_search_setting_is_logged_by_name(caplog, name, value):
    with pytest.raises(SearchConfigError, match=name):
        search_config({name: value})
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert name in caplog.records[0].getMessage()


# --- both plugins in real builds ---------------------------------------------------
def test_fixture_build_skips_search_index_when_disabled(fixture_content, site_builder):
    result = site_builder(fixture_content("site_minimal"))
    assert result.warnings == []
    assert not (result.output / "pagefind").exists()
    assert (result.output / "search" / "index.html").is_file()
    assert (result.output / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow:\n"
    )


def test_fixture_build_indexes_when_enabled(fixture_content, site_builder):
    result = site_builder(
        fixture_content("site_minimal"), overrides={"SEARCH_INDEX": True}
    )
    assert result.warnings == []
    assert (result.output / "pagefind" / "pagefind-entry.json").is_file()


def test_bad_search_setting_fails_the_build(fixture_content, site_builder, caplog):
    with pytest.raises(SystemExit):
        site_builder(
            fixture_content("site_minimal"),
            overrides={"SEARCH_INDEX": True, "SEARCH_BUNDLE_DIR": "../outside"},
        )
    assert "SEARCH_BUNDLE_DIR" in caplog.text


def test_sitemap_of_a_published_fixture_build(fixture_content, site_builder):
    result = site_builder(
        fixture_content("site_minimal"),
        overrides={"SITEURL": "https://example.org", "RELATIVE_URLS": False},
    )
    assert result.warnings == []
    sitemap = result.read("sitemap.xml")
    assert "<loc>https://example.org/posts/a-first-post/</loc>" in sitemap
    assert "<lastmod>2024-03-04T09:30:00-05:00</lastmod>" in sitemap
    assert "Sitemap: https://example.org/sitemap.xml" in result.read("robots.txt")


def test_now_is_never_in_the_sitemap(fixture_content, site_builder):
    result = site_builder(
        fixture_content("site_minimal"),
        overrides={"SITEURL": "https://example.org", "RELATIVE_URLS": False},
    )
    assert datetime.now(UTC).strftime("%Y-%m-%d") not in result.read("sitemap.xml")
