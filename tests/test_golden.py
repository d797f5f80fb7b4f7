"""The showcase's published output, file by file, is what tests/golden/ holds.

Nothing a reader or author sees may change unnoticed. After an intended change,
run `make golden` and review the diff of tests/golden/ in git.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest
from golden import GOLDEN

TESTS = Path(__file__).resolve().parent
SHOWN_DIFFS = 5
SHOWN_LINES = 40


def files(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` by its relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def readable_differences(golden: dict[str, bytes], built: dict[str, bytes]) -> str:
    """Name every file that differs; show a unified diff of the first few."""
    missing = sorted(set(golden) - set(built))
    extra = sorted(set(built) - set(golden))
    changed = [n for n in sorted(set(golden) & set(built)) if golden[n] != built[n]]
    lines = ["The showcase's output differs from tests/golden/."]
    lines += [f"  no longer written: {name}" for name in missing]
    lines += [f"  newly written: {name}" for name in extra]
    lines += [f"  changed: {name}" for name in changed]
    for name in changed[:SHOWN_DIFFS]:
        diff = difflib.unified_diff(
            golden[name].decode("utf-8", "replace").splitlines(),
            built[name].decode("utf-8", "replace").splitlines(),
            fromfile=f"tests/golden/{name}",
            tofile=f"build/{name}",
            lineterm="",
            n=1,
        )
        lines += ["", *list(diff)[:SHOWN_LINES]]
    lines += ["", "If the change is intended: make golden, then review git diff."]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the showcase exactly as `make golden` does, in its own process."""
    output = tmp_path_factory.mktemp("golden") / "output"
    done = subprocess.run(
        [sys.executable, str(TESTS / "golden.py"), str(output)],
        capture_output=True,
        text=True,
        check=False,
        cwd=TESTS.parent,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return output


def test_the_showcase_builds_to_its_golden_output(built):
    golden, ours = files(GOLDEN), files(built)
    assert len(golden) > 100
    assert golden == ours, readable_differences(golden, ours)


def test_the_diff_names_each_file_and_shows_the_changed_lines():
    golden = {"a.html": b"<p>one</p>\n<p>two</p>\n", "gone.xml": b"x"}
    built = {"a.html": b"<p>one</p>\n<p>2</p>\n", "new.txt": b"y"}
    said = readable_differences(golden, built)
    assert "no longer written: gone.xml" in said
    assert "newly written: new.txt" in said
    assert "changed: a.html" in said
    assert "-<p>two</p>" in said
    assert "+<p>2</p>" in said
    assert "make golden" in said
