"""Pelican glue: start Pagefind once content is read, install its bundle at the end."""

from __future__ import annotations

import atexit
import logging
import os
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican import __version__ as pelican_version
from pelican.utils import get_relative_path, path_to_url

from .config import SearchConfigError, get_config
from .core import IndexJob, IndexStartError, indexer_version
from .documents import documents_for, searchable, source_key

logger = logging.getLogger(__name__)

# The job of the build in progress, per output folder (devserver reuses the process).
_jobs: dict[str, IndexJob] = {}


def _cancel_all() -> None:
    """Stop any Pagefind left running by a build that ended in an error."""
    while _jobs:
        _jobs.popitem()[1].cancel()


atexit.register(_cancel_all)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the build must not look successful."""


class _NoTracebackForSearchErrors(logging.Filter):
    """Keep Pelican from printing a traceback for a search failure.

    The failure is already logged with its cause and the output folder. It must
    stay an ordinary exception, not `SystemExit`: `make devserver`'s rebuild loop
    survives an exception and reports it, but `SystemExit` would end the server.
    Pelican's `main()` logs any exception with its traceback, hence this filter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], SearchIndexError):
            record.exc_info = None
        return True


def _cache_dir(settings: dict) -> Path | None:
    """Return CACHE_PATH when Pelican's content cache is on, else None."""
    return Path(settings["CACHE_PATH"]) if settings.get("CACHE_CONTENT") else None


def _page_body(content: Any, relative_urls: bool) -> str:
    """Return the body HTML exactly as the page's own render will ask for it.

    Pelican memoises a post's HTML per SITEURL; asking with the page's own
    (relative) SITEURL shares that copy instead of keeping a second one of every
    post (27 MiB at 4,000 posts).
    """
    if relative_urls:
        return content.get_content(path_to_url(get_relative_path(content.save_as)))
    return content.content


def _link_targets(context: dict) -> list[tuple[str, str]]:
    """Return (source, URL) of everything a `{filename}` link can point to."""
    targets = []
    for name in ("generated_content", "static_content"):
        for source, content in (context.get(name) or {}).items():
            targets.append((f"{name}:{source}", str(getattr(content, "url", ""))))
    return targets


def start_indexing(generators: list) -> None:
    """Hand the published posts and pages to Pagefind before any page is written."""
    if not generators:
        return
    settings, context = generators[0].settings, generators[0].context
    config = get_config(settings)
    if not config.index:
        return
    contents = []
    for generator in generators:
        # Published posts and pages and their translations; drafts and hidden
        # pages are not meant to be found.
        for name in ("articles", "pages", "translations"):
            contents.extend(getattr(generator, name, None) or [])
    relative = bool(settings.get("RELATIVE_URLS"))
    lang = context.get("DEFAULT_LANG", "en")
    ordered = searchable(contents)
    # Made lazily: a rebuild whose sources match the last build's (a new
    # comment, say) never asks Pelican for a single post's final HTML.
    documents = documents_for(
        ordered, lang, lambda content: _page_body(content, relative)
    )
    source = source_key(
        (
            (path, str(content.title), getattr(content, "_content", None) or "")
            for path, content in ordered
        ),
        _link_targets(context),
        settings,
        (pelican_version, indexer_version(), lang, str(config.part_size)),
    )
    output = os.path.realpath(settings["OUTPUT_PATH"])
    stale = _jobs.pop(output, None)
    if stale is not None:
        stale.cancel()
    try:
        _jobs[output] = IndexJob.start(
            documents,
            config.timeout,
            _cache_dir(settings),
            reuse=bool(settings.get("LOAD_CONTENT_CACHE")),
            part_size=config.part_size,
            lang=lang,
            source=source,
        )
    except IndexStartError as error:
        logger.error("search: %s: pagefind could not start: %s", output, error)
        raise SearchIndexError(f"search: pagefind could not start: {error}") from None


def finish_indexing(pelican: Pelican) -> None:
    """Wait for Pagefind and put the bundle in the finished output."""
    config = get_config(pelican.settings)
    job = _jobs.pop(os.path.realpath(pelican.output_path), None)
    if not config.index or job is None:
        return
    output = Path(pelican.output_path)
    result = job.finish(output / config.bundle_dir)
    if result.returncode != 0:
        logger.error(
            "search: %s: the search index was not updated: %s", output, result.output
        )
        raise SearchIndexError(f"search: indexing {output} failed")
    if job.reused_all:
        logger.info("search: reused the unchanged index in %s/", config.bundle_dir)
    elif len(job.parts) == 1:
        logger.info("search: indexed %s into %s/", output, config.bundle_dir)
    elif job.parts:
        logger.info(
            "search: indexed %s into %s/ in %d parts: %d indexed, %d reused",
            output,
            config.bundle_dir,
            len(job.parts),
            len(job.pending),
            len(job.parts) - len(job.pending),
        )


def check_settings(pelican: Pelican) -> None:
    """Validate the search settings before anything is read or written."""
    try:
        get_config(pelican.settings)
    except SearchConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None


def register() -> None:
    """Connect the handlers."""
    pelican_logger = logging.getLogger("pelican")
    if not any(
        isinstance(f, _NoTracebackForSearchErrors) for f in pelican_logger.filters
    ):
        pelican_logger.addFilter(_NoTracebackForSearchErrors())
    # A bad setting should stop the build before any content is read.
    signals.initialized.connect(check_settings)
    # Every post is read and linked by now, and no page is written yet: Pagefind
    # gets the second core for the whole writing phase.
    signals.all_generators_finalized.connect(start_indexing)
    # `finalized` fires after every writer is done; the bundle goes in last.
    signals.finalized.connect(finish_indexing)
