"""Settings of the aliases plugin: one DEFAULTS dict, read once into a Config."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Plain-text map of every alias to its post's URL; None writes no map.
    "ALIASES_MAP_SAVE_AS": "aliases.txt",
    # Write a small redirect page at each alias path.
    "ALIASES_REDIRECT_PAGES": True,
}


class ConfigError(ValueError):
    """An aliases setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class Config:
    """The validated aliases settings for one build."""

    map_save_as: str | None
    redirect_pages: bool
    siteurl: str
    lang: str


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge DEFAULTS with `settings` and validate every aliases setting."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    map_save_as = merged["ALIASES_MAP_SAVE_AS"]
    if map_save_as is not None and (
        not isinstance(map_save_as, str) or map_save_as.startswith("/")
    ):
        logger.error(
            "aliases: setting ALIASES_MAP_SAVE_AS must be a path inside the output "
            "or None, not %r",
            map_save_as,
        )
        raise ConfigError("ALIASES_MAP_SAVE_AS")
    return Config(
        map_save_as=map_save_as or None,
        redirect_pages=bool(merged["ALIASES_REDIRECT_PAGES"]),
        siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
        lang=str(settings.get("DEFAULT_LANG") or "en"),
    )
