"""A stand-in for one of Pelican's readers that hands back the helper's results."""

from __future__ import annotations

from typing import Any

from .worker import ReadAhead, ReadResult


class ReadAheadReader:
    """Wraps a reader; `read` returns what the helper read, else reads itself.

    Everything else (`process_metadata`, `enabled`, `file_extensions`) is the
    wrapped reader's, so Pelican treats it exactly as the original.
    """

    def __init__(self, reader: Any, ahead: ReadAhead) -> None:
        self._reader = reader
        self._ahead = ahead

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def read(self, source_path: str) -> ReadResult:
        """Return (content, metadata) for `source_path`, as the reader would."""
        found = self._ahead.take(source_path)
        return found if found is not None else self._reader.read(source_path)


def read_ahead_reader(reader: Any, ahead: ReadAhead) -> ReadAheadReader:
    """Wrap `reader` in a `ReadAheadReader` whose class has the reader's name.

    Pelican records a post's reader from its reader's class name ("markdown" for
    MarkdownReader) in the post's `reader` attribute and metadata. A wrapper
    named otherwise would make posts read by the helper differ from the same
    posts read later from Pelican's cache, and every page look changed.
    """
    named = type(type(reader).__name__, (ReadAheadReader,), {})
    return named(reader, ahead)
