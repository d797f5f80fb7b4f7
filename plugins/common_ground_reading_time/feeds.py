"""Put the reading time at the top of Atom/RSS entries: pure."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from html import escape
from typing import Any

# The query Pelican appends to feed links when FEED_APPEND_REF is on.
FEED_REF_QUERY = "ref=feed"


def item_url(link: str, site_url: str) -> str | None:
    """Return the item URL Pelican joined to `site_url` to make a feed `link`.

    "https://example.org/blog/posts/a/?ref=feed" with SITEURL
    "https://example.org/blog" gives "posts/a/". A link from elsewhere, or one
    with a fragment or another query (a comment's "#comment-3"), gives None.
    """
    prefix = site_url.rstrip("/") + "/" if site_url else ""
    if not link.startswith(prefix):
        return None
    url = link[len(prefix) :]
    url = url.removesuffix("?" + FEED_REF_QUERY)
    if "#" in url or "?" in url:
        return None
    return url.lstrip("/")


def badge_html(text: str) -> str:
    """Return the badge paragraph that opens a feed entry."""
    return f'<p class="reading-time">{escape(text)}</p>'


def add_badges(
    items: Sequence[MutableMapping[str, Any]], badges: Mapping[str, str], site_url: str
) -> int:
    """Prefix each feed item's summary and content with its badge; return how many.

    `badges` maps an item URL (as Pelican's `url`, without a leading slash) to
    the badge's plain text; `site_url` is the SITEURL the feed's links start with.
    """
    changed = 0
    for item in items:
        url = item_url(str(item.get("link", "")), site_url)
        text = badges.get(url) if url is not None else None
        if text is None:
            continue
        badge = badge_html(text)
        fields = [field for field in ("description", "content") if item.get(field)]
        # An entry with neither summary nor content still says how long it is.
        for field in fields or ["description"]:
            item[field] = badge + str(item.get(field) or "")
        changed += 1
    return changed
