"""Run Pagefind over the finished output and install its bundle (the plugin's I/O).

The bundle is built in a scratch folder inside the output and renamed into
place only when whole, so a failed or stopped run leaves the previous bundle as
it was. Nothing is cached: every build indexes what it wrote.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .core import has_marked_page, is_indexed, pagefind_command


class PagefindError(RuntimeError):
    """Pagefind did not produce a bundle; the message says why."""


@dataclass(frozen=True)
class Outcome:
    """What happened to the bundle: `indexed` or `nothing` (no page marked)."""

    action: str
    pages: int


def _indexed_pages(site: Path, bundle_dir: str) -> Iterator[bytes]:
    """Yield the bytes of each page Pagefind reads, one file at a time."""
    for folder, subfolders, files in os.walk(site):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if is_indexed(path.relative_to(site).as_posix(), bundle_dir):
                yield path.read_bytes()


def _run_pagefind(site: Path, staging: Path, timeout: float) -> None:
    """Index `site` into `staging`, or raise PagefindError with Pagefind's words."""
    command = pagefind_command(str(site), str(staging))
    # Its own process group, so a timeout stops Pagefind and anything it started.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise PagefindError(f"pagefind took longer than {timeout:g} s") from None
    if process.returncode != 0:
        said = output.decode("utf-8", "replace").strip()
        raise PagefindError(f"pagefind exited with {process.returncode}: {said}")


def _install(staging: Path, target: Path) -> None:
    """Put `staging` at `target`, replacing the old bundle only once whole."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=".search-old-", dir=target.parent))
        target.rename(retired / "bundle")
    staging.rename(target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def build_bundle(site: Path, bundle_dir: str, timeout: float) -> Outcome:
    """Index the finished `site` into `site/bundle_dir` (see the module docstring)."""
    target = site / bundle_dir
    if target.exists() and not target.is_dir():
        raise PagefindError(f"{target} is a file the build wrote; not replacing it")
    # Stops reading at the first marked page.
    if not has_marked_page(_indexed_pages(site, bundle_dir)):
        # Nothing published yet: no index, and no stale one left behind.
        if target.is_dir():
            shutil.rmtree(target)
        return Outcome("nothing", 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".search-new-", dir=target.parent))
    staging = scratch / "bundle"
    try:
        _run_pagefind(site, staging, timeout)
        _install(staging, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Outcome("indexed", sum(1 for _ in target.glob("fragment/*")))
