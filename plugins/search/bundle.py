"""Run Pagefind over the finished output and install its bundle (the plugin's I/O).

The bundle is built in a scratch folder inside the output and renamed into
place only when whole, so a failed or stopped run leaves the previous bundle as
it was. With a cache folder, the bundle is also kept under a digest of the pages
Pagefind reads, and an output whose pages are byte for byte the same takes the
kept bundle instead of running Pagefind again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .core import bundle_key, has_marked_page, is_indexed, pagefind_command

# The folder inside CACHE_PATH that keeps the last bundle, named by its key.
CACHE_FOLDER = "search-bundle"


class PagefindError(RuntimeError):
    """Pagefind did not produce a bundle; the message says why."""


@dataclass(frozen=True)
class Outcome:
    """What happened to the bundle: `indexed`, `reused` or `nothing`."""

    action: str
    pages: int


def indexer_version() -> str:
    """Return the installed Pagefind version."""
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _pages(site: Path, bundle_dir: str) -> list[tuple[str, bytes]]:
    """Return every file Pagefind reads, as (relative path, bytes), sorted."""
    pages = []
    for folder, subfolders, files in os.walk(site):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(site).as_posix()
            if is_indexed(relative, bundle_dir):
                pages.append((relative, path.read_bytes()))
    return pages


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


def _from_cache(cache: Path | None, key: str, staging: Path) -> bool:
    """Copy the kept bundle for `key` to `staging`; tell whether there was one."""
    kept = cache / key if cache is not None else None
    if kept is None or not kept.is_dir():
        return False
    shutil.copytree(kept, staging)
    return True


def _keep(cache: Path, key: str, bundle: Path) -> None:
    """Keep a copy of `bundle` under `key` as the only kept bundle."""
    cache.mkdir(parents=True, exist_ok=True)
    # Renamed into place only when whole: a copy cut off half-way is never used.
    scratch = Path(tempfile.mkdtemp(prefix=".incoming-", dir=cache))
    shutil.copytree(bundle, scratch / "bundle")
    for old in cache.iterdir():
        if old != scratch:
            shutil.rmtree(old, ignore_errors=True)
    (scratch / "bundle").rename(cache / key)
    shutil.rmtree(scratch, ignore_errors=True)


def build_bundle(
    site: Path, bundle_dir: str, timeout: float, cache_root: Path | None
) -> Outcome:
    """Index the finished `site` into `site/bundle_dir` (see the module docstring)."""
    target = site / bundle_dir
    if target.exists() and not target.is_dir():
        raise PagefindError(f"{target} is a file the build wrote; not replacing it")
    pages = _pages(site, bundle_dir)
    if not has_marked_page(data for _, data in pages):
        # Nothing published yet: no index, and no stale one left behind.
        if target.is_dir():
            shutil.rmtree(target)
        return Outcome("nothing", 0)
    cache = cache_root / CACHE_FOLDER if cache_root is not None else None
    command = " ".join(pagefind_command("SITE", "BUNDLE"))
    key = bundle_key(pages, f"{indexer_version()} {command}")
    del pages
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".search-new-", dir=target.parent))
    staging = scratch / "bundle"
    try:
        if _from_cache(cache, key, staging):
            action = "reused"
        else:
            _run_pagefind(site, staging, timeout)
            action = "indexed"
            if cache is not None:
                _keep(cache, key, staging)
        _install(staging, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Outcome(action, sum(1 for _ in target.glob("fragment/*")))
