"""Run the Pagefind indexer over a built site (the plugin's only I/O)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run reported."""

    returncode: int
    output: str


def pagefind_command(site: Path, bundle_dir: str) -> list[str]:
    """Return the command line that indexes `site` into `site/bundle_dir`."""
    # The PyPI package's own launcher finds its bundled binary; no PATH lookup needed.
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        bundle_dir,
        "--silent",
    ]


def build_index(site: Path, bundle_dir: str, timeout: float) -> IndexResult:
    """Replace the Pagefind bundle of `site` with a fresh index of its HTML."""
    # Pagefind never deletes fragments of removed pages, so devserver rebuilds
    # would pile up stale files without a clean start.
    shutil.rmtree(site / bundle_dir, ignore_errors=True)
    try:
        done = subprocess.run(
            pagefind_command(site, bundle_dir),
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
