"""Settings of the parallel-read plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Read half of the posts in a second process when nothing is cached.
    "PARALLEL_READ": True,
    # Below this many posts to read, starting a process costs more than it saves.
    "PARALLEL_READ_MIN_FILES": 40,
}


class ParallelReadConfigError(ValueError):
    """A parallel-read setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class ParallelReadConfig:
    """Validated parallel-read settings."""

    enabled: bool
    min_files: int


def _bad(name: str, value: object, expected: str) -> ParallelReadConfigError:
    """Log a bad setting by name and return the error to raise."""
    logger.error(
        "parallel_read: setting %s=%r is invalid: expected %s", name, value, expected
    )
    return ParallelReadConfigError(f"parallel_read: {name} must be {expected}")


def get_config(settings: Mapping[str, Any]) -> ParallelReadConfig:
    """Merge the settings over DEFAULTS and validate them."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    enabled = merged["PARALLEL_READ"]
    if not isinstance(enabled, bool):
        raise _bad("PARALLEL_READ", enabled, "True or False")
    least = merged["PARALLEL_READ_MIN_FILES"]
    if isinstance(least, bool) or not isinstance(least, int) or least < 2:
        raise _bad("PARALLEL_READ_MIN_FILES", least, "a whole number of at least 2")
    return ParallelReadConfig(enabled=enabled, min_files=least)
