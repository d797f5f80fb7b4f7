"""Pelican glue: once every page is written, index the output with Pagefind."""

from __future__ import annotations

import logging
from pathlib import Path

import blinker
from pelican import Pelican, signals

from .bundle import PagefindError, build_bundle
from .config import SearchConfigError, get_config

logger = logging.getLogger(__name__)

# The prune_output plugin removes an earlier build's leftovers on this signal,
# so Pagefind never indexes a deleted post (a no-op when that plugin is off).
BEFORE_SEARCH_INDEX = blinker.signal("common_ground.before_search_index")


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


def index_output(pelican: Pelican) -> None:
    """Run Pagefind over the finished output and install its bundle."""
    config = get_config(pelican.settings)
    if not config.index:
        return
    output = Path(pelican.output_path)
    BEFORE_SEARCH_INDEX.send(pelican)
    try:
        outcome = build_bundle(output, config.bundle_dir, config.timeout)
    except (PagefindError, OSError) as error:
        logger.error("search: %s: the search index was not updated: %s", output, error)
        raise SearchIndexError(f"search: indexing {output} failed") from None
    if outcome.action == "nothing":
        logger.info("search: %s: no page is marked for the index; none built", output)
    else:
        logger.info(
            "search: %s %d pages into %s/",
            outcome.action,
            outcome.pages,
            output / config.bundle_dir,
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
    # `finalized` fires after every writer is done: Pagefind reads finished pages.
    signals.finalized.connect(index_output)
