"""Pelican glue: index the finished output with Pagefind."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import Pelican, signals

from .config import SearchConfigError, get_config
from .core import build_index, scan_pages
from .scope import index_glob

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the build must not look successful."""


def index_site(pelican: Pelican) -> None:
    """Index every written page once the whole site is on disk."""
    config = get_config(pelican.settings)
    if not config.index:
        return
    output = Path(pelican.output_path)
    # Only the folders of pages Pagefind can index are read: listings make up
    # nearly half of the HTML but never reach the index.
    glob = index_glob(scan_pages(output, config.bundle_dir))
    result = build_index(output, config.bundle_dir, config.timeout, glob)
    if result.returncode != 0:
        logger.error(
            "search: %s: pagefind failed (exit %s): %s",
            output,
            result.returncode,
            result.output,
        )
        raise SearchIndexError(f"search: pagefind failed on {output}")
    logger.info("search: indexed %s into %s/", output, config.bundle_dir)


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
    # A bad setting should stop the build before any content is read.
    signals.initialized.connect(check_settings)
    # `finalized` fires after every writer is done, so Pagefind sees the final HTML.
    signals.finalized.connect(index_site)
