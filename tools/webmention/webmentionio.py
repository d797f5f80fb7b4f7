"""Import mentions from webmention.io (`make mentions FETCH=1`) as pending files.

For authors without a server: webmention.io receives and verifies; this
fetches its jf2 feed and writes each mention of a known post as
`<COMMENTS_DIR>/<slug>/wmio-<wm-id>.md` with `Status: pending`, so `make
moderate` lists it like any pending comment. A file already there (pending,
approved or marked spam) is never written again.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from common_ground_core.contract import site_zone
from pelican.plugins.common_ground_comments.config import get_config as comments_config

from .config import MentionConfig
from .fetch import FetchError, fetch
from .moderation import ModerationError, slug_for_target

PER_PAGE = 100
MAX_PAGES = 100
PROPERTIES = {
    "in-reply-to": ("pingback", "reply"),
    "like-of": ("like", "like"),
    "repost-of": ("repost", "repost"),
    "bookmark-of": ("pingback", "bookmark"),
    "mention-of": ("pingback", "mention"),
}


class WebmentionIOError(RuntimeError):
    """webmention.io could not be read; the message says why."""


def _line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _http(url: Any) -> str:
    text = _line(url)
    return text if urlsplit(text).scheme in ("http", "https") else ""


def entry_text(entry: dict[str, Any], timezone: str) -> str | None:
    """Return the pending comment file for one jf2 entry, or None if unusable."""
    source = _http(entry.get("wm-source") or entry.get("url"))
    if not source:
        return None
    kind, mention = PROPERTIES.get(
        str(entry.get("wm-property")), PROPERTIES["mention-of"]
    )
    author = entry.get("author") if isinstance(entry.get("author"), dict) else {}
    raw_date = entry.get("published") or entry.get("wm-received") or ""
    try:
        date = dt.datetime.fromisoformat(str(raw_date).replace("Z", "+00:00"))
    except ValueError:
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    date = date.astimezone(site_zone(timezone)).replace(microsecond=0)
    content = entry.get("content") if isinstance(entry.get("content"), dict) else {}
    text = _line(content.get("text")) or _line(entry.get("summary"))
    title = _line(entry.get("name")) or source
    name = _line(author.get("name")) or urlsplit(source).hostname or source
    lines = [
        f"Type: {kind}",
        f"Author: {name[:200]}",
        f"Title: {title[:200]}",
        f"Source: {source}",
        f"Date: {date.isoformat()}",
    ]
    if _http(author.get("url")):
        lines.append(f"Website: {_http(author.get('url'))}")
    lines += [f"Webmention: {mention}", "Status: pending"]
    return "\n".join(lines) + "\n\n" + text[:1000] + "\n"


def fetch_entries(cfg: MentionConfig, token: str) -> list[dict[str, Any]]:
    """Return every jf2 entry webmention.io holds for the token's site."""
    entries: list[dict[str, Any]] = []
    for page in range(MAX_PAGES):
        query = urlencode({"token": token, "per-page": PER_PAGE, "page": page})
        url = f"{cfg.io_api}/api/mentions.jf2?{query}"
        try:
            response = fetch(url, cfg.policy, headers={"Accept": "application/json"})
        except FetchError as error:
            raise WebmentionIOError(str(error).replace(token, "…")) from None
        if response.status != 200:
            raise WebmentionIOError(f"webmention.io answered {response.status}")
        try:
            feed = json.loads(response.body)
        except ValueError:
            raise WebmentionIOError(
                "webmention.io sent something that is not JSON"
            ) from None
        children = feed.get("children") if isinstance(feed, dict) else None
        if not isinstance(children, list):
            raise WebmentionIOError("webmention.io sent no jf2 feed (no children)")
        entries += [c for c in children if isinstance(c, dict)]
        if len(children) < PER_PAGE:
            break
    return entries


def import_mentions(
    cfg: MentionConfig, token: str, content: Path, settings: dict[str, Any]
) -> tuple[list[Path], list[str]]:
    """Write new pending files; return (written, skipped-with-reason)."""
    if not token:
        raise WebmentionIOError("set WEBMENTION_IO_TOKEN (webmention.io's API token)")
    root = content / comments_config(settings).directory
    timezone = str(settings.get("TIMEZONE") or "UTC")
    written: list[Path] = []
    skipped: list[str] = []
    for entry in fetch_entries(cfg, token):
        wm_id = str(entry.get("wm-id", ""))
        if not wm_id.isdigit():
            skipped.append(f"an entry without a numeric wm-id ({entry.get('url')})")
            continue
        try:
            slug = slug_for_target(str(entry.get("wm-target", "")), content, settings)
        except ModerationError as error:
            skipped.append(f"wm-id {wm_id}: {error}")
            continue
        path = root / slug / f"wmio-{wm_id}.md"
        if path.exists():
            continue
        text = entry_text(entry, timezone)
        if text is None:
            skipped.append(f"wm-id {wm_id}: no http(s) source or no usable date")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written, skipped
