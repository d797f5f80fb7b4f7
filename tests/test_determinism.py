"""Two publishes of the showcase, in different folders and settings, are identical.

The second build runs from another working directory, on a copy of content/ in
another folder, under another time zone and another hash seed (set and dict
ordering of strings differs between the processes), so anything that leaks a
path, the local time or an unordered iteration into the output shows up here.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import (
    PROJECT_ROOT,
    SHOWCASE_CONTENT,
    SHOWCASE_PUBLISH_SETTINGS,
    build_site,
)

from common_ground_tools.publish_state import marker_path


@dataclass
class Publish:
    output: Path
    status: int
    log: str


def publish_in_subprocess(
    content: Path, output: Path, cwd: Path, tz: str, seed: str
) -> Publish:
    env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed, "ALLOW_WARNINGS": ""}
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "publish.py"),
            "--content",
            str(content),
            "--output",
            str(output),
            "--settings",
            str(SHOWCASE_PUBLISH_SETTINGS),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Publish(output, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="module")
def two_publishes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publish, Publish]:
    first_root = tmp_path_factory.mktemp("first")
    second_root = tmp_path_factory.mktemp("second")
    copied = second_root / "elsewhere" / "content"
    shutil.copytree(SHOWCASE_CONTENT, copied)
    first = publish_in_subprocess(
        SHOWCASE_CONTENT, first_root / "output", PROJECT_ROOT, "UTC", "1"
    )
    second = publish_in_subprocess(
        copied, second_root / "site" / "output", second_root, "Pacific/Auckland", "2"
    )
    return first, second


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> str:
    """Describe the first few files that differ, with a short diff of each."""
    names = sorted(set(first) ^ set(second))
    names += [n for n in sorted(set(first) & set(second)) if first[n] != second[n]]
    details = []
    for name in names[:3]:
        diff = difflib.unified_diff(
            first.get(name, b"").decode("utf-8", "replace").splitlines(),
            second.get(name, b"").decode("utf-8", "replace").splitlines(),
            lineterm="",
            n=0,
        )
        details.append(f"{name}:\n" + "\n".join(list(diff)[:12]))
    return "\n\n".join(details)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_publish_succeeds_on_the_showcase(two_publishes):
    for run in two_publishes:
        assert run.status == 0, run.log
        assert "publish: done:" in run.log
        assert (run.output / "index.html").is_file()


@pytest.mark.slow
def test_two_publishes_are_byte_identical(two_publishes):
    first, second = (files(run.output) for run in two_publishes)
    assert first == second, differences(first, second)


@pytest.mark.slow
def test_the_publish_markers_are_identical_too(two_publishes):
    first, second = (marker_path(run.output).read_text() for run in two_publishes)
    assert first == second
    assert '"status": "ok"' in first


@pytest.mark.slow
def test_no_build_time_or_local_path_leaks_into_the_output(two_publishes):
    first, _ = two_publishes
    leaks = [str(PROJECT_ROOT).encode(), str(first.output.parent).encode()]
    for name, data in files(first.output).items():
        for leak in leaks:
            assert leak not in data, f"{name} contains {leak!r}"


def test_a_small_site_without_comments_builds_identically(fixture_content, tmp_path):
    # Production settings write every feed, empty ones included: an empty feed
    # must not fall back to the time of the build for its <updated>.
    content = fixture_content("site_minimal")
    builds = [
        build_site(content, tmp_path / name / "output", conf="publishconf.py")
        for name in ("one", "two")
    ]
    first, second = (files(build.output) for build in builds)
    assert first == second, differences(first, second)
