"""Run the comment inbox as `make inbox` does, for a test.

A real waitress process on 127.0.0.1 on a free port with its own database;
its log is a file the test can read at any time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitebuild import PROJECT_ROOT

TOKEN = "test-token-0123456789"


def free_port() -> int:
    """Return a port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningInbox:
    """An inbox process: its address, database and log."""

    url: str
    db: Path
    log_file: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        """Return what the inbox has logged so far."""
        return self.log_file.read_text(encoding="utf-8", errors="replace")


def start_inbox(
    content: Path,
    db: Path,
    log_file: Path,
    port: int,
    site_settings: Path | None = None,
    **settings: str,
) -> RunningInbox:
    """Start the inbox and wait until it accepts connections."""
    env = {
        **os.environ,
        "INBOX_PORT": str(port),
        "INBOX_DB": str(db),
        "INBOX_TOKEN": TOKEN,
        **settings,
    }
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "common_ground_tools.inbox",
                "--content",
                str(content),
                "--settings",
                str(site_settings or PROJECT_ROOT / "pelicanconf.py"),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "the inbox did not start:\n" + log_file.read_text(errors="replace")
                ) from None
            time.sleep(0.05)
    return RunningInbox(f"http://127.0.0.1:{port}", db, log_file, process)


def stop_inbox(inbox: RunningInbox) -> None:
    """Stop the inbox politely (SIGTERM) and wait for it."""
    if inbox.process.poll() is None:
        inbox.process.terminate()
        inbox.process.wait(timeout=30)


@contextmanager
def running_inbox(
    content: Path, folder: Path, site_settings: Path | None = None, **settings: str
) -> Iterator[RunningInbox]:
    """Run an inbox over `content` with its database and log in `folder`.

    `site_settings` is the site's settings file (the project's pelicanconf.py
    unless given), where the inbox reads its WEBMENTION_* settings.
    """
    folder.mkdir(parents=True, exist_ok=True)
    inbox = start_inbox(
        content,
        folder / "inbox.sqlite3",
        folder / "inbox.log",
        free_port(),
        site_settings,
        **settings,
    )
    try:
        yield inbox
    finally:
        stop_inbox(inbox)
