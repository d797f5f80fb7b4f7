"""Pelican glue for the build summary: handlers and register() only.

At the end of every build one line is printed: posts, pages, series, comments
published / pending, pingbacks, errors, warnings and seconds, and, when there
were errors, what to run (`make check`). It is printed, never written to the
output, so builds stay byte-identical.

The running build's state (its counts and clock) lives on its log handler, a
`BuildLog` on the root logger, installed when the build starts and removed when
it ends; the handlers below find it there. Nothing is kept in the settings or
in this module. A post or page Pelican found but left out gets a record of our
own naming the file and the reason (see reasons.py); Pelican's records are
left as Pelican wrote them.
"""

from __future__ import annotations

import functools
import logging
import weakref
from itertools import chain
from pathlib import Path
from typing import Any

from blinker import ANY
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import get_date

from common_ground_core.header import (
    DATE_KEYS,
    OFFSET_OUT_OF_RANGE,
    offset_problem,
    read_content_file,
)
from common_ground_core.settings import timezone_problem
from common_ground_core.source import READ_LISTS

from .core import BuildLog
from .links import broken_links
from .reasons import failure_reason, left_out

logger = logging.getLogger(__name__)


def _content_check() -> Any:
    """Return make check's reading rules (core/header.py) with Pelican's dates."""
    return functools.partial(read_content_file, parse_date=get_date)


def _current() -> BuildLog | None:
    """Return the running build's log, if one is installed."""
    return next(
        (h for h in logging.getLogger().handlers if isinstance(h, BuildLog)), None
    )


def _uninstall() -> None:
    """Remove every BuildLog (a crashed build may leave some), releasing its hold."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, BuildLog)]:
        root.removeHandler(handler)
        _release(handler)


def _install() -> BuildLog:
    """Start a fresh count and clock."""
    _uninstall()
    log = BuildLog()
    logging.getLogger().addHandler(log)
    return log


def start_counting(pelican: Any) -> None:
    """Count from before any content is read; stop on a TIMEZONE Python lacks.

    Pelican would fail every post on it, then stop with a traceback; like a
    plugin's bad setting, it is one line and SystemExit(1) (no traceback).
    """
    zone = timezone_problem(pelican.settings)
    if zone is not None:
        logger.error("build_summary: bad setting %s", zone)
        raise SystemExit(1)
    _install()


def start_run(pelican: Any) -> None:
    """Count each run afresh: autoreload runs, and runs after a crashed one."""
    log = _current()
    if log is None or log.running:
        log = _install()
    log.running = True


def refuse_bad_offsets(generator: Any, metadata: dict[str, Any]) -> None:
    """Refuse a date whose UTC offset is beyond a day, as an unparseable one is.

    dateutil reads `+25:00`, but the date breaks Pelican's sort of the posts
    (a traceback that stops the build). Raised while the file is read, the
    error makes Pelican leave just this file out ("Could not process"), and
    report_left_out names it with make check's reason.
    """
    for key in DATE_KEYS:
        if offset_problem(metadata.get(key)):
            raise ValueError(f"{key}: {OFFSET_OUT_OF_RANGE}")


def report_left_out(generators: list[Any]) -> None:
    """Log one record of ours per post or page Pelican found but did not make.

    Discovery is the generator's own `get_files` with its own settings; what it
    made is in its public lists. Pelican's own records are left untouched.
    """
    check = _content_check()
    for generator in generators:
        kind, lists = next(
            (v for k, v in READ_LISTS.items() if isinstance(generator, k)),
            (None, ()),
        )
        if kind is None:
            continue
        found = generator.get_files(
            generator.settings[f"{kind}_PATHS"],
            exclude=generator.settings[f"{kind}_EXCLUDES"],
        )
        made = (
            item.get_relative_source_path()
            for item in chain.from_iterable(getattr(generator, n) for n in lists)
        )
        for relative in left_out(found, made):
            # make check's reading rules are Markdown's; another reader's file
            # (reST, HTML) may skip itself in a way they cannot see.
            reader = generator.readers.reader_classes.get(relative.rsplit(".")[-1])
            if not (isinstance(reader, type) and issubclass(reader, MarkdownReader)):
                continue
            reason = failure_reason(Path(generator.path) / relative, check)
            if reason is not None:
                logger.error(
                    "build_summary: %s: left out of the site: %s", relative, reason
                )


def _release(log: BuildLog) -> None:
    """Give back the `finalized` receivers `speak_last` held, as they were."""
    for receiver, weak in log.held:
        signals.finalized.connect(receiver, weak=weak)
    log.held = []


def speak_last(generators: list[Any]) -> None:
    """Hold every other `finalized` receiver, for print_summary to call first.

    Other plugins log at `finalized` too (aliases reports clashes there), and
    blinker calls a signal's receivers in no promised order (a set, neither
    PLUGINS order nor connection order), so the summary cannot simply be
    connected last. Instead, once the content is read, the other receivers
    are disconnected here, and print_summary calls each of them before it
    counts; they are connected again, weak or strong as they were, when it is
    done, or when the next run starts after a crashed one (see _uninstall).
    """
    log = _current()
    if log is None:
        return
    _release(log)
    for receiver in list(signals.finalized.receivers_for(ANY)):
        if receiver is print_summary:
            continue
        ref = next(
            (
                r
                for r in signals.finalized.receivers.values()
                if (r() if isinstance(r, weakref.ref) else r) is receiver
            ),
            None,
        )
        log.held.append((receiver, isinstance(ref, weakref.ref)))
        signals.finalized.disconnect(receiver)


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
    """Run the held `finalized` receivers, then print the summary line."""
    log = _current()
    if log is None:
        return
    try:
        for receiver, _ in log.held:
            receiver(pelican)
    finally:
        _uninstall()
    print(log.summary(), flush=True)
    log.context = {}


def register() -> None:
    """Connect the handlers."""
    # `initialized` comes before any content is read, so every warning is counted.
    signals.initialized.connect(start_counting)
    # `get_generators` is sent at the start of every run, autoreload runs included.
    signals.get_generators.connect(start_run)
    # The context signals see each post's metadata before Pelican sorts by date.
    signals.article_generator_context.connect(refuse_bad_offsets)
    signals.page_generator_context.connect(refuse_bad_offsets)
    # Comment and series stats are on the context once every generator is done.
    signals.all_generators_finalized.connect(keep_context)
    # Every post is read by then; the links are rewritten only when written.
    signals.all_generators_finalized.connect(warn_broken_links)
    # Every file is read by then, and the generators' lists are complete.
    signals.all_generators_finalized.connect(report_left_out)
    # Every plugin has connected its `finalized` receivers by then.
    signals.all_generators_finalized.connect(speak_last)
    # `finalized` is the end of the build: everything written, every warning logged.
    signals.finalized.connect(print_summary)
