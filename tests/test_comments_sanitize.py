"""Safe rendering: hostile bodies and generated HTML never run, load or break out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common_ground_core.contract import safe_url
from pelican.plugins.common_ground_comments.identicon import identicon_svg
from pelican.plugins.common_ground_comments.render import LINK_REL, Renderer

FLAG = "window.__pwned=1"

HOSTILE = [
    f"<script>{FLAG}</script>",
    f"<SCRIPT>{FLAG}</SCRIPT>",
    f"<scr<script>ipt>{FLAG}</script>",
    f'<img src=x onerror="{FLAG}">',
    f"<IMG SRC=x OnError={FLAG}>",
    f'<svg onload="{FLAG}"><circle r="1"/></svg>',
    f"<svg><script>{FLAG}</script></svg>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={FLAG}>",
    f"[click](javascript:{FLAG})",
    f"[click](JaVaScRiPt:{FLAG})",
    f"[click](jav&#x61;script:{FLAG})",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    f'{FLAG}">x</a>',
    f'<a href="java\tscript:{FLAG}">tab</a>',
    f'<a href=" javascript:{FLAG}">space</a>',
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="VBScript:msgbox(1)">vb</a>',
    f'<iframe src="javascript:{FLAG}"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f'<object data="javascript:{FLAG}"></object>',
    f'<embed src="javascript:{FLAG}">',
    f'<form action="javascript:{FLAG}"><button>go</button></form>',
    f'<input autofocus onfocus="{FLAG}">',
    f'<details open ontoggle="{FLAG}">x</details>',
    "<style>body{display:none}</style>",
    f'<p style="background:url(javascript:{FLAG})">styled</p>',
    f"</div></li></ol></section></article><script>{FLAG}</script>",
    "</ol></section></article></main></body></html><h1>Owned</h1>",
    f"<!-- <script>{FLAG}</script> -->",
    f"--><script>{FLAG}</script><!--",
    f'<meta http-equiv="refresh" content="0;url=javascript:{FLAG}">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "![tracker](https://evil.example/pixel.gif)",
    '<img src="https://evil.example/pixel.gif">',
    f'<a href="https://ok.example" onclick="{FLAG}" target="_blank">ok</a>',
    f"<body onload={FLAG}>",
    f'<video><source onerror="{FLAG}"></video>',
    f"<textarea><script>{FLAG}</script></textarea>",
    f'<noscript><p title="</noscript><img src=x onerror={FLAG}>"></noscript>',
    f"<template><script>{FLAG}</script></template>",
    f"<x onmouseover={FLAG}>hover</x>",
    f'[a](https://ok.example "t\\" onmouseover=\\"{FLAG}")',
    '<a href="https://ok.example/" rel="opener">rel override</a>',
    '<div id="comments">id clobbering</div><a name="main" id="main">x</a>',
    "`<script>` in code, and\n\n    <script>indented</script>",
    f"<a href='javascript&colon;{FLAG}'>colon entity</a>",
    f'<a href="&#x6A;avascript:{FLAG}">hex</a>',
    "<sCrIpT src=https://evil.example/x.js></ScRiPt>",
    f'<svg><a xlink:href="javascript:{FLAG}"><text>x</text></a></svg>',
    f'<math href="javascript:{FLAG}">m</math>',
    "<![CDATA[<script>window.__pwned=1</script>]]>",
    f'<button formaction="javascript:{FLAG}">b</button>',
    f'<marquee onstart="{FLAG}">m</marquee>',
    "# A heading trying to be the page's h1",
]

VOID = {"br", "hr", "img", "input", "meta", "link", "base", "wbr", "source", "embed"}
FORBIDDEN_TAGS = re.compile(
    r"<\s*/?\s*(script|img|iframe|style|form|svg|math|object|embed|meta|base|link|"
    r"input|button|textarea|video|audio|source|template|body|html|head|div|section|"
    r"article|main|h[1-6]|details|marquee|noscript|x)\b",
    re.I,
)


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.broken = False
        self.anchors: list[dict[str, str | None]] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attributes.extend((tag, k, v) for k, v in attrs)
        if tag == "a":
            self.anchors.append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.broken = True


def assert_safe(out: str) -> None:
    """Check every invariant the page around a comment relies on."""
    lowered = out.lower()
    assert "<script" not in lowered
    assert "<!--" not in out
    assert not FORBIDDEN_TAGS.search(out), out
    parser = _Balance()
    parser.feed(out)
    parser.close()
    assert not parser.broken, out
    assert parser.stack == [], out
    for tag, name, value in parser.attributes:
        assert not name.lower().startswith("on"), (tag, name)
        assert name in {"href", "title", "rel", "cite"}, (tag, name)
        if name in ("href", "cite"):
            assert value is not None
            assert re.match(r"(https?|mailto):", value), value
    for attrs in parser.anchors:
        assert attrs.get("rel") == LINK_REL


# One renderer for the generated examples, as a build reuses one.
SHARED = Renderer()


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return SHARED


def test_there_are_at_least_thirty_hostile_bodies():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_body_renders_safely(renderer, body):
    out = renderer.render(body)
    assert_safe(out)


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_html_is_safe_even_without_markdown(renderer, body):
    assert_safe(renderer.sanitize(body))


def test_markdown_images_keep_only_their_alt_text(renderer):
    out = renderer.render("Look ![a chart of sales](https://evil.example/p.gif) here")
    assert out == "<p>Look a chart of sales here</p>"


def test_headings_become_paragraphs(renderer):
    assert renderer.render("# Big\n\ntext") == "<p>Big</p>\n<p>text</p>"


def test_good_markdown_survives(renderer):
    out = renderer.render(
        "Some **bold**, *em*, `code` and [a link](https://example.org/a?b=1&c=2).\n\n"
        "> quoted\n\n- one\n- two\n\nThen:\n\n1. first\n"
    )
    assert "<strong>bold</strong>" in out
    assert "<em>em</em>" in out
    assert "<code>code</code>" in out
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "a link</a>" in out
    )
    assert "<blockquote>" in out
    assert "<ul>" in out
    assert "<ol>" in out


def test_renderer_is_reusable_without_leaking_state(renderer):
    first = renderer.render("[ref]: https://example.org\n\n[x][ref]")
    second = renderer.render("[x][ref]")
    assert "href" in first
    assert "href" not in second


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://sam.example.net", "https://sam.example.net"),
        ("http://x.example/a?b=c", "http://x.example/a?b=c"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,hi", None),
        ("//evil.example", None),
        ("https://", None),
        ('https://x.example/"onmouseover="alert(1)', None),
        ("https://x.example/<script>", None),
        ("ftp://x.example", None),
        ("", None),
    ],
)
def test_website_scheme_check(raw, expected):
    assert safe_url(raw) == expected


def test_identicon_is_local_deterministic_and_salted():
    one = identicon_svg("Sam Rivera", "salt")
    assert one == identicon_svg("  sam rivera ", "salt")
    assert one != identicon_svg("Sam Rivera", "other salt")
    assert one != identicon_svg("Lee Park", "salt")
    assert one.startswith("<svg")
    assert 'aria-hidden="true"' in one
    assert "http" not in one.replace('"http://www.w3.org', "")


TAGS = st.sampled_from(
    [
        "script",
        "img",
        "a",
        "p",
        "svg",
        "math",
        "style",
        "iframe",
        "div",
        "ol",
        "li",
        "section",
        "article",
        "em",
        "b",
        "form",
        "object",
        "textarea",
        "title",
        "noscript",
        "template",
        "table",
        "select",
        "option",
        "xmp",
        "plaintext",
        "SCRIPT",
        "ScRiPt",
    ]
)
ATTR_NAMES = st.sampled_from(
    ["href", "src", "onload", "onerror", "OnClick", "style", "id", "xlink:href", "rel"]
)
ATTR_VALUES = st.sampled_from(
    [
        "javascript:window.__pwned=1",
        "JaVaScRiPt:window.__pwned=1",
        "jav&#x61;script:x",
        "java\tscript:x",
        "data:text/html,<script>x</script>",
        "vbscript:x",
        "https://ok.example/",
        "window.__pwned=1",
        '"><script>window.__pwned=1</script>',
        "",
    ]
)
TEXT = st.sampled_from(
    ["hi", "<", ">", "&", "&lt;", "-->", "<!--", "]]>", "</ol>", "</section>", "*", "`"]
)


@st.composite
def html_fragments(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 3 if depth < 3 else 1))
        if kind <= 1:
            parts.append(draw(TEXT))
            continue
        tag = draw(TAGS)
        attrs = "".join(
            f' {draw(ATTR_NAMES)}="{draw(ATTR_VALUES)}"'
            for _ in range(draw(st.integers(0, 2)))
        )
        inner = draw(html_fragments(depth + 1))
        closing = draw(st.sampled_from([f"</{tag}>", "", "</div>", "</ol></section>"]))
        parts.append(f"<{tag}{attrs}>{inner}{closing}")
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_fragments())
def test_generated_html_keeps_every_invariant(fragment):
    assert_safe(SHARED.render(fragment))
    assert_safe(SHARED.sanitize(fragment))


# --- What a commenter's Markdown becomes ---


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "Thank you, Sam.\n\nI’ll try that.",
            "<p>Thank you, Sam.</p>\n<p>I’ll try that.</p>",
        ),
        (
            "Some *em*, **strong**, `code()` and [a link](https://example.com/x).",
            "<p>Some <em>em</em>, <strong>strong</strong>, <code>code()</code> and "
            f'<a href="https://example.com/x" rel="{LINK_REL}">a link</a>.</p>',
        ),
        (
            "> A quote.\n\nAnd an answer.",
            "<blockquote>\n<p>A quote.</p>\n</blockquote>\n<p>And an answer.</p>",
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("# Loud title", "<p>Loud title</p>"),
        (
            "See ![the *chart*](https://evil.example/p.png) here",
            "<p>See the chart here</p>",
        ),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
        (
            '<abbr title="as soon as possible">ASAP</abbr>',
            '<p><abbr title="as soon as possible">ASAP</abbr></p>',
        ),
    ],
)
def test_everyday_markdown_renders_as_commonmark_within_the_allowlist(text, html):
    assert SHARED.render(text) == html


@pytest.mark.parametrize(
    "body",
    [
        "[the admin page](/admin/)",
        "[up a level](../../secret.html)",
        "[here](other-post.html)",
        '<a href="./x.html">raw</a>',
        '<a href="{filename}/posts/x.md">intrasite</a>',
        '<q cite="/quoted/">q</q>',
    ],
)
def test_relative_urls_never_survive_in_a_comment_body(renderer, body):
    # A relative link in a stranger's comment would point into this site (or,
    # as {filename}, be resolved by Pelican): only absolute http(s) and mailto.
    out = renderer.render(body)
    assert not re.search(r"\b(href|cite)=", out), out
    # The words stay: only the link is gone.
    assert re.sub(r"<[^>]+>", "", out).strip() in body
