"""The aliases plugin's only I/O: write its pages into the output folder."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)


def write_outputs(output: Path, files: dict[str, str]) -> None:
    """Write each `save_as: text` under `output`, refusing paths that leave it."""
    root = output.resolve()
    for save_as, text in sorted(files.items()):
        target = (root / save_as).resolve()
        if not target.is_relative_to(root):
            logger.warning("aliases: %s is outside the output folder; skipped", save_as)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        # Announced like Pelican's own pages, so prune_output keeps it.
        signals.content_written.send(str(target), context=None)
