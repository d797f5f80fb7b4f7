"""Write a planned import all at once: staged beside content/, then moved in.

This is the only module that changes the content tree. Nothing is overwritten,
and when any file cannot be placed, or the import is interrupted (Ctrl-C,
SIGTERM), the files and folders placed so far are removed again and the
staging folder with them, so content/ is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

# The staging folder's name; .gitignore covers it (`.import-*/`).
STAGING_PREFIX = ".import-"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class WriteError(OSError):
    """The import could not be written; content/ was left as it was."""


class InterruptedImportError(Exception):
    """A signal asked the import to stop; what it placed was taken back."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """SIGINT and SIGTERM as an exception until the import is committed.

    Before `commit()` a stop signal raises InterruptedImportError, so the
    clean-up runs and content/ is as it was; after it every file is in place,
    so a late signal is too late to undo anything and is only recorded.
    """

    def __init__(self) -> None:
        self.committed = False
        self.late: int | None = None
        self._previous: dict[int, object] = {}

    def _handle(self, signum: int, _frame: object) -> None:
        if self.committed:
            self.late = signum
            return
        raise InterruptedImportError(signum)

    def commit(self) -> None:
        """Say every file is in place: from now on a signal undoes nothing."""
        self.committed = True

    def __enter__(self) -> StopSignals:
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.getsignal(signum)
            signal.signal(signum, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while clean-up runs; they arrive after it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


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


def write_plan(
    content: Path,
    files: dict[str, str],
    copies: dict[str, Path],
    held_folder: Path | None = None,
    held: dict[str, str] | None = None,
    stop: StopSignals | None = None,
) -> int:
    """Write `files` (text) and `copies` (source files) under `content`.

    `held` (text files) go under `held_folder`, beside content/. All or
    nothing: on an error or a stop signal every placed file is removed again.
    `stop` is the caller's StopSignals, if it watches for signals itself.
    """
    held = held or {}
    roots = {"c": content, "h": held_folder or content.parent / "unpublished"}
    texts = {("c", k): v for k, v in files.items()} | {
        ("h", k): v for k, v in held.items()
    }
    staging: Path | None = None
    placed: list[Path] = []
    created: list[Path] = []
    current = ""
    with contextlib.ExitStack() as stack:
        if stop is None:
            stop = stack.enter_context(StopSignals())
        try:
            with signals_held():  # a signal now would leave it unnamed, so undeleted
                staging = Path(
                    tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=content.parent)
                )
            for (root, relative), text in texts.items():
                current = str(roots[root] / relative)
                target = staging / root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
            for relative, source in copies.items():
                current = str(content / relative)
                target = staging / "c" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            keys = sorted([*texts, *(("c", k) for k in copies)])
            for root, relative in keys:
                final = roots[root] / relative
                current = str(final)
                # Held signals: a file (or folder) placed is a file remembered.
                with signals_held():
                    _make_parents(final, created)
                    _place(staging / root / relative, final)
                    placed.append(final)
            with signals_held():
                stop.commit()
        except OSError as error:
            with signals_held():
                _undo(placed, created)
            if staging is None:
                raise WriteError(
                    f"{content.parent}: cannot stage the import there "
                    f"({error.strerror or error}); nothing was written"
                ) from None
            reason = error.strerror or str(error)
            raise WriteError(
                f"{current}: {reason}; nothing was written, {content} is as it was"
            ) from None
        except BaseException:
            with signals_held():
                _undo(placed, created)
            raise
        finally:
            if staging is not None:
                with signals_held():
                    shutil.rmtree(staging, ignore_errors=True)
    return len(placed)
