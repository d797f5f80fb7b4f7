"""Write a dated Markdown skeleton for a new post into the site's first ARTICLE_PATHS.

The date is the current time in the site's TIMEZONE, as Pelican reads it. Only
lines with a value are written, so the file passes `make check` as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from common_ground_core import contract
from common_ground_core.source import (
    Source,
    add_site_arguments,
    article_sources,
    metadata_date,
    pelican_slug,
    site_from_arguments,
)
from common_ground_tools.content_checks import series_rules, source_series

# newpost's own settings, read from the site's settings file.
DEFAULTS: dict[str, Any] = {
    # Category of a post outside any series (or in a new one); None: the
    # category most posts have.
    "NEWPOST_DEFAULT_CATEGORY": None,
}
# How alike two names must be (difflib's ratio) to ask "did you mean".
CLOSE_MATCH = 0.75


class CloseNameError(ValueError):
    """A series or category name is close to an existing one but not the same."""


def site_zone(settings: dict[str, Any]) -> dt.tzinfo:
    """Return the site's TIMEZONE (UTC when it names no zone)."""
    return contract.site_zone(settings.get("TIMEZONE") or "UTC")


def site_now(settings: dict[str, Any]) -> dt.datetime:
    """Return the current minute in the site's TIMEZONE (naive, as Pelican reads it)."""
    now = dt.datetime.now(site_zone(settings))
    return now.replace(second=0, microsecond=0, tzinfo=None)


def match_name(kind: str, wanted: str, known: list[str], *, new: bool) -> str:
    """Return the existing spelling of `wanted`, or `wanted` if it is truly new.

    A name close to an existing one raises CloseNameError with a "did you mean", unless
    `new` says the author means a new one.
    """
    by_fold = {name.casefold(): name for name in known}
    if wanted.casefold() in by_fold:
        return by_fold[wanted.casefold()]
    close = difflib.get_close_matches(
        wanted.casefold(), list(by_fold), n=1, cutoff=CLOSE_MATCH
    )
    if close and not new:
        raise CloseNameError(
            f"no {kind} is called {wanted!r}; did you mean {by_fold[close[0]]!r}? "
            f"(NEW=1 starts a new {kind} by that name)"
        )
    return wanted


def most_common(values: list[str]) -> str | None:
    """Return the most frequent value (ties: the first alphabetically)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def choose_category(
    series: str | None,
    sources: list[Source],
    settings: dict[str, Any],
) -> str | None:
    """Return the category of the series' other parts, the setting, or the usual."""
    rules = series_rules(settings)
    if series:
        parts = [s for s in sources if source_series(s, rules, settings) == series]
        found = most_common([s.value("category") or "" for s in parts])
        if found:
            return found
    key = "NEWPOST_DEFAULT_CATEGORY"
    configured = settings.get(key, DEFAULTS[key])
    if configured:
        return str(configured)
    return most_common([s.value("category") or "" for s in sources])


def series_date(
    now: dt.datetime,
    series: str | None,
    sources: list[Source],
    settings: dict[str, Any],
) -> dt.datetime:
    """Return `now`, or a minute after the series' latest part if that is later.

    The series orders parts without Series_index by date: a new part dated like
    an existing one (two posts made in the same minute) would be ordered by title.
    """
    if not series:
        return now
    rules = series_rules(settings)
    latest = None
    for source in sources:
        value = source.value("date")
        if source_series(source, rules, settings) != series or not value:
            continue
        try:
            when = metadata_date(value)
        except ValueError:
            continue  # `make check` reports it
        if when.tzinfo is not None:
            # A part with a zone is compared in the site's own wall clock.
            when = when.astimezone(site_zone(settings)).replace(tzinfo=None)
        latest = when if latest is None or when > latest else latest
    if latest is None or latest < now:
        return now
    return latest.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def post_skeleton(
    title: str, when: dt.datetime, slug: str, category: str | None, series: str | None
) -> str:
    """Return the text of a new draft: only lines that carry a value."""
    lines = [f"Title: {title}", f"Date: {when:%Y-%m-%d %H:%M}"]
    if category:
        lines.append(f"Category: {category}")
    lines.append(f"Slug: {slug}")
    if series:
        lines.append(f"Series: {series}")
    lines.append("Status: draft")
    return "\n".join(lines) + "\n\nStart writing here.\n"


def main(argv: list[str] | None = None) -> int:
    """Create the post file, refusing to overwrite one that exists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", required=True)
    parser.add_argument("--series", default="")
    parser.add_argument("--category", default="")
    parser.add_argument(
        "--new", action="store_true", help="the series or category is a new one"
    )
    parser.add_argument(
        "--posts-dir", type=Path, default=None, help="default: first ARTICLE_PATHS"
    )
    add_site_arguments(parser)
    args = parser.parse_args(argv)

    title = args.title.strip()
    if not title:
        print('newpost: give a title: make newpost TITLE="My post"', file=sys.stderr)
        return 2
    settings, content = site_from_arguments(args)
    slug = pelican_slug(title, settings)
    if not slug:
        print(f"newpost: title {title!r} gives an empty slug", file=sys.stderr)
        return 2
    posts_dir = args.posts_dir or content / settings["ARTICLE_PATHS"][0]
    target = posts_dir / f"{slug}.md"
    if target.exists():
        print(f"newpost: {target} already exists; not overwriting it", file=sys.stderr)
        return 1
    sources = [s for s in article_sources(content, settings) if s.readable]
    rules = series_rules(settings)
    series_names = sorted(
        {name for s in sources if (name := source_series(s, rules, settings))}
        | {rule.series for rule in rules}
    )
    categories = sorted({c for s in sources if (c := s.value("category"))})
    try:
        series = args.series.strip() or None
        if series:
            series = match_name("series", series, series_names, new=args.new)
        category = args.category.strip() or None
        if category:
            category = match_name("category", category, categories, new=args.new)
    except CloseNameError as error:
        print(f"newpost: {error}; nothing written", file=sys.stderr)
        return 1
    category = category or choose_category(series, sources, settings)
    when = series_date(site_now(settings), series, sources, settings)
    text = post_skeleton(title, when, slug, category, series)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"newpost: wrote {target} (Status: draft; remove that line to publish)")
    if series and series not in series_names:
        print(f"newpost: {series!r} starts a new series")
    print("newpost: add Tags:, Summary: or Lesson: lines when you have them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
