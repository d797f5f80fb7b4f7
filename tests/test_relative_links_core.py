"""The relative_links plugin's pure core: references resolved as flat Pelican meant."""

from __future__ import annotations

import pytest

from pelican.plugins.common_ground_relative_links.config import (
    RelativeLinksConfigError,
    get_config,
)
from pelican.plugins.common_ground_relative_links.core import (
    Document,
    LinkTargets,
    needs_resolving,
    old_page_path,
    resolve,
    rewrite_html,
    site_addresses,
    url_key,
)
from pelican.plugins.common_ground_relative_links.ids import (
    ReservedIds,
    element_ids,
    linked_source,
    rename_reserved,
    reserved_from_patterns,
    reserved_from_templates,
    retarget_links,
    unique_ids,
)

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
SITE = LinkTargets(
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
    site = LinkTargets(
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


def test_unique_ids_sends_fragment_links_of_a_summary_without_ids_to_the_post():
    html = '<p>See <a href="#later">later</a>.</p>'
    assert unique_ids(html, "x", "/x/") == '<p>See <a href="/x/#later">later</a>.</p>'


THEME = ReservedIds(frozenset({"comments", "respond", "main"}), ("comment-",))


def test_rename_reserved_renames_the_authors_ids_and_links_to_them():
    html = (
        '<h2 id="comments">C</h2><a href="#comments">c</a>'
        '<h2 id="comment-c001">F</h2><a href="#comment-c001">f</a>'
        '<h2 id="later">L</h2><a href="#later">l</a>'
        '<p id="main" aria-describedby="main later">M</p><label for="main">m</label>'
    )
    result = rename_reserved(html, THEME)
    assert result.renames == {
        "comments": "content-comments",
        "comment-c001": "content-comment-c001",
        "main": "content-main",
    }
    assert element_ids(result.html) == [
        "content-comments",
        "content-comment-c001",
        "later",
        "content-main",
    ]
    assert 'href="#content-comments"' in result.html
    assert 'href="#content-comment-c001"' in result.html
    assert 'href="#later"' in result.html
    assert 'aria-describedby="content-main later"' in result.html
    assert 'for="content-main"' in result.html
    assert result.kept == []


def test_rename_reserved_leaves_links_to_the_themes_own_ids_alone():
    # No "respond" in the text: the link means the theme's reply form.
    html = '<h2 id="comments">C</h2><a href="#respond">reply</a>'
    assert 'href="#respond"' in rename_reserved(html, THEME).html


def test_rename_reserved_finds_a_name_the_author_has_not_used():
    html = '<h2 id="content-comments">A</h2><h2 id="comments">B</h2>'
    result = rename_reserved(html, THEME)
    assert result.renames == {"comments": "content-comments-2"}
    assert element_ids(result.html) == ["content-comments", "content-comments-2"]


def test_rename_reserved_renames_every_repeat_of_an_id():
    html = '<h2 id="main">A</h2><h3 id="main">B</h3>'
    assert element_ids(rename_reserved(html, THEME).html) == [
        "content-main",
        "content-main",
    ]


def test_rename_reserved_reports_an_id_it_cannot_free():
    greedy = ReservedIds(frozenset({"main"}), ("content-",))
    result = rename_reserved('<h2 id="main">M</h2>', greedy)
    assert result.renames == {}
    assert result.kept == ["main"]
    assert result.html == '<h2 id="main">M</h2>'


def test_rename_reserved_leaves_text_without_reserved_ids_alone():
    html = '<h2 id="intro">I</h2><pre>&lt;h2 id="main"&gt;</pre>'
    result = rename_reserved(html, THEME)
    assert result.html == html
    assert result.renames == {}


def test_reserved_ids_are_read_from_template_sources():
    sources = [
        '<main id="main" tabindex="-1">{% block content %}{% endblock %}</main>',
        "<h2 id='archive-{{ year }}'>{{ year }}</h2>",
        '<li id="{{ c.anchor }}" data-id="not-an-id">',
        '<section class="comments" id="comments" aria-labelledby="comments-title">',
    ]
    reserved = reserved_from_templates(sources)
    assert reserved.names == frozenset({"main", "comments"})
    assert reserved.prefixes == ("archive-",)
    assert "archive-2024" in reserved
    assert "not-an-id" not in reserved
    assert "comments-title" not in reserved


def test_reserved_id_patterns_and_union():
    reserved = reserved_from_patterns(["comment-*", "respond"]) | ReservedIds(
        frozenset({"main"}), ("archive-",)
    )
    assert reserved == ReservedIds(
        frozenset({"respond", "main"}), ("archive-", "comment-")
    )
    assert "comment-anything" in reserved
    assert "respond-title" not in reserved
    assert 42 not in reserved


@pytest.mark.parametrize(
    ("link", "source", "expected"),
    [
        ("{filename}/posts/a.md", "posts/b.md", "posts/a.md"),
        ("{filename}a.md", "posts/b.md", "posts/a.md"),
        ("|filename|../pages/about.md", "posts/b.md", "pages/about.md"),
        (
            "{filename}/posts/Search%20Marketing/seo.md?x=1",
            "b.md",
            "posts/Search Marketing/seo.md",
        ),
    ],
)
def test_linked_source_reads_a_filename_link_as_pelican_does(link, source, expected):
    assert linked_source(link, source) == expected


def test_retarget_links_follows_renamed_ids_in_other_posts():
    renames = {"posts/a.md": {"comments": "content-comments"}}
    html = (
        '<a href="{filename}a.md#comments">1</a>'
        '<a href="{filename}/posts/a.md#respond">2</a>'
        '<a href="{filename}/posts/b.md#comments">3</a>'
        '<a href="|filename|../posts/a.md#comments">4</a>'
    )
    out = retarget_links(html, "posts/b.md", renames)
    assert out == (
        '<a href="{filename}a.md#content-comments">1</a>'
        '<a href="{filename}/posts/a.md#respond">2</a>'
        '<a href="{filename}/posts/b.md#comments">3</a>'
        '<a href="|filename|../posts/a.md#content-comments">4</a>'
    )


@pytest.mark.parametrize("value", [["with space"], ["*"], ["a*b"], [3], None])
def test_bad_reserved_ids_are_refused_by_name(value, caplog):
    with pytest.raises(RelativeLinksConfigError):
        get_config({"RELATIVE_LINKS_RESERVED_IDS": value})
    assert "RELATIVE_LINKS_RESERVED_IDS" in caplog.text


def test_the_default_reserved_ids_are_the_comment_anchors():
    assert get_config({}).reserved_ids == ("comment-*", "pingback-*")
    # A single id is taken as a list of one.
    config = get_config({"RELATIVE_LINKS_RESERVED_IDS": "respond"})
    assert config.reserved_ids == ("respond",)


@pytest.mark.parametrize(
    ("reference", "old_url", "expected"),
    [
        ("videos/clip.mp4", "first-steps.html", "videos/clip.mp4"),
        (
            "./videos/my clip.mp4?x=1#t",
            "first-steps.html",
            "videos/my%20clip.mp4?x=1#t",
        ),
        ("../videos/clip.mp4", "2021/first-steps.html", "videos/clip.mp4"),
        ("../videos/clip.mp4", "pages/about.html", "videos/clip.mp4"),
        ("/videos/clip.mp4", "2021/first-steps.html", "videos/clip.mp4"),
        ("downloads/", "first-steps.html", "downloads/"),
        ("../videos/clip.mp4", "first-steps.html", None),
    ],
)
def test_old_page_path_is_where_the_flat_page_pointed(reference, old_url, expected):
    document = Document(source_path="posts/a.md", old_url=old_url, url="posts/a/")
    assert old_page_path(reference, document) == expected


def test_an_unresolved_reference_is_linked_as_on_the_old_page_and_reported():
    html = '<video src="videos/clip.mp4"></video><a href="../../x.html">x</a>'
    result = rewrite_html(html, POST, SITE, static_url)
    assert 'src="/videos/clip.mp4"' in result.html
    assert 'href="../../x.html"' in result.html
    assert result.unresolved == ["videos/clip.mp4", "../../x.html"]
    assert result.as_on_old_page == {"videos/clip.mp4": "/videos/clip.mp4"}


# --- The documented order (docs/existing-content.md), first match wins ---------
ORDER_POST = Document(
    source_path="posts/Search Marketing/seo.md",
    old_url="2019/seo.html",
    url="posts/seo/",
    slug="seo",
)


def order_site(files: set[str], sources: frozenset[str] = frozenset()) -> LinkTargets:
    return LinkTargets(
        sources=sources | {ORDER_POST.source_path},
        addresses=site_addresses([ORDER_POST]),
        is_file=files.__contains__,
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # 1. beside the source file, 2. from the old flat page, 3. from here.
        (
            {"posts/Search Marketing/x.png", "2019/x.png", "posts/seo/x.png"},
            "{static}/posts/Search%20Marketing/x.png",
        ),
        ({"2019/x.png", "posts/seo/x.png"}, "{static}/2019/x.png"),
        ({"posts/seo/x.png"}, "{static}/posts/seo/x.png"),
    ],
)
def test_a_file_is_tried_beside_the_source_then_the_old_page_then_here(files, expected):
    assert resolve("x.png", ORDER_POST, order_site(files)) == expected


def test_a_file_in_the_content_tree_wins_over_an_address():
    # `seo.html` from the old page is content/2019/seo.html if that file exists,
    # before it is the old address of the post itself.
    assert (
        resolve("seo.html", ORDER_POST, order_site({"2019/seo.html"}))
        == "{static}/2019/seo.html"
    )
    assert resolve("seo.html", ORDER_POST, order_site(set())) == (
        "{filename}/posts/Search%20Marketing/seo.md"
    )


def test_a_post_source_is_a_filename_link_and_wins_over_a_static_file():
    sources = frozenset({"posts/Search Marketing/other.md"})
    site = order_site({"posts/Search Marketing/other.md", "2019/other.md"}, sources)
    assert resolve("other.md", ORDER_POST, site) == (
        "{filename}/posts/Search%20Marketing/other.md"
    )


@pytest.mark.parametrize(
    "reference",
    [
        "../../../outside.txt",
        "../../../../etc/passwd",
        "/../outside.txt",
        "%2E%2E/%2E%2E/%2E%2E/outside.txt",
    ],
)
def test_a_reference_never_leaves_the_content_tree(reference):
    # Even when the file exists beside the content folder, it names nothing.
    everything = lambda path: True  # noqa: E731
    site = LinkTargets(
        sources=frozenset({ORDER_POST.source_path}),
        addresses=site_addresses([ORDER_POST]),
        is_file=everything,
    )
    resolved = resolve(reference, ORDER_POST, site)
    assert resolved is None or ".." not in resolved, resolved
