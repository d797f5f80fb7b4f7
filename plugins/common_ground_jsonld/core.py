"""schema.org JSON-LD for a post: one pure function per page, no Pelican imports.

`blog_posting(post, site)` reads only documented attributes: Pelican's own
(`title`, `date`, `modified`, `url`, `author`, `category`, `tags`, `summary`,
`lang`) and the plugins' (`reading_time` from reading_time, `series` from
series, `comment_count` from comments). A plugin that is off leaves its
attribute missing (or a raw metadata string), and its fields are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class JsonLdSettings:
    """The settings a post's JSON-LD needs."""

    siteurl: str
    author: str | None
    lang: str


def _text(html: Any) -> str:
    """Return markup as plain text, entities decoded, whitespace collapsed."""
    return Markup(str(html)).striptags()


def _reading_time(post: Any) -> dict[str, Any]:
    """Return wordCount and timeRequired from the reading_time plugin's object."""
    rt = getattr(post, "reading_time", None)
    duration = getattr(rt, "iso_duration", None)
    if not isinstance(duration, str):
        return {}
    return {"wordCount": rt.words, "timeRequired": duration}


def _series(post: Any, siteurl: str) -> dict[str, Any]:
    """Return isPartOf (a CreativeWorkSeries) and position from the series plugin."""
    info = getattr(post, "series", None)
    position = getattr(info, "position", None)
    if not isinstance(position, int):
        return {}
    return {
        "isPartOf": {
            "@type": "CreativeWorkSeries",
            "name": info.name,
            "url": f"{siteurl}/{info.url}",
        },
        "position": position,
    }


def _comments(post: Any) -> dict[str, Any]:
    """Return commentCount from the comments plugin (comments plus pingbacks)."""
    count = getattr(post, "comment_count", None)
    return {"commentCount": count} if isinstance(count, int) else {}


def blog_posting(post: Any, site: JsonLdSettings) -> dict[str, Any]:
    """Return the schema.org BlogPosting describing `post`."""
    url = f"{site.siteurl}/{post.url}"
    author = getattr(post, "author", None)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": _text(post.title),
        "datePublished": post.date.isoformat(),
        "url": url,
        "author": {"@type": "Person", "name": str(author) if author else site.author},
        "inLanguage": getattr(post, "lang", None) or site.lang,
    }
    modified = getattr(post, "modified", None)
    if modified:
        data["dateModified"] = modified.isoformat()
    category = getattr(post, "category", None)
    if category:
        data["articleSection"] = str(category)
    tags = getattr(post, "tags", None)
    if tags:
        data["keywords"] = ", ".join(str(tag) for tag in tags)
    summary = getattr(post, "summary", None)
    if summary and _text(summary).strip():
        data["description"] = _text(summary).strip()
    if site.siteurl.startswith(("http://", "https://")):
        data["mainEntityOfPage"] = url
    data |= _reading_time(post) | _series(post, site.siteurl) | _comments(post)
    return data


def script_json(data: dict[str, Any]) -> str:
    """Return `data` as JSON safe inside <script>: sorted keys, no raw < > &."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    # "</script>" or "<!--" in a title must not end or confuse the script element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
