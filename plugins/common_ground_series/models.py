"""Data shapes of the series plugin: frozen, typed, and free of Pelican imports.

`Series` is one whole series (what `context["series_list"]` holds and what
series.html renders); `SeriesInfo` is one article's view of its series (what
`article.series` holds); `Neighbours` is every published post's place among all
posts by date (what `article.neighbours` holds). Items are the site's own
article objects, so templates read `item.title`, `item.url`, `item.date` and
`item.reading_time` directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def reading_minutes(item: Any) -> int | None:
    """Return the reading_time plugin's minutes for `item`, if it gave any."""
    reading_time = getattr(item, "reading_time", None)
    minutes = getattr(reading_time, "minutes", reading_time)
    return minutes if isinstance(minutes, int) else None


def total_minutes(minutes: Iterable[int | None]) -> int | None:
    """Return the summed reading minutes, or None unless every part has them."""
    known = list(minutes)
    if not known or any(m is None for m in known):
        return None
    return sum(m for m in known if m is not None)


@dataclass(frozen=True)
class Entry:
    """What the core needs to know about one article to place it in a series."""

    key: str
    title: str
    date: datetime
    status: str = "published"
    series: str | None = None
    index: str | None = None
    lesson: str | None = None
    updated: datetime | None = None
    tags: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """Put every article matching all of the given criteria into `series`."""

    series: str
    tag: str | None = None
    category: str | None = None
    title: re.Pattern[str] | None = None

    def matches(self, entry: Entry) -> bool:
        """Return True when every criterion this rule sets holds for `entry`."""
        if self.tag is not None and self.tag.casefold() not in entry.tags:
            return False
        if (
            self.category is not None
            and self.category.casefold() not in entry.categories
        ):
            return False
        return self.title is None or self.title.search(entry.title) is not None


@dataclass(frozen=True)
class Urls:
    """URL and file patterns for series pages, the index and the feeds."""

    url: str = "series/{slug}/"
    save_as: str = "series/{slug}/index.html"
    feed_atom: str | None = "feeds/series/{slug}.atom.xml"


@dataclass(frozen=True)
class Lesson(Generic[T]):
    """One `Lesson:` takeaway, with the part that taught it."""

    position: int
    text: str
    item: T


@dataclass(frozen=True)
class Description:
    """What the author says a series is about: a content file, or a setting's text.

    `source` is the object Pelican's reader made of `content/series/<slug>.md`;
    its HTML is asked for only when a page is written, once every link target
    (static files too) is known. `text` is plain text from SERIES_DESCRIPTIONS.
    """

    text: str | None = None
    source: Any = None

    @property
    def html(self) -> str:
        """Return the description as HTML: the file's, or the text as a paragraph."""
        if self.source is not None:
            return str(self.source.content)
        return f"<p>{escape(self.text or '')}</p>"


@dataclass(frozen=True)
class Neighbours(Generic[T]):
    """The posts published just before and just after one post, by date."""

    previous: T | None
    next: T | None


@dataclass(frozen=True, eq=False)
class Series(Generic[T]):
    """One published series: its parts in reading order and what they add up to."""

    name: str
    slug: str
    url: str
    save_as: str
    feed_url: str | None
    items: tuple[T, ...]
    lessons: tuple[Lesson[T], ...]
    updated: datetime
    description: Description | None = None

    @property
    def first(self) -> T:
        """Return part 1, where a new reader starts."""
        return self.items[0]

    @property
    def count(self) -> int:
        """Return the number of published parts."""
        return len(self.items)

    @property
    def total_minutes(self) -> int | None:
        """Return the parts' summed reading time, or None unless each has one.

        Read from the parts when asked (templates, JSON-LD), not when the series
        is built: reading_time attaches its estimates on the same signal, and
        PLUGINS order must not decide whether the total is known.
        """
        return total_minutes(reading_minutes(item) for item in self.items)


@dataclass(frozen=True, eq=False)
class SeriesInfo(Generic[T]):
    """One article's place in its series; everything else is read from `series`.

    Holding the shared `Series` keeps attaching info linear: nothing per
    article is copied, `lessons` is sliced only when a template asks.
    """

    series: Series[T]
    position: int

    @property
    def name(self) -> str:
        """Return the series name."""
        return self.series.name

    @property
    def slug(self) -> str:
        """Return the series slug."""
        return self.series.slug

    @property
    def url(self) -> str:
        """Return the series page URL, relative to SITEURL."""
        return self.series.url

    @property
    def feed_url(self) -> str | None:
        """Return the series feed URL relative to FEED_DOMAIN, or None."""
        return self.series.feed_url

    @property
    def count(self) -> int:
        """Return the number of published parts."""
        return self.series.count

    @property
    def items(self) -> tuple[T, ...]:
        """Return every part in reading order."""
        return self.series.items

    @property
    def previous(self) -> T | None:
        """Return the part before this one, or None for the first."""
        return self.series.items[self.position - 2] if self.position > 1 else None

    @property
    def next(self) -> T | None:
        """Return the part after this one, or None for the last."""
        items = self.series.items
        return items[self.position] if self.position < len(items) else None

    @property
    def total_minutes(self) -> int | None:
        """Return the whole series' reading time, or None when unknown."""
        return self.series.total_minutes

    @property
    def lesson(self) -> str | None:
        """Return this part's own `Lesson:` takeaway, or None."""
        for lesson in self.series.lessons:
            if lesson.position == self.position:
                return lesson.text
        return None

    @property
    def is_latest(self) -> bool:
        """Return True for the last published part."""
        return self.position == self.series.count

    @property
    def lessons(self) -> tuple[Lesson[T], ...]:
        """Return the lessons of this part and every part before it."""
        return tuple(x for x in self.series.lessons if x.position <= self.position)
