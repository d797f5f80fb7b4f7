"""Feeds, autodiscovery, sitemap and robots.txt of the published showcase site."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import PUBLISHED_SITEURL
from sitebuild import SHOWCASE_CONTENT, build_site

pytestmark = pytest.mark.slow

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
POST = "posts/first-thing-i-learned-from-sales/"


def _feeds(output: Path) -> list[Path]:
    return sorted(output.glob("feeds/**/*.xml"))


def _soup(result, relative: str) -> BeautifulSoup:
    return BeautifulSoup(result.read(relative), "html.parser")


def _published_posts(result) -> list[str]:
    return sorted(
        p.parent.relative_to(result.output).as_posix() + "/"
        for p in result.output.glob("posts/*/index.html")
    )


def test_every_feed_parses_without_errors(published):
    feeds = _feeds(published.output)
    assert len(feeds) >= 4
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.entries, path


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_main_feeds_carry_every_post_with_full_content(published, feed):
    parsed = feedparser.parse((published.output / feed).read_bytes())
    links = sorted(e.link.removeprefix(PUBLISHED_SITEURL + "/") for e in parsed.entries)
    assert links == _published_posts(published)
    entry = next(e for e in parsed.entries if e.link.endswith(POST))
    body = entry.content[0].value if "content" in entry else entry.description
    # Full content, not the summary: a sentence from deep in the post is there.
    assert "patient voice" in body
    assert "<h2" in body
    # Links inside the content are absolute, so they work in any reader.
    assert not re.search(r'(href|src)="(?!https?:|mailto:|#)', body)


def test_feed_entries_have_dates_and_titles(published):
    parsed = feedparser.parse((published.output / "feeds/all.atom.xml").read_bytes())
    for entry in parsed.entries:
        assert entry.title
        assert entry.published_parsed
    assert parsed.feed.title == "Common Ground"


def test_autodiscovery_links_point_to_real_feeds(published):
    for page in ["index.html", POST + "index.html", "category/marketing/index.html"]:
        links = _soup(published, page).find_all("link", rel="alternate")
        types = {link["type"] for link in links}
        assert {"application/atom+xml", "application/rss+xml"} <= types
        for link in links:
            relative = link["href"].removeprefix(PUBLISHED_SITEURL + "/")
            assert (published.output / relative).is_file(), link["href"]
    category = _soup(published, "category/marketing/index.html")
    assert category.find(
        "link", href=f"{PUBLISHED_SITEURL}/feeds/category/marketing.atom.xml"
    )


def test_development_build_has_no_feeds_and_no_feed_warning(showcase):
    assert showcase.warnings == []
    assert not (showcase.output / "feeds" / "all.atom.xml").exists()
    assert 'type="application/rss+xml"' not in showcase.read("index.html")


def test_sitemap_lists_every_post_with_its_date(published):
    tree = ET.parse(published.output / "sitemap.xml")
    urls = {
        u.findtext("s:loc", namespaces=SITEMAP_NS): u.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for u in tree.getroot().findall("s:url", SITEMAP_NS)
    }
    for post in _published_posts(published):
        assert f"{PUBLISHED_SITEURL}/{post}" in urls
    assert urls[f"{PUBLISHED_SITEURL}/{POST}"] == "2024-09-09T08:30:00-04:00"
    assert f"{PUBLISHED_SITEURL}/" in urls
    assert f"{PUBLISHED_SITEURL}/category/marketing/" in urls
    assert f"{PUBLISHED_SITEURL}/series/lessons-learned-from-sales/" in urls
    # Never the pages that ask not to be indexed.
    assert not any(u.endswith(("/search/", "404.html")) for u in urls)
    assert all(u.startswith(PUBLISHED_SITEURL + "/") for u in urls)


def test_every_sitemap_url_is_a_written_page(published):
    tree = ET.parse(published.output / "sitemap.xml")
    for loc in tree.getroot().iterfind("s:url/s:loc", SITEMAP_NS):
        relative = loc.text.removeprefix(PUBLISHED_SITEURL + "/")
        assert (published.output / relative / "index.html").is_file() or (
            relative == "" and (published.output / "index.html").is_file()
        ), loc.text


def test_robots_txt_points_to_the_sitemap(published):
    robots = published.read("robots.txt")
    assert "User-agent: *" in robots
    assert f"Sitemap: {PUBLISHED_SITEURL}/sitemap.xml" in robots.splitlines()


def test_development_build_has_robots_but_no_sitemap(showcase):
    assert not (showcase.output / "sitemap.xml").exists()
    assert "Sitemap:" not in showcase.read("robots.txt")


def test_published_output_is_deterministic(published, tmp_path):
    again = build_site(
        SHOWCASE_CONTENT,
        tmp_path / "output",
        conf="publishconf.py",
        overrides={"SITEURL": PUBLISHED_SITEURL, "SEARCH_INDEX": False},
    )
    for name in [
        "sitemap.xml",
        "robots.txt",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
    ]:
        assert again.read(name) == published.read(name), name


def test_json_ld_on_a_published_post(published):
    script = _soup(published, POST + "index.html").find(
        "script", type="application/ld+json"
    )
    data = json.loads(script.string)
    url = f"{PUBLISHED_SITEURL}/{POST}"
    assert data["@type"] == "BlogPosting"
    assert data["url"] == data["mainEntityOfPage"] == url
    assert data["inLanguage"] == "en"
    assert data["description"].startswith("The first entry in my learning journal")


def test_canonical_and_social_metadata_on_a_post(published):
    soup = _soup(published, POST + "index.html")
    url = f"{PUBLISHED_SITEURL}/{POST}"
    assert soup.find("link", rel="canonical")["href"] == url

    def meta(key: str) -> str:
        tag = soup.find("meta", attrs={"property": key}) or soup.find(
            "meta", attrs={"name": key}
        )
        return tag["content"]

    assert meta("og:url") == url
    assert meta("og:type") == "article"
    assert meta("og:title").startswith("The First Thing I Learned From Sales")
    assert meta("og:description").startswith("The first entry in my learning journal")
    assert meta("article:published_time") == "2024-09-09T08:30:00-04:00"
    assert meta("twitter:card") == "summary"
    assert meta("twitter:title") == meta("og:title")


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("index.html", ""),
        ("category/marketing/index.html", "category/marketing/"),
        ("page/2/index.html", "page/2/"),
        ("about/index.html", "about/"),
    ],
)
def test_canonical_url_matches_the_page(published, page, url):
    soup = _soup(published, page)
    assert soup.find("link", rel="canonical")["href"] == f"{PUBLISHED_SITEURL}/{url}"
    assert soup.find("meta", property="og:type")["content"] == "website"


def test_pages_that_should_not_be_indexed_say_so(published):
    for page in ["404.html", "search/index.html"]:
        soup = _soup(published, page)
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert soup.find("link", rel="canonical") is None


def test_development_build_has_no_relative_canonical(showcase):
    assert 'rel="canonical"' not in showcase.read(POST + "index.html")
    assert 'property="og:url"' not in showcase.read(POST + "index.html")
