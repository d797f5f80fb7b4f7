"""Pelican glue: give static files with spaces or non-ASCII a valid URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pelican import signals
from pelican.generators import Generator

from common_ground_core.settings import plugin_loaded

from .core import encoded_url

PLUGIN_NAME = (__package__ or "static_urls").rsplit(".", 1)[-1]


def _enabled(settings: Mapping[str, Any]) -> bool:
    """Tell whether this run loaded the plugin (signals are process-wide)."""
    return plugin_loaded(settings, PLUGIN_NAME)


def encode_static_urls(generator: Generator) -> None:
    """Give static files whose path has spaces or non-ASCII a valid URL."""
    if not _enabled(generator.settings):
        return
    for static in getattr(generator, "staticfiles", []):
        url = str(static.url)
        encoded = encoded_url(url)
        if encoded != url:
            # Pelican writes a static file's path into links as it is, and a
            # space is not allowed in a URL; override_url is what a `url:`
            # metadata line sets, and the file is still saved under its name.
            static.override_url = encoded


def register() -> None:
    """Connect the handler."""
    # Static files are known here and no link to them is written yet: category
    # folders with spaces ("posts/Search Marketing/x.svg") get valid URLs.
    signals.static_generator_finalized.connect(encode_static_urls)
