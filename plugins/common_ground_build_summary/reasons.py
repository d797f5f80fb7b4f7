"""Find the posts and pages Pelican left out, and say why: pure, no pelican import.

A file is left out when Pelican's own discovery found it but no content object
came of it: its reader raised, or the object was not valid. A file whose header
says `Status: skip` is left out on purpose (Pelican skips it quietly), so it is
not reported. The reason is given in the words `make check` uses (the shared
check `read_content_file`, handed in by plugin.py), never by reading Pelican's
own log messages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# read_content_file(data) -> (header or None, [(line, message), ...])
ContentCheck = Callable[[bytes], tuple[Any, list[tuple[int, str]]]]

# The reason when make check's reading rules find nothing wrong (a missing
# Title, or a reader other than Markdown): Pelican's own message says more.
UNKNOWN = "Pelican's reader gave up on it (its message above says why)"


def left_out(found: Iterable[str], produced: Iterable[str]) -> list[str]:
    """Return the discovered paths no content object came from, sorted."""
    made = {posixpath.normpath(path) for path in produced}
    return sorted({posixpath.normpath(path) for path in found} - made)


def failure_reason(path: Path, check: ContentCheck) -> str | None:
    """Return why the file at `path` was left out, or None if it asked to be."""
    try:
        data = path.read_bytes()
    except OSError as problem:
        return f"cannot be opened ({problem.strerror})"
    header, errors = check(data)
    if errors:
        line, message = errors[0]
        return f"line {line}: {message}"
    # Pelican compares the raw value, so `Status: Skip` is not skipped.
    if header is not None and (header.value("status") or "").strip() == "skip":
        return None
    return UNKNOWN
