"""Pure formatting of the one-line build summary (no pelican import)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sized
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BuildCounts:
    """What one build produced, as the summary line reports it."""

    posts: int = 0
    pages: int = 0
    series: int = 0
    comments_published: int = 0
    comments_pending: int = 0
    pingbacks: int = 0
    warnings: int = 0
    seconds: float = 0.0


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return '1 post' or '2 posts'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def format_summary(counts: BuildCounts) -> str:
    """Return the summary line for `counts`."""
    return (
        f"Build summary: {plural(counts.posts, 'post')}, "
        f"{plural(counts.pages, 'page')}, "
        f"{plural(counts.series, 'series', 'series')}, "
        f"comments {counts.comments_published} published / "
        f"{counts.comments_pending} pending, "
        f"{plural(counts.pingbacks, 'pingback')}, "
        f"{plural(counts.warnings, 'warning')}, "
        f"{counts.seconds:.2f} s"
    )


def _length(value: Any) -> int:
    """Return len(value) for a collection, 0 for anything else."""
    return len(value) if isinstance(value, Sized) else 0


def _stat(stats: Any, key: str) -> int:
    """Return one integer from the comment_stats dict, 0 when absent or odd."""
    value = stats.get(key, 0) if isinstance(stats, Mapping) else 0
    return value if isinstance(value, int) else 0


def counts_from_context(
    context: Mapping[str, Any], warnings: int, seconds: float
) -> BuildCounts:
    """Read the counts from a finished build's context (absent keys count 0)."""
    stats = context.get("comment_stats")
    return BuildCounts(
        posts=_length(context.get("articles")),
        pages=_length(context.get("pages")),
        series=_length(context.get("series_list")),
        comments_published=_stat(stats, "published"),
        comments_pending=_stat(stats, "pending"),
        pingbacks=_stat(stats, "pingbacks"),
        warnings=warnings,
        seconds=seconds,
    )


class WarningCounter(logging.Handler):
    """Count the WARNING-or-worse records logged while it is installed."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count the record."""
        self.count += 1
