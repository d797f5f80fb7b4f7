"""The rules of posts and comment files that the build and the commands share.

Statuses a post or a comment may have, the comment id grammar and the HTML ids
(anchors) comments and pingbacks get, the control characters removed from text,
a title's plain text, the form in which two site addresses compare, which URLs
a comment may link to, how a comment's date is read and where comment files
live. Each is stated here once; plugins and tools import it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A post's `Status:` values, as Pelican reads them.
POST_STATUSES = ("published", "draft", "hidden", "skip")

# A comment file's `Status:` and `Type:` values.
COMMENT_STATUSES = ("published", "pending", "spam")
# like and repost come from Webmention (tools/webmention): counted, not listed.
COMMENT_TYPES = ("comment", "pingback", "like", "repost")
REACTIONS = ("like", "repost")

# The id becomes part of an HTML id and a URL fragment, so keep it plain.
COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")

# The HTML ids the theme gives comments and pingbacks on a post's page.
COMMENT_ANCHOR_PREFIX = "comment-"
PINGBACK_ANCHOR_PREFIX = "pingback-"

# Control characters (but tab, newline and carriage return) make pages and
# feeds invalid and mean nothing to a reader.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# The folder under PATH holding <post-slug>/<comment-id>.md (COMMENTS_DIR).
COMMENTS_DIR = "comments"

# Characters no link a comment carries may contain.
URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")

# A tag in a title: Pelican keeps a title as HTML.
_TAG = re.compile(r"<[^>]*>")


def valid_comment_id(comment_id: str) -> bool:
    """Return True if `comment_id` is a usable comment id."""
    return bool(COMMENT_ID.fullmatch(comment_id))


def comment_anchor(comment_id: str) -> str:
    """Return the HTML id of a comment's permalink anchor."""
    return f"{COMMENT_ANCHOR_PREFIX}{comment_id}"


def pingback_anchor(source_slug: str) -> str:
    """Return the HTML id of a pingback from the post `source_slug`."""
    return f"{PINGBACK_ANCHOR_PREFIX}{source_slug}"


def strip_control(text: str) -> str:
    """Return `text` without control characters (tab and line ends stay)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def title_text(title_html: str | list[str]) -> str:
    """Return a title (HTML, as Pelican keeps it) as plain text on one line."""
    if isinstance(title_html, list):
        # A metadata key given twice reaches us as a list; `make check` reports it.
        title_html = title_html[0] if title_html else ""
    return " ".join(html.unescape(_TAG.sub("", str(title_html))).split())


def url_path(address: str) -> str:
    """Return a site address as it compares: `a/b/`, `/a/b`, `a/b/index.html` alike."""
    path = unquote(address).strip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")].rstrip("/")
    return path


def safe_url(raw: str, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """Return `raw` if it is an absolute URL with an allowed scheme, else None."""
    value = raw.strip()
    if not value or URL_UNSAFE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return None
    return value


def site_zone(timezone: str) -> dt.tzinfo:
    """Return the site's TIMEZONE as a tzinfo (UTC when the name is unknown)."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def parse_date(raw: str, timezone: str) -> dt.datetime:
    """Parse an ISO date-time and return it in the site's TIMEZONE.

    A naive value is read in TIMEZONE; one with an offset (a comment that came
    by email keeps the sender's) is converted, so every date shows in one zone.
    """
    value = dt.datetime.fromisoformat(raw.strip())
    zone = site_zone(timezone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)
