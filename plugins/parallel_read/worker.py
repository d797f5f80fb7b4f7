"""The helper process: read posts with Pelican's own readers, send the results back.

It is a fork of the build, made before any post is read, so it has the same
settings, readers and plugins. It only runs each file's reader (`reader.read`,
the step Pelican's reader cache stores), never creates content objects or sends
signals, so nothing happens twice. Its log records are handed back and logged by
the build, and a file it cannot read is simply left to the build, which then
reports the error exactly as it would have.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any

# Seconds the build waits for the helper before reading its files itself.
COLLECT_TIMEOUT = 900.0

ReadResult = tuple[str, dict[str, Any]]


def can_fork() -> bool:
    """Tell whether a fork is safe here: POSIX fork, and no other thread running."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return threading.active_count() == 1


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "msg": record.getMessage(),
                "pathname": record.pathname,
                "lineno": record.lineno,
                "funcName": record.funcName,
            }
        )


def _read_in_helper(
    paths: list[str], reader_for: Callable[[str], Any], sender: Connection
) -> None:
    """Body of the helper process."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    kept = _Kept()
    root.addHandler(kept)
    results: dict[str, ReadResult] = {}
    for path in paths:
        reader = reader_for(path)
        if reader is None:
            continue
        try:
            results[path] = reader.read(path)
        except Exception:  # noqa: BLE001 (the build reads it again and reports it)
            continue
    sender.send((results, kept.records))
    sender.close()


class ReadAhead:
    """The helper's work as the build sees it: results it can take, once ready."""

    def __init__(self, paths: Iterable[str], reader_for: Callable[[str], Any]) -> None:
        self.assigned = frozenset(paths)
        self._results: dict[str, ReadResult] | None = None
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_in_helper,
            args=(sorted(self.assigned), reader_for, sender),
            daemon=True,
        )
        self._process.start()
        sender.close()

    def take(self, path: str) -> ReadResult | None:
        """Return the helper's result for `path`, waiting for it the first time."""
        if path not in self.assigned:
            return None
        if self._results is None:
            self._collect()
        assert self._results is not None
        return self._results.pop(path, None)

    def _collect(self) -> None:
        results: dict[str, ReadResult] = {}
        records: list[dict[str, Any]] = []
        try:
            if self._receiver.poll(COLLECT_TIMEOUT):
                results, records = self._receiver.recv()
                # It exits right after sending; reap it.
                self._process.join(timeout=10)
        except (EOFError, OSError):
            # The helper died: the build reads its files itself.
            results, records = {}, []
        self.close()
        for fields in records:
            logging.getLogger(fields["name"]).handle(logging.makeLogRecord(fields))
        self._results = results

    def close(self) -> None:
        """Stop the helper if it still runs and release the pipe."""
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._receiver.close()
        if self._results is None:
            self._results = {}
