"""What the import needs to know about the site: settings and existing content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass(frozen=True)
class ExistingPost:
    """A post or page already in the content tree."""

    kind: str  # "article" or "page"
    slug: str
    path: str  # relative to the content folder
    aliases: tuple[str, ...] = ()


@dataclass
class Site:
    """The site's settings as the import uses them, plus its current content."""

    timezone: str
    slugify: Callable[[str], str]
    article_dir: str
    page_dir: str
    comments_dir: str
    article_url: str
    page_url: str
    existing: list[ExistingPost] = field(default_factory=list)
    existing_files: set[str] = field(default_factory=set)
    # Clean paths the site itself serves (tags/, archives/, every post's URL).
    reserved: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_slug = {(p.kind, p.slug): p for p in reversed(self.existing)}

    def taken(self, kind: str, slug: str) -> ExistingPost | None:
        """Return the existing post or page of `kind` that has `slug`, if any."""
        return self._by_slug.get((kind, slug))

    def url_path(self, kind: str, slug: str, date: dt.datetime | None) -> str | None:
        """Return the root-relative URL the site gives a post, when it can tell."""
        pattern = self.article_url if kind == "article" else self.page_url
        fields = {
            "slug": slug,
            "date": date or dt.datetime(1970, 1, 1),
            "lang": "",
            "category": SimpleNamespace(slug="", name=""),
            "author": SimpleNamespace(slug="", name=""),
        }
        try:
            url = pattern.format(**fields)
        except (KeyError, AttributeError, IndexError, ValueError):
            return None
        return "/" + url.lstrip("/")
