"""Pelican glue: track templates, digest the site, swap in the caching writer."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican import signals

from .config import RenderCacheConfigError, get_config, is_active, may_reuse
from .site import build_records, code_digest, settings_digest
from .store import (
    load_records,
    read_stamp,
    records_path,
    save_records,
    stamp_path,
    write_stamp,
)
from .tracking import install_tracker
from .writer import caching_writer

logger = logging.getLogger(__name__)

PLUGIN_NAME = "render_cache"
# This build's records, per output folder (devserver reuses the process).
_builds: dict[str, Any] = {}
# Per build in progress: the settings digest to stamp on the content cache,
# whether the stamp turned LOAD_CONTENT_CACHE off, and the code digest.
_stamps: dict[str, tuple[str, bool, str]] = {}


def _enabled(settings: dict[str, Any]) -> bool:
    """Tell whether this run listed the plugin (Pelican's signals are process-wide)."""
    plugins = settings.get("PLUGINS")
    if not isinstance(plugins, list | tuple):
        return True
    return any(str(name).rsplit(".", 1)[-1] == PLUGIN_NAME for name in plugins)


def _output_key(settings: dict[str, Any]) -> str:
    return os.path.realpath(settings["OUTPUT_PATH"])


def check_settings(pelican: Any) -> None:
    """Validate the settings before anything is read or written."""
    if not _enabled(pelican.settings):
        return
    try:
        get_config(pelican.settings)
    except RenderCacheConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None
    settings = pelican.settings
    # A build that ended in an error leaves no records behind for the next.
    _builds.pop(_output_key(settings), None)
    _stamps.pop(_output_key(settings), None)
    if not is_active(settings):
        return
    code = code_digest(settings)
    current = settings_digest(settings, code)
    stamp = stamp_path(Path(settings["CACHE_PATH"]))
    ignored = False
    if settings.get("LOAD_CONTENT_CACHE") and read_stamp(stamp) != current:
        logger.info(
            "render_cache: settings, plugins or Pelican changed since the cache in "
            "%s was written; reading every file again",
            settings["CACHE_PATH"],
        )
        settings["LOAD_CONTENT_CACHE"] = False
        ignored = True
    _stamps[_output_key(settings)] = (current, ignored, code)


def track_templates(generator: Any) -> None:
    """Record what each template reads from this generator's environment."""
    settings = generator.settings
    environment = getattr(generator, "env", None)
    if environment is None or not _enabled(settings) or not is_active(settings):
        return
    config = get_config(settings)
    install_tracker(environment, config.volatile_attributes, config.volatile_context)


def digest_site(generators: list[Any]) -> None:
    """Digest everything read, now that every post is; load the last records."""
    if not generators:
        return
    settings = generators[0].settings
    if not _enabled(settings) or not is_active(settings):
        return
    config = get_config(settings)
    path = records_path(Path(settings["CACHE_PATH"]), settings["OUTPUT_PATH"])
    old = load_records(path) if may_reuse(settings) else {}
    started = _stamps.get(_output_key(settings))
    # devserver rebuilds run without `initialized`: digest the code afresh.
    code = started[2] if started else code_digest(settings)
    records = build_records(generators, config, old, code)
    _builds[_output_key(settings)] = (path, records)


def choose_writer(pelican: Any) -> type | None:
    """Hand Pelican the caching writer when this build has records."""
    found = _builds.get(_output_key(pelican.settings))
    return caching_writer(found[1]) if found else None


def save(pelican: Any) -> None:
    """Keep the records of every page this build rendered or reused."""
    key = _output_key(pelican.settings)
    found = _builds.pop(key, None)
    current = _stamps.pop(key, None)
    if found is None:
        return
    path, records = found
    save_records(path, records.finished())
    if current is not None:
        # Only now: a build cut off half-way leaves the old stamp, and the next
        # build reads every file again.
        write_stamp(stamp_path(Path(pelican.settings["CACHE_PATH"])), current[0])
        if current[1]:
            # devserver runs the same Pelican again: its next rebuild may load.
            pelican.settings["LOAD_CONTENT_CACHE"] = True
    logger.info(
        "render_cache: %d pages rendered, %d unchanged pages kept",
        records.rendered,
        records.reused,
    )


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(track_templates)
    # Every post is read, linked and given its comments by now: the last point
    # before pages are written.
    signals.all_generators_finalized.connect(digest_site)
    signals.get_writer.connect(choose_writer)
    signals.finalized.connect(save)
