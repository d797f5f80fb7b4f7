"""Settings of the prune_output plugin: defaults in one place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from common_ground_core.settings import flag

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # True: after each build, remove from the output what the build did not
    # write (a deleted or renamed post's page); OUTPUT_RETENTION is always kept.
    "PRUNE_OUTPUT": True,
}


def prune_enabled(settings: Mapping[str, Any]) -> bool:
    """Return PRUNE_OUTPUT, or True (with a warning) when it is not a bool."""
    problems: list[str] = []
    value = flag().read(
        "PRUNE_OUTPUT", settings.get("PRUNE_OUTPUT", DEFAULTS["PRUNE_OUTPUT"]), problems
    )
    # Only a warning: pruning on is the safe reading, and the build can go on.
    for line in problems:
        logger.warning("prune_output: bad setting %s; pruning stays on", line)
    return True if problems else value
