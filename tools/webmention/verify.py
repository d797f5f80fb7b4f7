"""Verify queued mentions: fetch each source, check the link, read microformats.

`verify_pending` is what the worker thread runs; tests call it directly. It
only writes the database: files are written by moderation (`make moderate`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import mf2py
from bs4 import BeautifulSoup

from . import db as store
from .config import MentionConfig, load_config
from .fetch import FetchError, Response, fetch

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 280
# Properties that name the target in a response, most specific first.
TYPE_PROPERTIES = (
    ("in-reply-to", "reply"),
    ("like-of", "like"),
    ("repost-of", "repost"),
    ("bookmark-of", "bookmark"),
)
LINK_ATTRIBUTES = (("a", "href"), ("img", "src"), ("video", "src"), ("audio", "src"))


@dataclass
class Found:
    """What a verified source says about itself."""

    type: str
    author_name: str
    author_url: str
    author_photo: str
    title: str
    excerpt: str
    published: str


def _is_html(response: Response) -> bool:
    return response.content_type in ("text/html", "application/xhtml+xml", "")


def links_to(response: Response, target: str) -> bool:
    """Return True if the source document links to `target` (spec §3.2.2)."""
    text = response.text()
    if not _is_html(response):
        # JSON, plain text and the like: the target must appear as written.
        return target in text
    soup = BeautifulSoup(text, "html.parser")
    for name, attribute in LINK_ATTRIBUTES:
        for tag in soup.find_all(name):
            value = tag.get(attribute)
            if (
                isinstance(value, str)
                and urljoin(response.url, value.strip()) == target
            ):
                return True
    return False


def _first(props: dict[str, Any], key: str) -> Any:
    values = props.get(key) or []
    return values[0] if values else None


def _plain(value: Any) -> str:
    """Return a property value as one line of text."""
    if isinstance(value, dict):
        value = value.get("value") or value.get("html") or ""
        if isinstance(value, dict):
            value = value.get("value", "")
    return " ".join(str(value or "").split())


def _url_of(value: Any) -> str:
    if isinstance(value, dict):
        props = value.get("properties") or {}
        url = _first(props, "url")
        return _plain(url) if url else _plain(value.get("value"))
    return _plain(value)


def _entry(parsed: dict[str, Any]) -> dict[str, Any] | None:
    """Return the first h-entry of the document, looking into children too."""
    stack = list(parsed.get("items", []))
    while stack:
        item = stack.pop(0)
        if "h-entry" in item.get("type", []):
            return item
        stack[0:0] = item.get("children", [])
    return None


def _shorten(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def read_mention(response: Response, target: str) -> Found:
    """Return author, title, excerpt, date and kind of the mention in `response`."""
    source = response.url
    parsed: dict[str, Any] = {}
    if _is_html(response):
        parsed = mf2py.parse(doc=response.text(), url=source, metaformats=False)
    entry = _entry(parsed) or {}
    props = entry.get("properties", {})
    kind = "mention"
    for prop, name in TYPE_PROPERTIES:
        if any(_url_of(value) == target for value in props.get(prop, [])):
            kind = name
            break
    author = _first(props, "author")
    name = url = photo = ""
    if isinstance(author, dict):
        aprops = author.get("properties", {})
        name = _plain(_first(aprops, "name")) or _plain(author.get("value"))
        url = _url_of(_first(aprops, "url")) if _first(aprops, "url") else ""
        photo = _url_of(_first(aprops, "photo")) if _first(aprops, "photo") else ""
    elif author:
        text = _plain(author)
        if text.startswith(("http://", "https://")):
            url = text
        else:
            name = text
    content = _plain(_first(props, "content")) or _plain(_first(props, "summary"))
    title = _plain(_first(props, "name"))
    if title and content and content.startswith(title.rstrip("…. ")):
        title = ""  # a note: its "name" is only its text again
    if not title and _is_html(response):
        head = BeautifulSoup(response.text(), "html.parser").title
        title = " ".join(head.get_text().split()) if head else ""
    published = _iso(_plain(_first(props, "published")))
    return Found(
        type=kind,
        author_name=name[:200],
        author_url=url if url.startswith(("http://", "https://")) else "",
        author_photo=photo if photo.startswith(("http://", "https://")) else "",
        title=title[:200] or source,
        excerpt=_shorten(content or _plain(_first(props, "summary"))),
        published=published[:40],
    )


def _iso(value: str) -> str:
    """Return a date as ISO 8601 (`+00:00` offsets), or '' if it is not one."""
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _digest(found: Found) -> str:
    return hashlib.sha256(
        json.dumps(found.__dict__, sort_keys=True).encode("utf-8")
    ).hexdigest()


def verify_one(conn: sqlite3.Connection, mention: store.Mention, cfg: MentionConfig):
    """Fetch one source and record the outcome; return the new verification."""
    values: dict[str, Any]
    try:
        response = fetch(mention.source, cfg.policy, headers={"Accept": "text/html"})
    except FetchError as error:
        values = {"verification": "invalid", "error": str(error)}
    else:
        if response.status in (404, 410):
            values = {
                "verification": "gone",
                "error": f"the source answered {response.status}",
            }
        elif not 200 <= response.status < 300:
            values = {
                "verification": "invalid",
                "error": f"the source answered {response.status}",
            }
        elif not links_to(response, mention.target):
            values = {
                "verification": "gone",
                "error": "the source does not link to the target",
            }
        else:
            found = read_mention(response, mention.target)
            digest = _digest(found)
            values = {"verification": "verified", "error": None, **found.__dict__}
            values["content_hash"] = digest
            if mention.decision == "approved" and digest != mention.content_hash:
                values["file_stale"] = 1
    if values["verification"] == "gone" and mention.file:
        values["file_stale"] = 1
    values["verified_at"] = _now()
    assignments = ", ".join(f"{key} = ?" for key in values)
    # Only if nobody re-sent it meanwhile: a newer request is checked again.
    conn.execute(
        f"UPDATE webmentions SET {assignments} "
        "WHERE id = ? AND received_at = ? AND verification = 'queued'",
        (*values.values(), mention.id, mention.received_at),
    )
    conn.commit()
    logger.info(
        "webmention: %s -> %s: %s%s",
        mention.source,
        mention.target,
        values["verification"],
        f" ({values['error']})" if values.get("error") else "",
    )
    return values["verification"]


def verify_pending(db: str, config: MentionConfig | Mapping[str, Any]) -> int:
    """Verify every queued mention in the database at `db`; return how many.

    `config` is a MentionConfig or the settings (WEBMENTION_* keys) to make one.
    """
    if not isinstance(config, MentionConfig):
        config = load_config(config)
    conn = store.connect(db)
    try:
        queued = store.rows(conn, "verification = 'queued'")
        for mention in queued:
            verify_one(conn, mention, config)
        return len(queued)
    finally:
        conn.close()
