"""Internal pingback discovery: one pass over each post's links."""

from __future__ import annotations

import datetime as dt

import pytest

from pelican.plugins.common_ground_comments.pingbacks import (
    PostRef,
    excerpt_around,
    find_pingbacks,
)

DAY = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def post(key: int, slug: str, html: str = "", *, published: bool = True) -> PostRef:
    return PostRef(
        key=key,
        source_path=f"posts/{slug}.md",
        url=f"posts/{slug}/",
        title=f"Title {slug}",
        date=DAY + dt.timedelta(days=key),
        html=html,
        published=published,
    )


def sources(found, key: int) -> list[str]:
    return [link.source.url for link in found.get(key, [])]


@pytest.mark.parametrize(
    "href",
    [
        "{filename}a.md",
        "{filename}/posts/a.md",
        "{filename}./a.md",
        "{filename}../posts/a.md",
        "|filename|a.md",
        "{filename}a.md#section",
        "/posts/a/",
        "/posts/a/index.html",
        "/posts/a",
        "../a/",
        "../a/#part",
        "https://site.example/posts/a/",
        "https://site.example/posts/a/?utm=1",
    ],
)
def test_every_way_of_linking_to_a_post_is_a_pingback(href):
    posts = [post(0, "a"), post(1, "b", f'<p>See <a href="{href}">this</a>.</p>')]
    found = find_pingbacks(posts, siteurl="https://site.example")
    assert sources(found, 0) == ["posts/b/"]


@pytest.mark.parametrize(
    "href",
    [
        "https://elsewhere.example/posts/a/",
        "mailto:a@example.org",
        "#a",
        "/posts/missing/",
        "{filename}missing.md",
        "{static}a.md",
    ],
)
def test_other_links_are_not_pingbacks(href):
    posts = [post(0, "a"), post(1, "b", f'<p><a href="{href}">x</a></p>')]
    assert find_pingbacks(posts, siteurl="https://site.example") == {}


def test_absolute_links_need_an_absolute_siteurl():
    posts = [
        post(0, "a"),
        post(1, "b", '<a href="https://site.example/posts/a/">x</a>'),
    ]
    assert find_pingbacks(posts, siteurl="") == {}


def test_self_links_are_ignored():
    posts = [post(0, "a", '<p><a href="/posts/a/">me</a> <a href="../a/">me</a></p>')]
    assert find_pingbacks(posts) == {}


def test_drafts_and_hidden_posts_never_ping():
    posts = [
        post(0, "a"),
        post(1, "draft", '<a href="{filename}a.md">x</a>', published=False),
    ]
    assert find_pingbacks(posts) == {}


def test_one_pingback_per_source_even_with_several_links():
    html = '<p><a href="/posts/a/">one</a></p><p><a href="{filename}a.md">two</a></p>'
    found = find_pingbacks([post(0, "a"), post(1, "b", html)])
    assert len(found[0]) == 1
    assert "one" in found[0][0].excerpt


def test_pingbacks_are_ordered_by_source_date():
    link = '<a href="/posts/a/">x</a>'
    posts = [post(0, "a"), post(5, "late", link), post(2, "early", link)]
    assert sources(find_pingbacks(posts), 0) == ["posts/early/", "posts/late/"]


def test_excerpt_frames_the_words_around_the_link():
    html = (
        "<p>An earlier paragraph that must not leak.</p>\n"
        '<p>After <a href="/posts/a/">my <em>first</em> lesson</a>, I knew I had to '
        "stop treating calls as contests.</p><p>Next paragraph.</p>"
    )
    found = find_pingbacks([post(0, "a"), post(1, "b", html)])
    assert found[0][0].excerpt == (
        "[…] After my first lesson, I knew I had to stop treating calls "
        "as contests. […]"
    )


def test_excerpt_keeps_a_limited_number_of_words_each_side():
    words = " ".join(f"w{i}" for i in range(40))
    html = f'<p>{words} <a href="/posts/a/">LINK</a> {words}</p>'
    found = find_pingbacks([post(0, "a"), post(1, "b", html)], context_words=3)
    assert found[0][0].excerpt == "[…] w37 w38 w39 LINK w0 w1 w2 […]"


def test_excerpt_decodes_entities_and_drops_markup():
    html = '<li>Fish &amp; chips <a href="/posts/a/">here</a><br>and <b>more</b></li>'
    excerpt = find_pingbacks([post(0, "a"), post(1, "b", html)])[0][0].excerpt
    assert excerpt == "[…] Fish & chips here and more […]"


def test_excerpt_around_without_blocks_uses_the_whole_text():
    html = 'before <a href="x">link</a> after'
    start, end = html.index("<a"), html.index("</a>") + 4
    assert (
        excerpt_around(html, start, end, "link", [], 5) == "[…] before link after […]"
    )


def test_relative_source_directories_resolve_like_pelican():
    posts = [
        PostRef(0, "posts/2024/a.md", "posts/a/", "A", DAY, ""),
        PostRef(
            1,
            "posts/2025/b.md",
            "posts/b/",
            "B",
            DAY,
            '<a href="{filename}../2024/a.md">x</a>',
        ),
    ]
    assert sources(find_pingbacks(posts), 0) == ["posts/b/"]


def test_discovery_is_linear_in_the_number_of_links():
    # 3,000 posts each linking to its predecessor: an all-pairs scan would be slow.
    posts = [post(0, "p0")] + [
        post(i, f"p{i}", f'<p>see <a href="/posts/p{i - 1}/">before</a></p>')
        for i in range(1, 3000)
    ]
    found = find_pingbacks(posts)
    assert len(found) == 2999
