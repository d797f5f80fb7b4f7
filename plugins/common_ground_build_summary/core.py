"""Pure formatting of the one-line build summary (no pelican import)."""

from __future__ import annotations

import logging
import time
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
    # ERROR records: a post, page or setting Pelican gave up on (content missing).
    errors: int = 0


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return '1 post' or '2 posts'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


# The summary's last words when something is missing: where the reasons are.
NEXT_STEP = "content is missing from the site: run `make check` to see why"


def format_summary(counts: BuildCounts) -> str:
    """Return the summary line for `counts`, ending with what to run on errors."""
    line = (
        f"Build summary: {plural(counts.posts, 'post')}, "
        f"{plural(counts.pages, 'page')}, "
        f"{plural(counts.series, 'series', 'series')}, "
        f"comments {counts.comments_published} published / "
        f"{counts.comments_pending} pending, "
        f"{plural(counts.pingbacks, 'pingback')}, "
        f"{plural(counts.errors, 'error')}, "
        f"{plural(counts.warnings, 'warning')}, "
        f"{counts.seconds:.2f} s"
    )
    return f"{line}; {NEXT_STEP}" if counts.errors else line


def _length(value: Any) -> int:
    """Return len(value) for a collection, 0 for anything else."""
    return len(value) if isinstance(value, Sized) else 0


def _stat(stats: Any, key: str) -> int:
    """Return one integer from the comment_stats dict, 0 when absent or odd."""
    value = stats.get(key, 0) if isinstance(stats, Mapping) else 0
    return value if isinstance(value, int) else 0


def counts_from_context(
    context: Mapping[str, Any], warnings: int, seconds: float, errors: int = 0
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
        errors=errors,
    )


class BuildLog(logging.Handler):
    """Count one build's warnings and errors, and carry what the summary prints.

    Installed on the root logger for the length of one build: the plugin's
    handlers find the running build's state there, never in the settings.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings = 0
        self.errors = 0
        self.started = time.perf_counter()
        # The run's shared context, read only when the summary is printed: other
        # plugins fill it on the same signal, in an order nobody may rely on.
        self.context: Mapping[str, Any] = {}
        # True once a run (get_generators) has begun with this log.
        self.running = False
        # Other plugins' `finalized` receivers, (receiver, weak), that the
        # summary calls before it prints (plugin.py, speak_last).
        self.held: list[tuple[Any, bool]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Count the record as an error (ERROR or worse) or a warning."""
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1

    def summary(self) -> str:
        """Return the summary line of the build so far."""
        return format_summary(
            counts_from_context(
                self.context,
                warnings=self.warnings,
                seconds=time.perf_counter() - self.started,
                errors=self.errors,
            )
        )
