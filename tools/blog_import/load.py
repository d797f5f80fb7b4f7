"""Read the site's settings and its current content for an import."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from common_ground_core.source import (
    content_files,
    derive_slug,
    load_settings,
    metadata_date,
    pelican_slug,
    read_source,
)
from pelican.plugins.common_ground_aliases.core import parse_aliases
from pelican.plugins.common_ground_comments.config import ConfigError, get_config

from .links import address_path
from .site import ExistingPost, TargetSite

__all__ = ["ConfigError", "load_settings", "site_from_settings"]


def existing_content(content: Path, settings: dict[str, Any]):
    """Return (posts and pages already there, every file path already there)."""
    files = (
        {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()}
        if content.is_dir()
        else set()
    )
    posts: list[ExistingPost] = []
    for kind in ("article", "page"):
        for path in content_files(content, settings, kind.upper()):
            relative = path.relative_to(content).as_posix()
            source = read_source(path, relative)
            slug = derive_slug(source, settings) if source.readable else None
            if slug:
                aliases, _problems = parse_aliases(source.value("aliases") or "")
                posts.append(
                    ExistingPost(
                        kind,
                        slug,
                        relative,
                        tuple(aliases),
                        date=_date(source.value("date")),
                        category=source.value("category") or "",
                        author=source.value("author") or "",
                    )
                )
    return posts, files


def _date(raw: str | None) -> dt.datetime | None:
    """Read a Date header as Pelican does; None when absent or unreadable."""
    try:
        return metadata_date(raw) if raw else None
    except (ValueError, OverflowError):
        return None


# Addresses the build writes whatever the settings say: the list, so a
# page called "Archives" or "Feeds" never shadows one on a differently set site.
RESERVED_SLUGS = frozenset(
    {
        *("archives", "tags", "categories", "authors", "search", "series"),
        *("index", "404", "feeds", "drafts", "theme", "images", "comments"),
        *("pagefind", "sitemap", "robots"),
    }
)
CONTENT_SAVE_AS = frozenset(
    {"ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS", "PAGE_SAVE_AS", "PAGE_LANG_SAVE_AS"}
)


def built_paths(settings: dict[str, Any]) -> set[str]:
    """Return the output paths, and the folders of output paths, the build writes.

    A fixed path (tags/index.html, feeds/all.atom.xml) counts with its folders;
    a pattern (tag/{slug}/index.html) counts by the folders above its first field.
    """
    values = [
        value
        for key, value in settings.items()
        if isinstance(value, str)
        and value
        and key not in CONTENT_SAVE_AS
        and (key.endswith("_SAVE_AS") or "FEED_" in key or key.endswith("_DIR"))
    ]
    values += [v for v in settings.get("STATIC_PATHS") or [] if isinstance(v, str)]
    paths: set[str] = set()
    for value in values:
        parts = [p for p in value.strip("/").split("/") if p]
        for index, part in enumerate(parts):
            if "{" in part:
                break
            paths.add("/".join(parts[: index + 1]))
    paths |= {f"{slug}" for slug in RESERVED_SLUGS}
    return paths


def reserved_paths(settings: dict[str, Any], posts: list[ExistingPost]) -> set[str]:
    """Return the fixed pages' and existing posts' paths, which no alias may take."""
    fixed = [
        value
        for key, value in settings.items()
        if key.endswith("_URL") and isinstance(value, str) and "{" not in value
    ]
    paths = {address_path("/" + value) for value in fixed if value}
    return paths | {address_path(alias) for post in posts for alias in post.aliases}


def site_from_settings(settings: dict[str, Any], content: Path) -> TargetSite:
    """Return what the import needs to know about the site in `content`."""
    comments = get_config(settings).directory
    posts, files = existing_content(content, settings)
    site = TargetSite(
        timezone=settings.get("TIMEZONE") or "UTC",
        slugify=functools.partial(pelican_slug, settings=settings),
        article_dir=(settings["ARTICLE_PATHS"] or [""])[0].strip("/") or "posts",
        page_dir=(settings["PAGE_PATHS"] or [""])[0].strip("/") or "pages",
        comments_dir=comments,
        settings=settings,
        existing=posts,
        existing_files=files,
        built_paths=built_paths(settings),
    )
    site.reserved = reserved_paths(settings, posts) | {
        address_path(url)
        for post in posts
        if (
            url := site.url_path(
                post.kind, post.slug, post.date, post.category, post.author
            )
        )
    }
    return site
