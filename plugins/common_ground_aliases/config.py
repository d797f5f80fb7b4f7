"""Settings of the aliases plugin: one DEFAULTS dict, read once into a Config."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.settings import (
    Field,
    SettingsError,
    flag,
    optional,
    output_path,
    read_settings,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Plain-text map of every alias to its post's URL; None writes no map.
    "ALIASES_MAP_SAVE_AS": "aliases.txt",
    # Write a small redirect page at each alias path.
    "ALIASES_REDIRECT_PAGES": True,
}


class ConfigError(SettingsError):
    """An aliases setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class Config:
    """The validated aliases settings for one build."""

    map_save_as: str | None
    redirect_pages: bool
    siteurl: str
    lang: str


FIELDS: dict[str, Field] = {
    "ALIASES_MAP_SAVE_AS": optional(output_path()),
    "ALIASES_REDIRECT_PAGES": flag(),
}


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge DEFAULTS with `settings` and validate every aliases setting."""
    values = read_settings(
        "aliases", settings, DEFAULTS, FIELDS, logger=logger, error=ConfigError
    )
    return Config(
        map_save_as=values["ALIASES_MAP_SAVE_AS"],
        redirect_pages=values["ALIASES_REDIRECT_PAGES"],
        siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
        lang=str(settings.get("DEFAULT_LANG") or "en"),
    )
