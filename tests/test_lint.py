"""The code base stays clean under the project's ruff configuration."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sitebuild import PROJECT_ROOT


@pytest.mark.parametrize(
    "command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff_is_clean(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A path on the machine this project was made on, not in any clone of it.
OUTSIDE = b"/" + b"work/"


def test_no_source_file_points_outside_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "*.py", "*.sh", "*.md", "Makefile", ".ci/*"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    outside = [
        name
        for name in tracked
        if name and OUTSIDE in (PROJECT_ROOT / name).read_bytes()
    ]
    assert outside == []
