"""Put the reading time at the top of Atom/RSS entries: pure."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

# The query Pelican appends to feed links when FEED_APPEND_REF is on.
FEED_REF_QUERY = "ref=feed"


def link_keys(link: str) -> Iterator[str]:
    """Yield the link's path and each shorter tail of it, longest first.

    A feed link is SITEURL joined with the item's URL, so the item's URL is one
    of the tails: "https://example.org/blog/posts/a/" yields "blog/posts/a/",
    "posts/a/" and "a/".
    """
    parts = urlsplit(link)
    # A fragment or a foreign query means the entry is not a whole article
    # (a comment feed links to "#comment-3"), so it gets no badge.
    if parts.fragment or parts.query not in ("", FEED_REF_QUERY):
        return
    path = parts.path.lstrip("/")
    while path:
        yield path
        _, slash, rest = path.partition("/")
        if not slash:
            return
        path = rest


def badge_html(text: str) -> str:
    """Return the badge paragraph that opens a feed entry."""
    return f'<p class="reading-time">{escape(text)}</p>'


def add_badges(
    items: Sequence[MutableMapping[str, Any]], badges: Mapping[str, str]
) -> int:
    """Prefix each feed item's summary and content with its badge; return how many.

    `badges` maps an item URL (as Pelican's `url`, without a leading slash) to
    the badge's plain text.
    """
    changed = 0
    for item in items:
        text = next(
            (
                badges[key]
                for key in link_keys(str(item.get("link", "")))
                if key in badges
            ),
            None,
        )
        if text is None:
            continue
        badge = badge_html(text)
        fields = [field for field in ("description", "content") if item.get(field)]
        # An entry with neither summary nor content still says how long it is.
        for field in fields or ["description"]:
            item[field] = badge + str(item.get(field) or "")
        changed += 1
    return changed
