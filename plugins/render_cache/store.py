"""The render cache's records: what each page was rendered from, kept between builds.

One JSON file per output folder in CACHE_PATH. A record is reused only when the
site digest is the same, the page on disk is the one this cache saw written (same
size and modification time), and every volatile value it read is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT = 2
# Characters kept of a dependency's digest: 64 bits tell "changed" from "same"
# as surely as 256, and thousands of records hold tens of thousands of them.
DEPENDENCY_DIGEST_CHARS = 16
CACHE_FOLDER = "render-cache"


def records_path(cache_path: Path, output_path: str) -> Path:
    """Return the records file for one output folder."""
    name = hashlib.sha256(os.path.realpath(output_path).encode()).hexdigest()[:16]
    return cache_path / CACHE_FOLDER / f"{name}.json"


def stamp_path(cache_path: Path) -> Path:
    """Return the file holding the settings digest the content cache was made with."""
    return cache_path / CACHE_FOLDER / "content-cache.stamp"


def read_stamp(path: Path) -> str | None:
    """Return the stamped digest, or None when there is none."""
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def write_stamp(path: Path, value: str) -> None:
    """Stamp the content cache with the digest of this build's settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(value + "\n", encoding="ascii")
    os.replace(scratch, path)


def load_records(path: Path) -> dict[str, dict[str, Any]]:
    """Return the saved records, or none if the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    records = data.get("records")
    return records if isinstance(records, dict) else {}


def save_records(path: Path, records: dict[str, dict[str, Any]]) -> None:
    """Write the records atomically: a half-written file is never read back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(
        json.dumps({"format": FORMAT, "records": records}, sort_keys=True),
        encoding="utf-8",
    )
    os.replace(scratch, path)


def _stat(path: str) -> list[int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_mtime_ns, found.st_size]


@dataclass
class BuildRecords:
    """One build's view of the cache: old records in, new records out."""

    site: str
    old: dict[str, dict[str, Any]]
    # Computes the current digest of one dependency ("attr:<source>" or
    # "context:<name>"); memoised per build.
    dependency_digest: Callable[[str], str]
    new: dict[str, dict[str, Any]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    _digests: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)

    def current(self, dependency: str) -> str:
        """Return the (shortened) digest a dependency has in this build."""
        found = self._digests.get(dependency)
        if found is None:
            found = self.dependency_digest(dependency)[:DEPENDENCY_DIGEST_CHARS]
            self._digests[dependency] = found
        return found

    def reusable(self, name: str, path: str) -> bool:
        """Tell whether the page `name`, written at `path`, can stay as it is."""
        record = self.old.get(name)
        if not record or record.get("site") != self.site:
            return False
        if _stat(path) != record.get("stat"):
            return False
        deps = record.get("deps")
        if not isinstance(deps, dict):
            return False
        return all(self.current(dep) == value for dep, value in deps.items())

    def mark_reused(self, name: str, path: str) -> None:
        """Keep the record of a page left as it was."""
        self.reused += 1
        # Each old record is let go once its page is handled, so the old and the
        # new records are never both held whole (30 MiB at 4,000 posts).
        self.new[name] = {**self.old.pop(name), "path": path}

    def mark_rendered(self, name: str, path: str, deps: set[str] | None) -> None:
        """Remember what the page was rendered from (None: it cannot be reused)."""
        self.rendered += 1
        self.old.pop(name, None)
        if deps is None:
            self.new.pop(name, None)
            return
        # One string per dependency name, shared by every record that names it.
        names = self._names
        self.new[name] = {
            "site": self.site,
            "path": path,
            "deps": {names.setdefault(d, d): self.current(d) for d in sorted(deps)},
        }

    def finished(self) -> dict[str, dict[str, Any]]:
        """Return the records to keep, each with the size and time now on disk."""
        kept = {}
        for name, record in self.new.items():
            stat = _stat(record["path"])
            if stat is not None:
                kept[name] = {**record, "stat": stat}
        return kept
