"""Settings of the prune_output plugin: defaults in one place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # True: after each build, remove from the output what the build did not
    # write (a deleted or renamed post's page); OUTPUT_RETENTION is always kept.
    "PRUNE_OUTPUT": True,
}


def prune_enabled(settings: Mapping[str, Any]) -> bool:
    """Return PRUNE_OUTPUT, or True (with a warning) when it is not a bool."""
    value = settings.get("PRUNE_OUTPUT", DEFAULTS["PRUNE_OUTPUT"])
    if not isinstance(value, bool):
        logger.warning(
            "prune_output: setting PRUNE_OUTPUT=%r is invalid: expected True or "
            "False; pruning stays on",
            value,
        )
        return True
    return value
