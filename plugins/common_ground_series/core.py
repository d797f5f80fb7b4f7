"""Series membership, ordering and assembly: pure functions, no Pelican imports.

The whole computation is one pass to group articles, one sort per series and one
pass to assemble, so a build stays linear in the number of articles apart from
those sorts; nothing here scans every article for each article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from typing import TypeVar

from .models import Description, Entry, Lesson, Neighbours, Rule, Series, Urls

logger = logging.getLogger(__name__)

T = TypeVar("T")

SortKey = tuple[bool, int, float, str, str]


def parse_index(entry: Entry) -> int | None:
    """Return the entry's integer Series_index, or None (warning if malformed)."""
    if entry.index is None or not entry.index.strip():
        return None
    try:
        return int(entry.index.strip())
    except ValueError:
        logger.warning(
            "series: %s: non-integer Series_index %r, ignoring", entry.key, entry.index
        )
        return None


def term_keys(name: str, slug: str) -> frozenset[str]:
    """Return what a rule's `tag` or `category` may match a term by: name or slug."""
    return frozenset({name.casefold(), slug.casefold()})


def series_name(entry: Entry, rules: Sequence[Rule]) -> str | None:
    """Return the series `entry` belongs to: its own metadata, else the first rule."""
    if entry.series is not None and entry.series.strip():
        return " ".join(entry.series.split())
    for rule in rules:
        if rule.matches(entry):
            return rule.series
    return None


def is_future(date: datetime, now: datetime) -> bool:
    """Return True when `date` lies after `now` (an aware datetime)."""
    if date.tzinfo is None:
        # Pelican compares naive dates with the local wall clock; do the same.
        return date > now.astimezone().replace(tzinfo=None)
    return date > now


def is_eligible(entry: Entry, now: datetime) -> bool:
    """Return True when the entry may be listed: published and not future-dated."""
    return entry.status == "published" and not is_future(entry.date, now)


def sort_key(entry: Entry, index: int | None) -> SortKey:
    """Return the reading-order key: explicit index, then date, title, file."""
    return (
        index is None,
        index if index is not None else 0,
        entry.date.timestamp(),
        entry.title.casefold(),
        entry.key,
    )


def order_series(name: str, entries: Iterable[Entry]) -> list[Entry]:
    """Return one series' entries in reading order, warning on duplicate indexes."""
    keyed = [(sort_key(e, parse_index(e)), e) for e in entries]
    keyed.sort(key=lambda pair: pair[0])
    claimed: dict[int, Entry] = {}
    for (no_index, index, *_), entry in keyed:
        if no_index:
            break
        if index in claimed:
            logger.warning(
                "series: %s and %s: both claim Series_index %d in %r; "
                "ordering them by date, then title",
                claimed[index].key,
                entry.key,
                index,
                name,
            )
        else:
            claimed[index] = entry
    warn_date_ties(name, [entry for key, entry in keyed if key[0]])
    return [entry for _, entry in keyed]


def warn_date_ties(name: str, unindexed: Sequence[Entry]) -> None:
    """Warn on parts without Series_index that share a date (sorted by date).

    They can only be ordered by title, which is rarely the order meant: two
    posts made in the same minute by `make newpost` had that date.
    """
    for earlier, later in pairwise(unindexed):
        if earlier.date.timestamp() == later.date.timestamp():
            logger.warning(
                "series: %s and %s: same date (%s) in %r, so ordered by title; "
                "give the later part a later Date or each part a Series_index",
                earlier.key,
                later.key,
                f"{earlier.date:%Y-%m-%d %H:%M}",
                name,
            )


def group_entries(
    entries: Iterable[Entry],
    rules: Sequence[Rule],
    slugify: Callable[[str], str],
    now: datetime,
) -> dict[str, tuple[str, list[Entry]]]:
    """Return eligible entries grouped by series slug as (name, entries)."""
    groups: dict[str, tuple[str, list[Entry]]] = {}
    for entry in entries:
        name = series_name(entry, rules)
        if name is None:
            continue
        if entry.status != "published":
            logger.debug(
                "series: %s: %s, not listed in %r", entry.key, entry.status, name
            )
            continue
        if is_future(entry.date, now):
            # A warning, not a note: a part dated ahead by a clock or time-zone
            # mistake would otherwise vanish from its series without a word.
            logger.warning(
                "series: %s: dated %s, in the future; left out of %r until then",
                entry.key,
                entry.date.isoformat(),
                name,
            )
            continue
        slug = slugify(name)
        if not slug:
            logger.warning(
                "series: %s: series name %r gives an empty slug, ignoring",
                entry.key,
                name,
            )
            continue
        group = groups.setdefault(slug, (name, []))
        if group[0] != name:
            logger.warning(
                "series: %s: series name %r has the same slug as %r; using %r",
                entry.key,
                name,
                group[0],
                group[0],
            )
        group[1].append(entry)
    return groups


def build_series(
    entries: Iterable[Entry],
    items: dict[str, T],
    rules: Sequence[Rule],
    urls: Urls,
    slugify: Callable[[str], str],
    now: datetime,
    *,
    with_feeds: bool,
) -> list[Series[T]]:
    """Return every published series, ordered by name, each with its parts."""
    result: list[Series[T]] = []
    groups = group_entries(entries, rules, slugify, now)
    for slug, (name, members) in groups.items():
        ordered = order_series(name, members)
        parts = tuple(items[e.key] for e in ordered)
        lessons = tuple(
            Lesson(position, e.lesson.strip(), parts[position - 1])
            for position, e in enumerate(ordered, start=1)
            if e.lesson and e.lesson.strip()
        )
        feed = (
            urls.feed_atom.format(slug=slug) if with_feeds and urls.feed_atom else None
        )
        result.append(
            Series(
                name=name,
                slug=slug,
                url=urls.url.format(slug=slug),
                save_as=urls.save_as.format(slug=slug),
                feed_url=feed,
                items=parts,
                lessons=lessons,
                updated=max((e.updated or e.date) for e in ordered),
            )
        )
    result.sort(key=lambda s: (s.name.casefold(), s.slug))
    return result


def describe(
    series_list: Iterable[Series[T]],
    texts: Mapping[str, str],
    sources: Mapping[str, object],
) -> list[Series[T]]:
    """Return the series with their descriptions: a content file beats a setting.

    `texts` (SERIES_DESCRIPTIONS) may be keyed by series name or slug; `sources`
    are the read description files, keyed by slug.
    """
    described = []
    for series in series_list:
        description = None
        if series.slug in sources:
            description = Description(source=sources[series.slug])
        else:
            text = texts.get(series.name, texts.get(series.slug))
            if text and text.strip():
                description = Description(text=" ".join(text.split()))
        described.append(replace(series, description=description))
    return described


def date_neighbours(
    items: Sequence[T], key: Callable[[T], tuple[datetime, str]]
) -> dict[int, Neighbours[T]]:
    """Return each item's older and newer neighbour by date, keyed by id()."""
    ordered = sorted(items, key=key)
    return {
        id(item): Neighbours(
            previous=ordered[i - 1] if i > 0 else None,
            next=ordered[i + 1] if i + 1 < len(ordered) else None,
        )
        for i, item in enumerate(ordered)
    }
