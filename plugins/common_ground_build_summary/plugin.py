"""Pelican glue for the build summary: handlers and register() only.

At the end of every build one line is printed: posts, pages, series, comments
published / pending, pingbacks, errors, warnings and seconds, and, when there
were errors, what to run (`make check`). It is printed, never written to the
output, so builds stay byte-identical.

The running build's state (its counts and clock) lives on its log handler, a
`BuildLog` on the root logger, installed when the build starts and removed when
it ends; the handlers below find it there. Nothing is kept in the settings or
in this module. The `ReasonFilter` on Pelican's "pelican.generators" logger
adds the reason to "Could not process <file>" (see reasons.py).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import get_date

from common_ground_core.header import read_content_file

from .core import BuildLog
from .links import broken_links
from .reasons import GENERATORS_LOGGER, ReasonFilter

logger = logging.getLogger(__name__)


def _content_check() -> Any:
    """Return make check's reading rules (comments/header.py) with Pelican's dates."""
    return functools.partial(read_content_file, parse_date=get_date)


def _current() -> BuildLog | None:
    """Return the running build's log, if one is installed."""
    return next(
        (h for h in logging.getLogger().handlers if isinstance(h, BuildLog)), None
    )


def _uninstall() -> None:
    """Remove every BuildLog and ReasonFilter (a crashed build may leave some)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, BuildLog)]:
        root.removeHandler(handler)
    generators = logging.getLogger(GENERATORS_LOGGER)
    for stale in [f for f in generators.filters if isinstance(f, ReasonFilter)]:
        generators.removeFilter(stale)


def _install(settings: dict[str, Any]) -> BuildLog:
    """Start a fresh count and clock, and give failed reads their reason."""
    _uninstall()
    log = BuildLog()
    logging.getLogger().addHandler(log)
    logging.getLogger(GENERATORS_LOGGER).addFilter(
        ReasonFilter(Path(settings["PATH"]), _content_check())
    )
    return log


def start_counting(pelican: Any) -> None:
    """Count from before any content is read."""
    _install(pelican.settings)


def start_run(pelican: Any) -> None:
    """Count each run afresh: autoreload runs, and runs after a crashed one."""
    log = _current()
    if log is None or log.running:
        log = _install(pelican.settings)
    log.running = True


def keep_context(generators: list[Any]) -> None:
    """Remember the shared context, which `finalized` cannot reach."""
    log = _current()
    if log is not None and generators:
        log.context = generators[0].context


def warn_broken_links(generators: list[Any]) -> None:
    """Name the post that holds a `{filename}` link to nothing.

    Pelican's own warning ("Unable to find ...") names only the target.
    """
    if not generators:
        return
    context = generators[0].context
    known = set(context.get("generated_content", {})) | set(
        context.get("static_content", {})
    )
    # A file Pelican could not read is there as None (reported already).
    items = sorted(
        (i for i in context.get("generated_content", {}).values() if i is not None),
        key=lambda item: item.relative_source_path,
    )
    for item in items:
        html = getattr(item, "_content", None) or ""
        source = item.relative_source_path.replace("\\", "/")
        for target in broken_links(html, source, known):
            logger.warning(
                "%s: {filename} link to %r points at no post, page or file; "
                "the link is left as written (make check shows the line)",
                source,
                target,
            )


def print_summary(pelican: Any) -> None:
    """Print the summary line and stop counting."""
    log = _current()
    if log is None:
        return
    _uninstall()
    print(log.summary(), flush=True)
    log.context = {}


def register() -> None:
    """Connect the handlers."""
    # `initialized` comes before any content is read, so every warning is counted.
    signals.initialized.connect(start_counting)
    # `get_generators` is sent at the start of every run, autoreload runs included.
    signals.get_generators.connect(start_run)
    # Comment and series stats are on the context once every generator is done.
    signals.all_generators_finalized.connect(keep_context)
    # Every post is read by then; the links are rewritten only when written.
    signals.all_generators_finalized.connect(warn_broken_links)
    # `finalized` is the end of the build: everything written, every warning logged.
    signals.finalized.connect(print_summary)
