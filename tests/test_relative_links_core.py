"""The relative_links plugin's pure core: references resolved as flat Pelican meant."""

from __future__ import annotations

import pytest
from relative_links.config import RelativeLinksConfigError, get_config
from relative_links.core import (
    Document,
    Site,
    encoded_url,
    needs_resolving,
    resolve,
    rewrite_html,
    site_addresses,
    url_key,
)
from relative_links.ids import unique_ids

FILES = {
    "images/x.png",
    "images/news/clip.mp4",
    "posts/Search Marketing/anatomy.svg",
    "extra/wide.png",
    "posts/a.md",
    "posts/Search Marketing/seo.md",
    "pages/about.md",
}
POST = Document(
    source_path="posts/Search Marketing/seo.md",
    old_url="search-engine-optimization.html",
    url="posts/search-engine-optimization/",
    slug="search-engine-optimization",
)
PAGE = Document(
    source_path="pages/about.md", old_url="pages/about.html", url="about/", slug="about"
)
FIRST = Document(
    source_path="posts/a.md",
    old_url="first-post.html",
    url="posts/first-post/",
    slug="first-post",
)
SITE = Site(
    sources=frozenset(
        {"posts/a.md", "posts/Search Marketing/seo.md", "pages/about.md"}
    ),
    addresses=site_addresses(
        [FIRST, POST, PAGE],
        [
            ("{category}search", ["category/search.html", "category/search/"]),
            ("/archives/", ["archives.html", "archives/"]),
        ],
    ),
    is_file=FILES.__contains__,
    static_paths=("images",),
)


def static_url(path: str) -> str:
    return "/" + path


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("first-post.html", "{filename}/posts/a.md"),
        ("first-post", "{filename}/posts/a.md"),
        ("/first-post", "{filename}/posts/a.md"),
        ("/first-post/", "{filename}/posts/a.md"),
        ("first-post.html#setup", "{filename}/posts/a.md#setup"),
        ("first-post.html?ref=x#setup", "{filename}/posts/a.md?ref=x#setup"),
        ("../first-post/", "{filename}/posts/a.md"),
        ("pages/about.html", "{filename}/pages/about.md"),
        ("/about", "{filename}/pages/about.md"),
        ("./images/news/clip.mp4", "{static}/images/news/clip.mp4"),
        ("images/x.png", "{static}/images/x.png"),
        ("images/%78.png", "{static}/images/x.png"),
        ("/images/x.png", "{static}/images/x.png"),
        ("anatomy.svg", "{static}/posts/Search%20Marketing/anatomy.svg"),
        ("../a.md", "{filename}/posts/a.md"),
        ("/", "{index}"),
        ("./", "{index}"),
        ("index.html#top", "{index}#top"),
        ("category/search.html", "{category}search"),
        ("/category/search/?page=2", "{category}search?page=2"),
        ("/archives.html#2021", "/archives/#2021"),
        ("missing.html", None),
        ("../../../etc/passwd", None),
    ],
)
def test_resolve_a_post_reference(reference, expected):
    assert resolve(reference, POST, SITE) == expected


def test_a_source_relative_file_beats_an_address():
    site = Site(
        sources=SITE.sources,
        addresses={"images/x": "{filename}/posts/a.md"},
        is_file=FILES.__contains__,
    )
    assert resolve("images/x.png", POST, site) == "{static}/images/x.png"


def test_page_references_are_relative_to_pages_folder():
    assert resolve("../images/x.png", PAGE, SITE) == "{static}/images/x.png"
    assert resolve("../first-post.html", PAGE, SITE) == "{filename}/posts/a.md"
    assert resolve("../", PAGE, SITE) == "{index}"
    # From pages/about.html, images/x.png was pages/images/x.png: nothing.
    assert resolve("images/x.png", PAGE, SITE) is None


@pytest.mark.parametrize(
    "reference",
    [
        "https://example.org/x.html",
        "//cdn.example.org/x.js",
        "mailto:someone@example.org",
        "data:image/png;base64,AAAA",
        "#section",
        "{filename}/posts/a.md",
        "{static}/images/x.png",
        "|filename|posts/a.md",
        "",
        "?page=2",
    ],
)
def test_absolute_intrasite_and_fragment_references_are_left_alone(reference):
    assert not needs_resolving(reference)
    html = f'<a href="{reference}">x</a>'
    result = rewrite_html(html, POST, SITE, static_url)
    assert result.html == html
    assert result.unresolved == []


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("x.html", "x"),
        ("/x/", "x"),
        ("x/index.html", "x"),
        ("posts/x/", "posts/x"),
        ("a%20b.html", "a b"),
        ("index.html", ""),
    ],
)
def test_url_key(address, key):
    assert url_key(address) == key


