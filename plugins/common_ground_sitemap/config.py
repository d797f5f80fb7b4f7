"""Settings of the sitemap plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.settings import (
    Field,
    SettingsError,
    list_of,
    output_path,
    read_settings,
    text,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # robots.txt is generated too: its Sitemap: line must be an absolute URL.
    "SITEMAP_ROBOTS_SAVE_AS": "robots.txt",
    # URL prefixes (relative to SITEURL) left out of the sitemap and disallowed.
    "SITEMAP_EXCLUDE": (),
}


class SitemapConfigError(SettingsError):
    """A sitemap setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class SitemapConfig:
    """Validated sitemap settings."""

    save_as: str
    robots_save_as: str
    exclude: tuple[str, ...]


FIELDS: dict[str, Field] = {
    # An empty string switches that file off, as Pelican's *_SAVE_AS do.
    "SITEMAP_SAVE_AS": output_path(empty=True),
    "SITEMAP_ROBOTS_SAVE_AS": output_path(empty=True),
    "SITEMAP_EXCLUDE": list_of(text(empty=True), "a list of URL prefixes"),
}


def get_config(settings: Mapping[str, Any]) -> SitemapConfig:
    """Merge the settings over DEFAULTS and validate them."""
    values = read_settings(
        "sitemap", settings, DEFAULTS, FIELDS, logger=logger, error=SitemapConfigError
    )
    return SitemapConfig(*values.values())
