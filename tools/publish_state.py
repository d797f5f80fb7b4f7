"""The publish marker: what the last `make publish` into an output folder did.

Written by tools/publish.py next to the output folder (never inside it, so it is
never deployed) and checked by tools/deploy.py before any upload.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MARKER_DIR = ".publish-state"  # git-ignored by the `.publish-*/` pattern


def marker_path(output: Path) -> Path:
    """Return where the outcome of the last publish into `output` is recorded."""
    return output.parent / MARKER_DIR / f"{output.name}.json"


def tree_digest(folder: Path) -> tuple[int, str]:
    """Return (file count, sha256 over every relative path and its bytes)."""
    digest = hashlib.sha256()
    count = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        count += 1
    return count, digest.hexdigest()


def write_marker(output: Path, record: dict[str, Any]) -> None:
    """Record the outcome of a publish; the content holds no time, so it is stable."""
    path = marker_path(output)
    path.parent.mkdir(exist_ok=True)
    text = json.dumps({"output": output.name, **record}, indent=2, sort_keys=True)
    partial = path.with_suffix(".partial")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(path)


def verify_published(output: Path) -> str | None:
    """Return why `output` is not the result of a successful publish, or None."""
    path = marker_path(output)
    if not path.is_file():
        return f"no publish recorded for {output}/ (run `make publish` first)"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"unreadable publish marker {path}: {error}"
    if record.get("status") != "ok":
        reason = record.get("reason", "unknown reason")
        return f"the last publish failed ({reason}); fix it and run `make publish`"
    if not output.is_dir():
        return f"{output}/ does not exist"
    if tree_digest(output) != (record.get("files"), record.get("sha256")):
        return (
            f"{output}/ changed since the last publish (a `make html` build?); "
            "run `make publish` again"
        )
    return None
