"""Find internal pingbacks: one pass over each published post's links.

A link from post B to post A, written as `{filename}` or as A's URL (absolute,
root-relative or relative), makes B a response listed under A. Targets are
looked up in dicts, so the cost is linear in the size of all posts.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from common_ground_core.contract import url_path

ANCHOR = re.compile(
    r"""<a\b[^>]*?\shref\s*=\s*(["'])(.*?)\1[^>]*>(.*?)</a\s*>""", re.I | re.S
)
INTRASITE = re.compile(r"[{|]filename[|}](.*)", re.S)
BLOCK = re.compile(
    r"</?(?:p|li|ul|ol|dl|dd|dt|blockquote|h[1-6]|td|th|tr|table|div|pre|figure"
    r"|figcaption|section|aside|header|footer|details|summary)\b[^>]*>",
    re.I,
)
TAG = re.compile(r"<[^>]*>")
BREAK = re.compile(r"<br\b[^>]*>", re.I)
ELLIPSIS = "[…]"


@dataclass(frozen=True)
class PostRef:
    """What pingback discovery needs to know about one post."""

    key: int
    source_path: str
    url: str
    title: str
    date: dt.datetime
    html: str
    published: bool = True


@dataclass(frozen=True)
class Link:
    """Post `source` links to post `target`; `excerpt` is the framed context."""

    source: PostRef
    target: PostRef
    excerpt: str


def _text(fragment: str) -> str:
    """Return the text of an inline HTML fragment (tags removed, entities decoded)."""
    return html.unescape(TAG.sub("", BREAK.sub(" ", fragment)))


class _Resolver:
    """Map the hrefs found in one post to the post they point at, if any."""

    def __init__(self, posts: Iterable[PostRef], siteurl: str) -> None:
        self.by_source: dict[str, PostRef] = {}
        self.by_url: dict[str, PostRef] = {}
        for post in posts:
            self.by_source[posixpath.normpath(post.source_path)] = post
            self.by_url[url_path(post.url)] = post
        parts = urlsplit(siteurl) if siteurl else None
        absolute = bool(parts and parts.scheme and parts.netloc)
        self.site = siteurl.rstrip("/") if absolute else ""
        self.prefix = parts.path.strip("/") if absolute and parts else ""

    def resolve(self, href: str, post: PostRef) -> PostRef | None:
        """Return the post `href` (found in `post`) points at, or None."""
        href = html.unescape(href.strip())
        intrasite = INTRASITE.fullmatch(href)
        if intrasite:
            path = urlsplit(intrasite[1]).path
            if path.startswith("/"):
                key = path.lstrip("/")
            else:
                key = posixpath.join(posixpath.dirname(post.source_path), path)
            return self.by_source.get(posixpath.normpath(unquote(key)))
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            if not self.site or not href.startswith(self.site + "/"):
                return None
            path = href[len(self.site) :]
            path = urlsplit(path).path
        elif parts.path.startswith("/"):
            path = parts.path
            if self.prefix:
                path = path.lstrip("/").removeprefix(self.prefix)
        elif parts.path:
            base = post.url if post.url.endswith("/") else posixpath.dirname(post.url)
            path = posixpath.normpath(posixpath.join(base, parts.path))
        else:
            return None  # a fragment-only link stays on the same page
        return self.by_url.get(url_path(path))


def excerpt_around(
    source_html: str,
    start: int,
    end: int,
    link_html: str,
    boundaries: list[int],
    words: int,
) -> str:
    """Return "[…] words before, the link text, words after […]" in one block."""
    before_at = bisect_right(boundaries, start) - 1
    block_start = boundaries[before_at] if before_at >= 0 else 0
    after_at = bisect_left(boundaries, end)
    block_end = boundaries[after_at] if after_at < len(boundaries) else len(source_html)
    before = _text(source_html[block_start:start])
    after = _text(source_html[end:block_end])
    # Keep the spacing next to the link as written: "lesson, I" not "lesson , I".
    text = (
        " ".join(before.split()[-words:])
        + (" " if before[-1:].isspace() else "")
        + " ".join(_text(link_html).split())
        + (" " if after[:1].isspace() else "")
        + " ".join(after.split()[:words])
    )
    return f"{ELLIPSIS} {text.strip()} {ELLIPSIS}"


def _boundaries(source_html: str) -> list[int]:
    """Return the positions where block elements begin or end, in order."""
    out: list[int] = []
    for match in BLOCK.finditer(source_html):
        out.append(match.start())
        out.append(match.end())
    return out


def find_pingbacks(
    posts: list[PostRef], *, siteurl: str = "", context_words: int = 12
) -> dict[int, list[Link]]:
    """Return, per target post key, the published posts linking to it.

    Self-links are ignored, a source counts once per target, and only
    published posts ping (drafts and hidden posts never do).
    """
    resolver = _Resolver(posts, siteurl)
    found: dict[int, list[Link]] = {}
    for post in posts:
        if not post.published or "<a" not in post.html:
            continue
        seen: set[int] = set()
        boundaries: list[int] | None = None
        for match in ANCHOR.finditer(post.html):
            target = resolver.resolve(match[2], post)
            if target is None or target.key == post.key or target.key in seen:
                continue
            seen.add(target.key)
            if boundaries is None:
                boundaries = _boundaries(post.html)
            excerpt = excerpt_around(
                post.html,
                match.start(),
                match.end(),
                match[3],
                boundaries,
                context_words,
            )
            found.setdefault(target.key, []).append(Link(post, target, excerpt))
    for links in found.values():
        links.sort(key=lambda link: (link.source.date, link.source.source_path))
    return found
