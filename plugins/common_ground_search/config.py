"""Settings of the search plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.settings import (
    Field,
    SettingsError,
    flag,
    number,
    output_path,
    read_settings,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Pagefind holds every page in memory while indexing (~0.3 MiB per
    # 1,200-word post); a journal that outgrows that turns the index off here.
    "SEARCH_INDEX": True,
    # Folder of the Pagefind bundle inside OUTPUT_PATH; the search page loads it.
    "SEARCH_BUNDLE_DIR": "pagefind",
    # Seconds before a stuck indexer is given up on.
    "SEARCH_TIMEOUT": 120,
}


class SearchConfigError(SettingsError):
    """A search setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class SearchConfig:
    """Validated search settings."""

    index: bool
    bundle_dir: str
    timeout: float


FIELDS: dict[str, Field] = {
    "SEARCH_INDEX": flag(),
    # The bundle folder is deleted before each run, so it must stay inside the output.
    "SEARCH_BUNDLE_DIR": output_path(),
    "SEARCH_TIMEOUT": number(convert=float),
}


def get_config(settings: Mapping[str, Any]) -> SearchConfig:
    """Merge the settings over DEFAULTS and validate them."""
    values = read_settings(
        "search", settings, DEFAULTS, FIELDS, logger=logger, error=SearchConfigError
    )
    return SearchConfig(*values.values())
