"""Give the reason on Pelican's "Could not process <file>" line.

Pelican logs only the file's name when its reader raises (the traceback only
with --debug). This filter, installed on the logger Pelican's generators use,
adds the reason in the words `make check` uses (the shared check
`read_content_file` in comments/header.py, handed in by plugin.py), falling back
to the exception's own message; never a traceback. It matches Pelican's
message text: if a Pelican release changes that text, the line is simply left
as Pelican wrote it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# read_content_file(data) -> (header or None, [(line, message), ...])
ContentCheck = Callable[[bytes], tuple[Any, list[tuple[int, str]]]]

# The message Pelican's ArticlesGenerator and PagesGenerator log on a failed read.
COULD_NOT_PROCESS = "Could not process %s"
# The logger those generators log to (`logging.getLogger(__name__)` there).
GENERATORS_LOGGER = "pelican.generators"


def failure_reason(path: Path, check: ContentCheck, error: BaseException | None) -> str:
    """Return why the file at `path` could not be read, in make check's words."""
    try:
        data = path.read_bytes()
    except OSError as problem:
        return f"cannot be opened ({problem.strerror})"
    _, errors = check(data)
    if errors:
        line, message = errors[0]
        return f"line {line}: {message}"
    if error is not None:
        return f"{type(error).__name__}: {error}"
    return "the reader failed without saying why"


class ReasonFilter(logging.Filter):
    """Rewrite "Could not process <file>" records to carry the reason."""

    def __init__(self, content: Path, check: ContentCheck) -> None:
        super().__init__()
        self.content = content
        self.check = check

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the reason to a failed-read record; let every record through."""
        if record.msg != COULD_NOT_PROCESS or not isinstance(record.args, tuple):
            return True
        if len(record.args) != 1:
            return True
        (relative,) = record.args
        # Filters run inside Pelican's `except` block, so the exception is at hand.
        reason = failure_reason(
            self.content / str(relative), self.check, sys.exc_info()[1]
        )
        record.msg = COULD_NOT_PROCESS + ": %s; left out of the site"
        record.args = (relative, reason)
        return True
