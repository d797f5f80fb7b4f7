"""Settings of the search plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

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


class SearchConfigError(ValueError):
    """A search setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class SearchConfig:
    """Validated search settings."""

    index: bool
    bundle_dir: str
    timeout: float


def _bad(name: str, value: object, expected: str) -> SearchConfigError:
    """Log a bad setting by name and return the error to raise."""
    logger.error("search: setting %s=%r is invalid: expected %s", name, value, expected)
    return SearchConfigError(f"search: {name} must be {expected}")


def get_config(settings: Mapping[str, Any]) -> SearchConfig:
    """Merge the settings over DEFAULTS and validate them."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    index = merged["SEARCH_INDEX"]
    if not isinstance(index, bool):
        raise _bad("SEARCH_INDEX", index, "True or False")
    bundle = merged["SEARCH_BUNDLE_DIR"]
    parts = PurePosixPath(bundle).parts if isinstance(bundle, str) else ()
    # The bundle folder is deleted before each run, so it must stay inside the output.
    if not parts or PurePosixPath(bundle).is_absolute() or ".." in parts:
        raise _bad("SEARCH_BUNDLE_DIR", bundle, "a relative folder inside the output")
    timeout = merged["SEARCH_TIMEOUT"]
    number = isinstance(timeout, int | float) and not isinstance(timeout, bool)
    if not number or timeout <= 0:
        raise _bad("SEARCH_TIMEOUT", timeout, "a positive number of seconds")
    return SearchConfig(index=index, bundle_dir=bundle, timeout=float(timeout))
