"""Pelican glue: fork the helper as the articles generator starts, wrap its readers."""

from __future__ import annotations

import atexit
import logging
import os
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import file_suffix

from .config import ParallelReadConfigError, get_config
from .reader import read_ahead_reader
from .split import worker_share
from .worker import ReadAhead, can_fork

logger = logging.getLogger(__name__)

PLUGIN_NAME = "parallel_read"
# Helpers of builds in progress (a build that fails midway leaves one behind).
_helpers: list[ReadAhead] = []


def _enabled(settings: dict[str, Any]) -> bool:
    """Tell whether this run listed the plugin (Pelican's signals are process-wide)."""
    plugins = settings.get("PLUGINS")
    if not isinstance(plugins, list | tuple):
        return True
    return any(str(name).rsplit(".", 1)[-1] == PLUGIN_NAME for name in plugins)


def _reads_from_scratch(generator: ArticlesGenerator) -> bool:
    """Tell whether this build reads every post (no reader cache to serve them)."""
    if not generator.settings.get("LOAD_CONTENT_CACHE"):
        return True
    # A cache that loaded nothing (the first build) serves nothing either.
    return not getattr(generator.readers, "_cache", None)


def check_settings(pelican: Any) -> None:
    """Validate the settings before anything is read or written."""
    if not _enabled(pelican.settings):
        return
    try:
        get_config(pelican.settings)
    except ParallelReadConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None


def start_helper(generator: Any) -> None:
    """Before any post is read, fork a helper to read the second half of them."""
    if not isinstance(generator, ArticlesGenerator):
        return
    settings = generator.settings
    if not _enabled(settings):
        return
    config = get_config(settings)
    if not config.enabled or not _reads_from_scratch(generator) or not can_fork():
        return
    files = list(
        generator.get_files(
            settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
        )
    )
    share = worker_share(files, config.min_files)
    if not share:
        return
    readers = generator.readers.readers
    # Pelican hands readers absolute paths (read_file joins PATH and the file).
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in share]
    helper = ReadAhead(paths, lambda path: readers.get(file_suffix(path)))
    _helpers.append(helper)
    for extension, reader in list(readers.items()):
        readers[extension] = read_ahead_reader(reader, helper)
    logger.info("parallel_read: a helper reads %d of %d posts", len(paths), len(files))


def stop_helpers(*_: Any) -> None:
    """Reap every helper: all posts are read by now (or the build stopped)."""
    while _helpers:
        _helpers.pop().close()


atexit.register(stop_helpers)


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(check_settings)
    # Sent as each generator is made, before any content is read.
    signals.generator_init.connect(start_helper)
    signals.article_generator_finalized.connect(stop_helpers)
