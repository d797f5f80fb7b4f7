"""The aliases plugin's only I/O: read the theme's static files, write pages."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)


def theme_static_files(
    theme: Path, static_paths: Iterable[str], folder: str
) -> set[str]:
    """Return the output paths Pelican copies the theme's static files to."""
    files: set[str] = set()
    for static in static_paths:
        source = theme / static
        if source.is_file():
            files.add(f"{folder}/{source.name}")
            continue
        for root, _dirs, names in os.walk(source):
            for name in names:
                relative = (Path(root) / name).relative_to(source).as_posix()
                files.add(f"{folder}/{relative}")
    return files


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
