"""What the import needs to know about the site: settings and existing content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pelican.contents import Article, Page
from pelican.urlwrappers import Author, Category

# An article without a date (a draft kept aside) still needs one for its URL.
NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A slug no build address uses: where a post's path stops depending on its slug.
PROBE_SLUG = "import-probe-slug-0"


@dataclass(frozen=True)
class ExistingPost:
    """A post or page already in the content tree."""

    kind: str  # "article" or "page"
    slug: str
    path: str  # relative to the content folder
    aliases: tuple[str, ...] = ()
    date: dt.datetime | None = None
    category: str = ""
    author: str = ""


@dataclass
class TargetSite:
    """The site's settings as the import uses them, plus its current content."""

    timezone: str
    slugify: Callable[[str], str]
    article_dir: str
    page_dir: str
    comments_dir: str
    # The build's own settings: addresses are asked of Pelican, never re-derived.
    settings: dict[str, Any] = field(default_factory=dict)
    existing: list[ExistingPost] = field(default_factory=list)
    existing_files: set[str] = field(default_factory=set)
    # Files already in the folder beside content/ that holds unpublished posts.
    held_files: set[str] = field(default_factory=set)
    # Clean paths the site itself serves (tags/, archives/, every post's URL).
    reserved: set[str] = field(default_factory=set)
    # Output paths (and folders of output paths) the build writes by itself.
    built_paths: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_slug = {(p.kind, p.slug): p for p in reversed(self.existing)}

    def taken(self, kind: str, slug: str) -> ExistingPost | None:
        """Return the existing post or page of `kind` that has `slug`, if any."""
        return self._by_slug.get((kind, slug))

    def content_object(
        self,
        kind: str,
        slug: str,
        date: dt.datetime | None,
        category: str = "",
        author: str = "",
    ) -> Article | Page:
        """Return the Pelican object the build would make for this post or page."""
        settings = self.settings
        metadata: dict[str, Any] = {"title": slug, "slug": slug}
        metadata["date"] = date or NO_DATE
        metadata["author"] = Author(author or settings.get("AUTHOR") or "", settings)
        if kind == "article":
            name = category or settings.get("DEFAULT_CATEGORY") or "misc"
            metadata["category"] = Category(name, settings)
            return Article("", metadata=metadata, settings=settings)
        return Page("", metadata=metadata, settings=settings)

    def url_path(
        self,
        kind: str,
        slug: str,
        date: dt.datetime | None,
        category: str = "",
        author: str = "",
    ) -> str | None:
        """Return the root-relative URL the site gives a post, when it can tell."""
        try:
            url = self.content_object(kind, slug, date, category, author).url
        except (KeyError, AttributeError, IndexError, ValueError, TypeError):
            return None
        return "/" + url.lstrip("/")

    def save_as(
        self,
        kind: str,
        slug: str,
        date: dt.datetime | None,
        category: str = "",
        author: str = "",
    ) -> str | None:
        """Return the output file the build writes for a post or page."""
        try:
            path = self.content_object(kind, slug, date, category, author).save_as
        except (KeyError, AttributeError, IndexError, ValueError, TypeError):
            return None
        return path.lstrip("/") or None

    def clashes_with_build(
        self,
        kind: str,
        slug: str,
        date: dt.datetime | None,
        category: str = "",
        author: str = "",
    ) -> bool:
        """Return whether this post's output would take an address the build writes.

        The build's own pages (archives/index.html, tags/index.html, feeds/...)
        and the folders they live in cannot also hold an imported page. Only the
        part of the path the slug decides counts: renaming cannot move the rest.
        """
        path = self.save_as(kind, slug, date, category, author)
        probe = self.save_as(kind, PROBE_SLUG, date, category, author)
        if not path or not probe:
            return False
        parts, fixed = path.split("/"), probe.split("/")
        first = next(
            (i for i, (a, b) in enumerate(zip(parts, fixed, strict=False)) if a != b),
            min(len(parts), len(fixed)),
        )
        own = {"/".join(parts[: i + 1]) for i in range(first, len(parts))}
        return bool(own & self.built_paths)
