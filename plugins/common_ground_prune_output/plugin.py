"""Pelican glue: note every file the build writes, then remove what it did not.

Each run (a `make html`, or one devserver rebuild) records the files Pelican
reports through its public signals: `content_written` (pages, listings, and
the sitemap, robots.txt, comment feeds and alias pages, which our plugins
announce the same way), `feed_written`, and the static generator's files; the
theme's static files are those Pelican copies from THEME_STATIC_PATHS. When
the run is finished, any other file in the output folder is a leftover of an
earlier build (a deleted or renamed post) and is removed, with folders left
empty. OUTPUT_RETENTION is kept, as Pelican's own DELETE_OUTPUT_DIRECTORY
keeps it, and so is the search bundle, which the search plugin rewrites whole.

The search plugin indexes the output on `finalized` too; it sends
BEFORE_SEARCH_INDEX first, so the leftovers are gone before Pagefind reads the
folder whichever handler Pelican calls first. Pruning runs once per run.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

import blinker
from pelican import signals

from common_ground_core.source import theme_static_files

from .config import prune_enabled
from .core import stale_files

logger = logging.getLogger(__name__)

# Sent by the search plugin just before it indexes the output.
BEFORE_SEARCH_INDEX = blinker.signal("common_ground.before_search_index")


class _Ledger:
    """The files one run wrote, relative to the output folder."""

    def __init__(self) -> None:
        self.output: Path | None = None
        self.written: set[str] = set()
        self.static: set[str] = set()
        self.pruned = False

    def start(self, output: Path) -> None:
        self.output = output.resolve()
        self.written = set()
        self.static = set()
        self.pruned = False

    def note(self, path: str | os.PathLike[str]) -> None:
        if self.output is None:
            return
        target = Path(os.path.abspath(path))
        if target.is_relative_to(self.output):
            self.written.add(target.relative_to(self.output).as_posix())


# The running build's record. Module-level because no object reaches every
# handler: `content_written` gets a per-page copy of the context, `finalized`
# only the Pelican instance. It is replaced at the start of every run
# (`get_generators`), so nothing accumulates across devserver rebuilds, and one
# build runs at a time in a process (Pelican's own autoreload included).
_ledger = _Ledger()


def start_run(pelican: Any) -> None:
    """Start an empty record: `get_generators` opens every run."""
    _ledger.start(Path(pelican.output_path))


def note_written(path: str, **_: Any) -> None:
    """Record a page, listing, feed or plugin file the run wrote."""
    _ledger.note(path)


def note_static(generator: Any) -> None:
    """Record the static files (content/images and linked files) Pelican copies."""
    output = Path(generator.output_path)
    for static in generator.staticfiles:
        _ledger.note(output / static.save_as)


def _existing(output: Path) -> list[str]:
    """Return every file and symlink below `output`, relative, without following."""
    found = []
    for folder, dirs, names in os.walk(output):
        dirs.sort()
        base = Path(folder)
        found.extend(
            (base / name).relative_to(output).as_posix() for name in sorted(names)
        )
        # A symlinked folder is one entry, never walked into.
        found.extend(
            (base / name).relative_to(output).as_posix()
            for name in dirs
            if (base / name).is_symlink()
        )
    return found


def _remove_empty_folders(output: Path, removed: list[str]) -> None:
    """Remove the folders the removal left empty, deepest first."""
    parents = {Path(path).parent for path in removed}
    candidates = sorted(
        {p for parent in parents for p in (parent, *parent.parents)} - {Path(".")},
        key=lambda p: len(p.parts),
        reverse=True,
    )
    for relative in candidates:
        folder = output / relative
        # Not empty, or already gone: kept as it is.
        with contextlib.suppress(OSError):
            folder.rmdir()


def prune(pelican: Any) -> None:
    """Remove what this run did not write (once per run)."""
    if _ledger.pruned or _ledger.output is None:
        return
    _ledger.pruned = True
    settings = pelican.settings
    if not prune_enabled(settings) or settings.get("WRITE_SELECTED"):
        # WRITE_SELECTED writes only some pages; the rest are still current.
        return
    output = _ledger.output
    if not output.is_dir():
        return
    holds = [
        name
        for name in ("PATH", "THEME")
        if settings.get(name) and Path(settings[name]).resolve().is_relative_to(output)
    ]
    if holds:
        # An output folder that holds the content or the theme (OUTPUT_PATH =
        # "." by mistake) is never pruned: it would delete the sources.
        logger.warning(
            "prune_output: %s holds %s; nothing is removed from it",
            output,
            " and ".join(holds),
        )
        return
    written = _ledger.written | theme_static_files(settings)
    bundle = settings.get("SEARCH_BUNDLE_DIR", "pagefind")
    owned = [bundle] if isinstance(bundle, str) and bundle else []
    stale = stale_files(
        _existing(output), written, settings.get("OUTPUT_RETENTION", ()), owned
    )
    for relative in stale:
        target = output / relative
        if target.is_dir() and not target.is_symlink():
            continue
        target.unlink(missing_ok=True)
    _remove_empty_folders(output, stale)
    if stale:
        logger.info(
            "prune_output: removed %d file(s) this build did not write from %s",
            len(stale),
            output,
        )


def register() -> None:
    """Connect the handlers."""
    signals.get_generators.connect(start_run)
    signals.content_written.connect(note_written)
    signals.feed_written.connect(note_written)
    signals.static_generator_finalized.connect(note_static)
    BEFORE_SEARCH_INDEX.connect(prune)
    signals.finalized.connect(prune)
