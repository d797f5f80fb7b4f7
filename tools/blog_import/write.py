"""Write a planned import all at once: staged beside content/, then moved in.

This is the only module that changes the content tree. Nothing is overwritten,
and when any file cannot be placed the files and folders placed so far are
removed again, so content/ is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


class WriteError(OSError):
    """The import could not be written; content/ was left as it was."""


def _make_parents(path: Path, created: list[Path]) -> None:
    """Create the missing folders above `path`, remembering each one made."""
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir()
        created.append(folder)


def _place(staged: Path, final: Path) -> None:
    """Put `staged` at `final`, failing rather than replacing an existing file."""
    try:
        os.link(staged, final)
    except FileExistsError:
        raise
    except OSError:
        # Some filesystems refuse hard links; exclusive creation is as safe.
        with open(final, "xb") as out, open(staged, "rb") as src:
            shutil.copyfileobj(src, out)


def _undo(placed: list[Path], created: list[Path]) -> None:
    """Remove what a failed import placed, newest first."""
    for path in reversed(placed):
        with contextlib.suppress(OSError):
            path.unlink()
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def write_plan(content: Path, files: dict[str, str], copies: dict[str, Path]) -> int:
    """Write `files` (text) and `copies` (source files) under `content`."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".import-", dir=content.parent))
    except OSError as error:
        raise WriteError(
            f"{content.parent}: cannot stage the import there "
            f"({error.strerror or error}); nothing was written"
        ) from None
    placed: list[Path] = []
    created: list[Path] = []
    current = ""
    try:
        for relative, text in files.items():
            current = relative
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        for relative, source in copies.items():
            current = relative
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for relative in sorted([*files, *copies]):
            current = relative
            final = content / relative
            _make_parents(final, created)
            _place(staging / relative, final)
            placed.append(final)
    except OSError as error:
        _undo(placed, created)
        reason = error.strerror or str(error)
        raise WriteError(
            f"{content / current}: {reason}; nothing was written, "
            f"{content} is as it was"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(placed)
