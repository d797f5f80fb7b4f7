"""The theme's markup on every page: landmarks, headings, dates, no remote loads."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import PUBLISHED_SITEURL

pytestmark = pytest.mark.slow

POST = "posts/first-thing-i-learned-from-sales/index.html"
DURATION = re.compile(r"P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?")
# Attributes through which a page makes the browser fetch something by itself.
LOADS = {
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def _pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def soups(showcase) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(showcase.output).as_posix(): _soup(p)
        for p in _pages(showcase.output)
    }


def test_every_page_has_the_landmarks(soups):
    assert len(soups) > 40
    for name, soup in soups.items():
        assert soup.html.get("lang") == "en", name
        assert len(soup.find_all("h1")) == 1, name
        assert soup.find("a", class_="skip-link")["href"] == "#main", name
        assert soup.find("main", id="main"), name
        assert soup.find("header", class_="site-header"), name
        assert soup.find("footer", class_="site-footer"), name
        for nav in soup.find_all("nav"):
            assert nav.get("aria-label") or nav.get("aria-labelledby"), (name, nav)


def test_skip_link_comes_first(soups):
    for name, soup in soups.items():
        first = soup.body.find(["a", "button", "input", "select", "textarea"])
        assert "skip-link" in first.get("class", []), name


def test_every_time_element_has_a_machine_readable_datetime(soups):
    count = 0
    for name, soup in soups.items():
        for time in soup.find_all("time"):
            value = time["datetime"]
            # A <time> is a moment (dates, bylines) or a duration (reading time).
            if not DURATION.fullmatch(value):
                datetime.fromisoformat(value)
            count += 1
            assert time.get_text(strip=True), name
    assert count > 100


def test_dates_shown_by_the_theme_are_all_time_elements(soups):
    months = "January|February|March|April|May|June|July|August|September|October|"
    date_text = re.compile(rf"\b({months}November|December) \d{{1,2}}, \d{{4}}")
    seen = 0
    for name, soup in soups.items():
        for text in soup.find_all(string=date_text):
            # Authors may write dates in prose; the theme's own dates are <time>s.
            if text.find_parent(class_=["e-content", "p-content", "p-summary"]):
                continue
            assert text.find_parent("time"), (name, str(text))
            seen += 1
    assert seen > 100


def test_no_page_loads_anything_from_another_site(soups, published):
    for name, soup in soups.items():
        for tag, attribute in LOADS.items():
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if not value or (tag == "link" and "alternate" in element["rel"]):
                    continue
                assert not urlsplit(value).netloc, (name, value)
    for page in _pages(published.output):
        soup = _soup(page)
        for tag, attribute in LOADS.items():
            for element in soup.find_all(tag, attrs={attribute: True}):
                value = element[attribute]
                parts = urlsplit(value)
                if parts.netloc:
                    assert value.startswith(PUBLISHED_SITEURL + "/"), (page, value)


def test_stylesheet_uses_no_web_fonts_or_remote_urls(project_root):
    css = (project_root / "theme/static/css/main.css").read_text(encoding="utf-8")
    assert "@import" not in css
    assert "@font-face" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)


def test_current_page_is_marked_in_the_site_nav(soups):
    nav = soups["archives/index.html"].find("nav", attrs={"aria-label": "Site"})
    current = nav.find_all(attrs={"aria-current": "page"})
    assert [a.get_text() for a in current] == ["Archives"]
    nav = soups["search/index.html"].find("nav", attrs={"aria-label": "Site"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Search"


def test_post_header_shows_date_category_and_is_an_h_entry(soups):
    soup = soups[POST]
    entry = soup.find("article", class_="h-entry")
    header = entry.find("header", class_="post-header")
    assert header.find("h1", class_="p-name")
    published = header.find(class_="dt-published")
    assert published["value"] == "2024-09-09T08:30:00-04:00"
    assert published.find("time")["datetime"] == published["value"]
    category = header.find("a", class_="p-category")
    assert category.parent.get_text(" ", strip=True) == "Posted in Learning Journal"
    assert entry.find(class_="e-content")


def test_listings_show_title_date_summary_and_continue_link(soups):
    soup = soups["category/learning-journal/index.html"]
    summaries = soup.find_all("article", class_="post-summary")
    assert summaries
    for item in summaries:
        assert item.find("h2").find("a", rel="bookmark")
        assert item.find("time")
        assert item.find(class_="p-summary").get_text(strip=True)
        more = item.find("p", class_="read-more").a
        # The visually hidden title gives each "Continue reading" a distinct name.
        title = item.find("h2").get_text(strip=True)
        assert more.get_text(strip=True).endswith(title)


def test_json_ld_blog_posting_on_posts(soups):
    script = soups[POST].find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"].startswith("The First Thing I Learned From Sales")
    assert data["datePublished"] == "2024-09-09T08:30:00-04:00"


def test_article_content_is_what_search_indexes(soups):
    post = soups[POST]
    indexed = post.find_all(attrs={"data-pagefind-body": True})
    assert [e.name for e in indexed] == ["h1", "div"]
    assert "post-body" in indexed[1]["class"]
    # The byline (date, category, counts) would only add noise to result excerpts.
    assert not post.find(class_="post-meta").find_parent(
        attrs={"data-pagefind-body": True}
    )
    search = soups["search/index.html"]
    assert search.body.get("data-pagefind-ignore") == "all"


def test_search_page_form_works_without_javascript(soups):
    soup = soups["search/index.html"]
    form = soup.find("form", role="search")
    assert form["method"] == "get"
    assert form["action"].endswith("search/")
    field = form.find("input", attrs={"name": "q"})
    assert soup.find("label", attrs={"for": field["id"]})
    assert "needs JavaScript" in soup.find("noscript").get_text()
    ways = soup.find("ul", class_="ways-in")
    assert ways.find("a", string=re.compile("Every post by date"))
    assert soup.find("script", src=re.compile(r"theme/js/search\.js$"))


def test_search_bundle_indexes_exactly_the_posts_and_pages(showcase):
    assert (showcase.output / "pagefind" / "pagefind.js").is_file()
    assert (showcase.output / "theme" / "js" / "search.js").is_file()
    entry = json.loads(showcase.read("pagefind/pagefind-entry.json"))
    posts = list(showcase.output.glob("posts/*/index.html"))
    pages = [showcase.output / "about" / "index.html"]
    # Listings, archives, the 404 and the search page carry no data-pagefind-body.
    assert entry["languages"]["en"]["page_count"] == len(posts) + len(pages)


def test_404_uses_root_paths_so_it_works_at_any_depth(soups):
    soup = soups["404.html"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    references = [link["href"] for link in soup.find_all(["a", "link"], href=True)]
    references += [s["src"] for s in soup.find_all("script", src=True)]
    for reference in references:
        if not urlsplit(reference).netloc:
            assert reference.startswith(("/", "#")), reference
    assert soup.find("link", rel="stylesheet")["href"] == "/theme/css/main.css"


def test_pages_without_javascript_have_no_script_but_data(soups):
    for name, soup in soups.items():
        if name == "search/index.html":
            continue
        executable = [
            s for s in soup.find_all("script") if s.get("type") != "application/ld+json"
        ]
        assert executable == [], name


def test_page_weight_budget_for_a_post(showcase):
    """HTML + CSS + JS a reader downloads for a typical post stays under 40 KB."""
    html = (showcase.output / POST).read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    total = len(html)
    requests = 1
    for tag, attribute in (("link", "href"), ("script", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            rel = element.get("rel") or []
            if tag == "link" and not {"stylesheet", "icon"} & set(rel):
                continue
            target = (showcase.output / POST).parent / element[attribute]
            total += target.resolve().stat().st_size
            requests += 1
    assert total < 40_000
    assert requests <= 4
