"""Run the Pagefind indexer over a built site (the plugin's only I/O)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .scope import has_body_mark


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run reported."""

    returncode: int
    output: str


def pagefind_command(site: Path, bundle_dir: str, glob: str | None = None) -> list[str]:
    """Return the command line that indexes `site` into `site/bundle_dir`."""
    # The PyPI package's own launcher finds its bundled binary; no PATH lookup needed.
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        bundle_dir,
        "--silent",
    ]
    return [*command, "--glob", glob] if glob else command


def scan_pages(site: Path, bundle_dir: str) -> list[tuple[str, bool]]:
    """Return each HTML page of `site` (outside the bundle) and whether it is marked."""
    bundle = os.path.normpath(site / bundle_dir)
    pages = []
    for folder, subfolders, files in os.walk(site):
        # The old bundle is about to be replaced; its HTML is not the site's.
        subfolders[:] = [
            name
            for name in subfolders
            if os.path.normpath(os.path.join(folder, name)) != bundle
        ]
        prefix = os.path.relpath(folder, site).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(folder, name), "rb") as page:
                    pages.append((prefix + name, has_body_mark(page.read())))
    return pages


def build_index(
    site: Path, bundle_dir: str, timeout: float, glob: str | None = None
) -> IndexResult:
    """Replace the Pagefind bundle of `site` with a fresh index of its HTML.

    `glob` limits the files Pagefind reads (see `scope.index_glob`).
    """
    # Pagefind never deletes fragments of removed pages, so devserver rebuilds
    # would pile up stale files without a clean start.
    shutil.rmtree(site / bundle_dir, ignore_errors=True)
    try:
        done = subprocess.run(
            pagefind_command(site, bundle_dir, glob),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return IndexResult(returncode=-1, output=str(error))
    return IndexResult(
        returncode=done.returncode, output=(done.stdout + done.stderr).strip()
    )
