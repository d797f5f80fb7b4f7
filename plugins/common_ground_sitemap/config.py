"""Settings of the sitemap plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # robots.txt is generated too: its Sitemap: line must be an absolute URL.
    "SITEMAP_ROBOTS_SAVE_AS": "robots.txt",
    # URL prefixes (relative to SITEURL) left out of the sitemap and disallowed.
    "SITEMAP_EXCLUDE": (),
}


class SitemapConfigError(ValueError):
    """A sitemap setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class SitemapConfig:
    """Validated sitemap settings."""

    save_as: str
    robots_save_as: str
    exclude: tuple[str, ...]


def _bad(name: str, value: object, expected: str) -> SitemapConfigError:
    """Log a bad setting by name and return the error to raise."""
    logger.error(
        "sitemap: setting %s=%r is invalid: expected %s", name, value, expected
    )
    return SitemapConfigError(f"sitemap: {name} must be {expected}")


def get_config(settings: Mapping[str, Any]) -> SitemapConfig:
    """Merge the settings over DEFAULTS and validate them."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for name in ("SITEMAP_SAVE_AS", "SITEMAP_ROBOTS_SAVE_AS"):
        value = merged[name]
        # An empty string switches that file off, as Pelican's *_SAVE_AS do.
        if not isinstance(value, str) or value.startswith("/") or ".." in value:
            raise _bad(name, value, "a relative path inside the output, or ''")
    exclude = merged["SITEMAP_EXCLUDE"]
    if isinstance(exclude, str) or not all(isinstance(e, str) for e in exclude):
        raise _bad("SITEMAP_EXCLUDE", exclude, "a list of URL prefixes")
    return SitemapConfig(
        save_as=merged["SITEMAP_SAVE_AS"],
        robots_save_as=merged["SITEMAP_ROBOTS_SAVE_AS"],
        exclude=tuple(exclude),
    )