def test_the_first_claim_of_an_address_wins():
    twin = Document(
        source_path="pages/a.md", old_url="pages/a.html", url="a/", slug="a"
    )
    first = Document(
        source_path="posts/a.md", old_url="a.html", url="posts/a/", slug="a"
    )
    addresses = site_addresses([first, twin])
    assert addresses["a"] == "{filename}/posts/a.md"
    assert addresses["pages/a"] == "{filename}/pages/a.md"
    assert addresses[""] == "{index}"


def test_rewrite_html_resolves_every_url_attribute_and_srcset():
    html = (
        '<p><a href="first-post.html">a</a> <img src="images/x.png" alt="x">'
        '<video poster="images/x.png"><source src="./images/news/clip.mp4"></video>'
        "<picture><source srcset='images/x.png 1x, extra/wide.png 2x'></picture>"
        '<a title="first-post.html" href="missing.html">b</a>'
        '<a href="missing.html">again</a></p><pre>&lt;a href="x.html"&gt;</pre>'
    )
    result = rewrite_html(html, POST, SITE, static_url)
    assert 'href="{filename}/posts/a.md"' in result.html
    assert 'src="{static}/images/x.png"' in result.html
    assert 'poster="{static}/images/x.png"' in result.html
    assert 'src="{static}/images/news/clip.mp4"' in result.html
    assert "srcset='/images/x.png 1x, /extra/wide.png 2x'" in result.html
    assert 'title="first-post.html"' in result.html
    assert '&lt;a href="x.html"&gt;' in result.html
    assert result.unresolved == ["missing.html"]
    # extra/ is not in STATIC_PATHS and nothing links it as {static}.
    assert result.uncopied == ["extra/wide.png"]


def test_a_srcset_file_also_linked_as_static_is_copied():
    html = '<img src="extra/wide.png" srcset="extra/wide.png 2x" alt="">'
    result = rewrite_html(html, POST, SITE, static_url)
    assert result.uncopied == []
    assert 'src="{static}/extra/wide.png"' in result.html


def test_encoded_url():
    assert encoded_url("posts/Search Marketing/a.svg") == (
        "posts/Search%20Marketing/a.svg"
    )
    assert encoded_url("images/café.png") == "images/caf%C3%A9.png"
    assert encoded_url("posts/x/") == "posts/x/"


def test_unique_ids_prefixes_ids_and_follows_fragment_links():
    html = (
        '<h2 id="introduction">I</h2><a href="#introduction">up</a>'
        '<a href="#later">down</a><a href="#">top</a>'
        '<label for="q">Q</label><input id="q" aria-describedby="q other">'
    )
    out = unique_ids(html, "my-post", "../posts/my-post/")
    assert '<h2 id="my-post-introduction">' in out
    assert 'href="#my-post-introduction"' in out
    # Cut off by the summary: the link goes to the post's own page.
    assert 'href="../posts/my-post/#later"' in out
    assert 'href="#"' in out
    assert 'for="my-post-q"' in out
    assert 'aria-describedby="my-post-q other"' in out


def test_unique_ids_leaves_text_without_ids_alone():
    html = "<p>Nothing to see.</p>"
    assert unique_ids(html, "x", "/x/") == html


@pytest.mark.parametrize(
    "value", ["", "/", 42, "{slug", "{title}.html", "posts/{date:%Y}.html"]
)
def test_bad_patterns_are_refused_by_name(value, caplog):
    with pytest.raises(RelativeLinksConfigError):
        get_config({"RELATIVE_LINKS_ARTICLE_URL": value})
    assert "RELATIVE_LINKS_ARTICLE_URL" in caplog.text


def test_the_defaults_are_plain_pelicans():
    config = get_config({})
    assert config.article_url == "{slug}.html"
    assert config.page_url == "pages/{slug}.html"
    assert get_config({"RELATIVE_LINKS_ARTICLE_URL": "{date:%Y}/{slug}/"})
