"""Which files of the output folder a build left behind: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath


def is_retained(relative: str, retention: Iterable[str]) -> bool:
    """Tell whether Pelican's OUTPUT_RETENTION keeps this file.

    Pelican keeps a retained name at the top of the output folder, with all it
    holds (`clean_output_dir`); the same rule applies here.
    """
    top = PurePosixPath(relative).parts[0]
    return top in set(retention)


def is_owned(relative: str, owned_dirs: Iterable[str]) -> bool:
    """Tell whether a file lies in a folder a later step rewrites whole (search)."""
    path = PurePosixPath(relative)
    return any(path.is_relative_to(PurePosixPath(folder)) for folder in owned_dirs)


def stale_files(
    existing: Iterable[str],
    written: set[str],
    retention: Iterable[str] = (),
    owned_dirs: Iterable[str] = (),
) -> list[str]:
    """Return, sorted, the existing files (relative POSIX paths) to remove."""
    retention, owned_dirs = tuple(retention), tuple(owned_dirs)
    return sorted(
        path
        for path in existing
        if path not in written
        and not is_retained(path, retention)
        and not is_owned(path, owned_dirs)
    )
