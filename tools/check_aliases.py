"""Predict, for `make check`, which aliases the build would skip.

The build is the authority: it skips an alias that takes any file it writes (see
plugins/aliases). Without building, `make check` predicts the addresses from the
settings the build uses: each published or hidden post's and page's own address,
the listing and index pages (DIRECT_TEMPLATES), the category, tag, author and
series pages in use, the feeds, the sitemap and robots.txt, the alias map, the static
files and the theme's, and the search bundle. Pagination pages are left to the
build's warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common_ground_core.source import Source, metadata_date, pelican_slug
from pelican.plugins.common_ground_aliases.core import Taken, parse_aliases, save_as_of
from pelican.plugins.common_ground_aliases.output import reserved_files

FEEDS = ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS")
SINGLE_FILES = ("SITEMAP_SAVE_AS", "SITEMAP_ROBOTS_SAVE_AS", "ALIASES_MAP_SAVE_AS")


@dataclass(frozen=True)
class Named:
    """A category, tag or author as URL formats see it: its name and slug."""

    name: str
    slug: str

    def __str__(self) -> str:
        """Return the name, as Pelican's URLWrapper does."""
        return self.name


@dataclass(frozen=True)
class Published:
    """One post or page the build publishes."""

    kind: str  # "article" or "page"
    slug: str
    source: Source


def _format(pattern: str, **values: Any) -> str | None:
    """Format a *_SAVE_AS pattern, or None if it needs what is not known here."""
    try:
        return pattern.format(**values) or None
    except (KeyError, AttributeError, IndexError, ValueError):
        return None


def _named(value: str, settings: dict[str, Any]) -> Named:
    return Named(value, pelican_slug(value, settings))


def _entry_address(entry: Published, settings: dict[str, Any]) -> str | None:
    """Return where the build writes one post or page."""
    source = entry.source
    lang = source.value("lang") or settings["DEFAULT_LANG"]
    prefix = "ARTICLE" if entry.kind == "article" else "PAGE"
    key = (
        f"{prefix}_SAVE_AS"
        if lang == settings["DEFAULT_LANG"]
        else f"{prefix}_LANG_SAVE_AS"
    )
    try:
        date = metadata_date(source.value("date") or "1970-01-01")
    except (ValueError, OverflowError):
        return None
    return _format(
        settings.get(key) or "",
        slug=entry.slug,
        lang=lang,
        date=date,
        category=_named(
            source.value("category") or settings.get("DEFAULT_CATEGORY", "misc"),
            settings,
        ),
        author=_named(source.value("author") or "", settings),
    )


def build_addresses(
    entries: Iterable[Published], settings: dict[str, Any], content: Path
) -> set[str]:
    """Return the output paths the build is expected to write (see the docstring)."""
    entries = list(entries)
    addresses: set[str] = set()
    for entry in entries:
        address = _entry_address(entry, settings)
        if address:
            addresses.add(address)
    for template in settings.get("DIRECT_TEMPLATES", ()):
        address = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if address:
            addresses.add(address)
    for key in (*FEEDS, *SINGLE_FILES):
        if isinstance(settings.get(key), str) and settings[key]:
            addresses.add(settings[key])
    articles = [e.source for e in entries if e.kind == "article"]
    used = {
        "CATEGORY": {s.value("category") for s in articles if s.value("category")},
        "TAG": {
            tag.strip()
            for s in articles
            for tag in (s.value("tags") or "").split(",")
            if tag.strip()
        },
        "AUTHOR": {s.value("author") for s in articles if s.value("author")},
        "SERIES": {s.value("series") for s in articles if s.value("series")},
    }
    for kind, names in used.items():
        for name in names:
            address = _format(
                settings.get(f"{kind}_SAVE_AS") or "", slug=pelican_slug(name, settings)
            )
            if address:
                addresses.add(address)
    if used["SERIES"] and settings.get("SERIES_INDEX_SAVE_AS"):
        addresses.add(settings["SERIES_INDEX_SAVE_AS"])
    for folder in settings.get("STATIC_PATHS", ()):
        root = content / folder
        if root.is_file():
            addresses.add(folder)
        elif root.is_dir():
            addresses |= {
                p.relative_to(content).as_posix()
                for p in root.rglob("*")
                if p.is_file()
            }
    addresses |= reserved_files(settings)
    return addresses


def check_alias_addresses(
    entries: Iterable[Published], settings: dict[str, Any], content: Path
) -> None:
    """Report, at its line, each alias the build would skip for its address."""
    entries = sorted(entries, key=lambda e: e.source.display)
    taken = Taken(build_addresses(entries, settings, content))
    for entry in entries:
        raw = entry.source.value("aliases")
        if not raw:
            continue
        for alias in parse_aliases(raw)[0]:
            clash = taken.clash(save_as_of(alias))
            if clash:
                entry.source.problem(
                    entry.source.line("aliases"),
                    f"alias {alias} {clash}; the build skips it",
                )
