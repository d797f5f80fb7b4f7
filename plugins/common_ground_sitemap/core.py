"""Build sitemap entries from site content and render sitemap.xml and robots.txt."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape


@dataclass(frozen=True, order=True)
class SitemapEntry:
    """One URL of the sitemap, relative to SITEURL, with its last change."""

    url: str
    lastmod: datetime | None = None


def is_absolute(siteurl: str) -> bool:
    """Tell whether SITEURL is a full http(s) address a sitemap may use."""
    return siteurl.startswith(("http://", "https://"))


def last_change(items: Iterable[Any]) -> datetime | None:
    """Return the newest modified-or-published date among content items."""
    dates = [
        getattr(item, "modified", None) or getattr(item, "date", None) for item in items
    ]
    known = [d for d in dates if isinstance(d, datetime)]
    return max(known) if known else None


def collect_entries(context: Mapping[str, Any]) -> list[SitemapEntry]:
    """Return one entry per indexable page of a generated site, sorted by URL."""
    articles = list(context.get("articles", ()))
    newest = last_change(articles)
    entries = [SitemapEntry(a.url, last_change([a])) for a in articles]
    entries += [SitemapEntry(p.url, last_change([p])) for p in context.get("pages", ())]
    for key in ("categories", "tags", "authors"):
        entries += [
            SitemapEntry(term.url, last_change(items))
            for term, items in context.get(key, ())
        ]
    # Series pages come from the series plugin when it is enabled.
    entries += [
        SitemapEntry(s.url, last_change(getattr(s, "items", ())))
        for s in context.get("series_list", ())
        if getattr(s, "url", None)
    ]
    direct = context.get("DIRECT_TEMPLATES", ())
    for name in ("index", "archives", "categories", "tags", "authors"):
        if name in direct and context.get(f"{name.upper()}_SAVE_AS", name) != "":
            url = "" if name == "index" else context.get(f"{name.upper()}_URL", "")
            entries.append(SitemapEntry(url, newest))
    unique = {entry.url: entry for entry in entries}
    return sorted(unique.values(), key=lambda e: e.url)


def keep(entries: Iterable[SitemapEntry], exclude: Iterable[str]) -> list[SitemapEntry]:
    """Drop the entries whose URL starts with one of the excluded prefixes."""
    prefixes = tuple(p.lstrip("/") for p in exclude)
    return [e for e in entries if not (prefixes and e.url.startswith(prefixes))]


def render_sitemap(siteurl: str, entries: Iterable[SitemapEntry]) -> str:
    """Render a sitemaps.org urlset; lastmod comes from content dates only."""
    base = siteurl.rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in entries:
        lines += ["  <url>", f"    <loc>{escape(f'{base}/{entry.url}')}</loc>"]
        if entry.lastmod is not None:
            lines.append(f"    <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(sitemap_url: str | None, exclude: Iterable[str]) -> str:
    """Render robots.txt that allows the site and points crawlers to the sitemap."""
    lines = ["User-agent: *"]
    disallow = [f"Disallow: /{prefix.lstrip('/')}" for prefix in exclude]
    lines += disallow or ["Disallow:"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
