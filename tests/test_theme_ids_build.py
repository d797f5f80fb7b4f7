"""An author's ids never collide with the theme's (plugins/relative_links).

The theme_ids fixture has a post with headings "Comments", "Respond", "Main"
and "Comment c001" (ids the theme uses for the thread, the form, the page's
main landmark and the first comment's anchor), links to them in its text and
from another post, a comment so the thread renders, and a page with "Main".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import PUBLISHED_SITEURL, build_fixture
from linkcheck import target_file
from sitebuild import BuildResult
from test_relative_links_build import soup_of
from test_validity import nu_errors

POST = "posts/talking-back/index.html"
POINTER = "posts/a-pointer-back/index.html"
SERIES_PAGES = ["series/index.html", "series/answering-back/index.html"]
LISTINGS = [
    "index.html",
    "category/habits/index.html",
    "tag/listening/index.html",
    "author/robin-ash/index.html",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the fixture with pelicanconf.py, as `make html` does."""
    return build_fixture("theme_ids", tmp_path_factory.mktemp("ids") / "output")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the fixture with publishconf.py: absolute URLs and feeds."""
    output = tmp_path_factory.mktemp("ids-published") / "output"
    return build_fixture("theme_ids", output, published=True)


def repeated_ids(soup: BeautifulSoup) -> list[str]:
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    return sorted(i for i, n in ids.items() if n > 1)


def add_heading(post: Path, heading: str) -> None:
    text = post.read_text(encoding="utf-8")
    post.write_text(f"{text}\n## {heading}\n\nThen talk.\n", encoding="utf-8")


def test_the_theme_keeps_its_ids_and_the_authors_headings_get_others(built):
    soup = soup_of(built, POST)
    assert soup.find("section", id="comments")
    assert soup.find("section", id="respond")
    assert soup.find("main", id="main")
    assert soup.find("li", id="comment-c001")
    body = soup.find(class_="e-content")
    headings = {h.get_text(): h["id"] for h in body.find_all("h2")}
    assert headings == {
        "Comments": "content-comments",
        "Respond": "content-respond",
        "Main": "content-main",
        "Comment c001": "content-comment-c001",
    }


@pytest.mark.parametrize(
    "page", [POST, POINTER, "about/index.html", *LISTINGS, *SERIES_PAGES]
)
def test_ids_are_unique_on_every_page(built, page):
    assert repeated_ids(soup_of(built, page)) == []


def test_every_page_of_the_site_has_unique_ids(built):
    pages = sorted(built.output.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert repeated_ids(soup) == [], page


def test_in_content_links_reach_the_authors_headings(built):
    soup = soup_of(built, POST)
    body = soup.find(class_="e-content")
    links = {a.get_text(): a["href"] for a in body.find_all("a")}
    assert links == {
        "my comments": "#content-comments",
        "how I respond": "#content-respond",
        "main idea": "#content-main",
        "the first comment": "#content-comment-c001",
        "the answers": "#content-comments",
        "the replies": "#content-respond",
    }
    for href in links.values():
        # The target is the author's heading, inside the post's own text.
        assert body.find(id=href[1:]).name == "h2", href


def test_links_from_another_post_follow_the_new_ids(built):
    body = soup_of(built, POINTER).find(class_="e-content")
    hrefs = [a["href"] for a in body.find_all("a")]
    assert hrefs == [
        "../../posts/talking-back/#content-comments",
        "../../posts/talking-back/#content-respond",
        "../../posts/talking-back/#content-main",
    ]
    for href in hrefs:
        target = target_file(built.output, built.output / POINTER, href)
        there = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        assert there.find(class_="e-content").find(id=urlsplit(href).fragment)


def test_a_page_with_a_main_heading_keeps_the_landmark(built):
    soup = soup_of(built, "about/index.html")
    assert soup.find("main", id="main")
    body = soup.find(class_="page-body")
    assert body.find("h2", id="content-main")
    assert body.find("a", string="the main point")["href"] == "#content-main"
    # The skip link still reaches the landmark.
    assert soup.find("a", class_="skip-link")["href"] == "#main"


@pytest.mark.parametrize("page", LISTINGS)
def test_fragment_links_in_listings_reach_their_target(built, page):
    soup = soup_of(built, page)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    checked = 0
    for link in soup.select(".p-summary a[href]"):
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            target = target_file(built.output, built.output / page, href)
            there = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            assert there.find(class_="e-content").find(id=urlsplit(href).fragment)
        checked += 1
    assert checked >= 3


def test_series_descriptions_keep_out_of_the_themes_and_each_others_ids(built):
    # Both descriptions have "Background"; one has "Series parts", the id of
    # the series page's own list of parts.
    index = soup_of(built, "series/index.html")
    described = index.select(".series-description h2[id]")
    assert sorted(h["id"] for h in described) == [
        "answering-back-background",
        "answering-back-series-parts",
        "open-door-background",
    ]
    page = soup_of(built, "series/answering-back/index.html")
    assert page.find("section").find("h2", id="series-parts")
    description = page.find(class_="series-description")
    link = description.find("a", string="background")
    assert description.find(id=link["href"][1:]).name == "h2"


def test_feeds_carry_the_new_ids(published):
    feed = published.read("feeds/all.atom.xml")
    assert 'id="content-comments"' in feed
    assert f"{PUBLISHED_SITEURL}/posts/talking-back/#content-respond" in feed
    assert 'id="comments"' not in feed


def test_nothing_warns(built):
    assert [w for w in built.warnings if not w.startswith("Build")] == []


@pytest.mark.slow
def test_nu_html_checker_finds_no_errors_on_any_page(built, published):
    assert nu_errors(built.output, published.output) == []


def test_an_id_a_template_adds_is_reserved_too(fixture_content, site_builder, tmp_path):
    # A theme change (here an override of one partial) reserves its ids with
    # no setting to update.
    overrides = Path(tmp_path / "overrides/partials")
    overrides.mkdir(parents=True)
    (overrides / "site_intro.html").write_text(
        '<p id="listen-first">Notes on listening.</p>\n', encoding="utf-8"
    )
    content = fixture_content("theme_ids")
    add_heading(content / "posts/talking-back.md", "Listen first")
    result = site_builder(
        content, overrides={"THEME_TEMPLATES_OVERRIDES": [str(overrides.parent)]}
    )
    body = soup_of(result, POST).find(class_="e-content")
    assert body.find("h2", id="content-listen-first")
    assert soup_of(result, "index.html").find("p", id="listen-first")


def test_the_setting_reserves_ids_the_templates_cannot_show(
    fixture_content, site_builder
):
    content = fixture_content("theme_ids")
    add_heading(content / "posts/talking-back.md", "Listen first")
    reserved = ["comment-*", "pingback-*", "listen-*"]
    result = site_builder(content, overrides={"RELATIVE_LINKS_RESERVED_IDS": reserved})
    body = soup_of(result, POST).find(class_="e-content")
    assert body.find("h2", id="content-listen-first")
    assert body.find("h2", id="content-comment-c001")
    # Without the default `comment-*`, the author's "comment-c001" would stay
    # and repeat the first comment's anchor.
    result = site_builder(content, overrides={"RELATIVE_LINKS_RESERVED_IDS": []})
    soup = soup_of(result, POST)
    assert soup.find(class_="e-content").find("h2", id="listen-first")
    assert repeated_ids(soup) == ["comment-c001"]


def test_a_cached_rebuild_of_one_changed_post_still_follows_the_new_ids(
    fixture_content, site_builder, tmp_path
):
    # make devserver: the changed post is read again, the linked one comes
    # from Pelican's content cache.
    overrides = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    content = fixture_content("theme_ids")
    site_builder(content, overrides=overrides)
    pointer = content / "posts/pointer.md"
    pointer.write_text(
        pointer.read_text(encoding="utf-8")
        + "\nAgain, [the comments]({filename}talking-back.md#comments).\n",
        encoding="utf-8",
    )
    result = site_builder(content, overrides=overrides)
    body = soup_of(result, POINTER).find(class_="e-content")
    again = body.find("a", string="the comments")
    assert again["href"] == "../../posts/talking-back/#content-comments"
    post = soup_of(result, POST)
    assert post.find(class_="e-content").find("h2", id="content-comments")
    assert repeated_ids(post) == []
