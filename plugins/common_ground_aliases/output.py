"""The aliases plugin's only I/O: read the theme's static files, write pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from common_ground_core.source import theme_static_files

logger = logging.getLogger(__name__)


def reserved_files(settings: dict[str, Any]) -> set[str]:
    """Return the files a build copies or makes at its end without announcing them.

    The theme's static files, and the search bundle (the search plugin writes it
    at `finalized` too, perhaps after the aliases are checked).
    """
    reserved = theme_static_files(settings)
    bundle = settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    if settings.get("SEARCH_INDEX", True) and isinstance(bundle, str) and bundle:
        reserved.add(f"{bundle.strip('/')}/pagefind.js")
    return reserved


def write_outputs(output: Path, files: dict[str, str]) -> None:
    """Write each `save_as: text` under `output`, refusing paths that leave it."""
    root = output.resolve()
    for save_as, text in sorted(files.items()):
        target = (root / save_as).resolve()
        if not target.is_relative_to(root):
            logger.warning("aliases: %s is outside the output folder; skipped", save_as)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            # Announced like Pelican's own pages, so prune_output keeps it.
            signals.content_written.send(str(target), context=None)
        except OSError as error:
            # A file left in the output by an earlier build may stand in the way.
            logger.warning(
                "aliases: %s cannot be written (%s); skipped", save_as, error.strerror
            )
