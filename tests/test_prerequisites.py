"""`make test` and the deploy commands say which outside program is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import PROJECT_ROOT

from common_ground_tools.prerequisites import TEST_PROGRAMS, missing, report
from common_ground_tools.publish import publish


def test_the_report_is_one_block_naming_each_program_and_the_install_command():
    absent = missing(TEST_PROGRAMS, which=lambda name: None)
    names = {p.name for p in absent}
    assert {"java", "node", "npm", "rsync", "git"} <= names
    text = report(absent)
    assert text.startswith("make test needs programs this machine does not have:")
    assert "  rsync" in text
    assert "sudo apt-get install" in text
    assert "openjdk-17-jre-headless" in text
    assert " rsync" in text


def test_nothing_is_said_when_everything_is_there():
    assert missing(TEST_PROGRAMS, which=lambda name: f"/usr/bin/{name}") == [
        p for p in TEST_PROGRAMS if p.path and not Path(p.path).is_file()
    ]


def path_without(tmp_path: Path, *left_out: str) -> str:
    """Return a PATH of one folder linking every program on PATH but `left_out`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            link = folder / name
            if name in left_out or link.exists():
                continue
            link.symlink_to(Path(directory, name))
    return str(folder)


def test_make_test_stops_first_when_rsync_is_missing(tmp_path):
    env = {**os.environ, "PATH": path_without(tmp_path, "rsync")}
    done = subprocess.run(
        ["make", "-s", "test"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "make test needs programs this machine does not have:" in done.stderr
    assert "sudo apt-get install rsync" in done.stderr
    # It stopped before any test ran.
    assert "passed" not in done.stdout
    assert "collected" not in done.stdout


def test_make_upload_without_rsync_says_so(tmp_path):
    output = tmp_path / "output"
    content = PROJECT_ROOT / "tests" / "fixtures" / "site_minimal"
    assert publish(content, output, PROJECT_ROOT / "publishconf.py") == 0
    env = {**os.environ, "PATH": path_without(tmp_path, "rsync")}
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "deploy.py"),
            "upload",
            "--output",
            str(output),
            "--target",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "upload: rsync is not installed on this machine" in done.stderr


def test_make_github_without_git_says_so(tmp_path):
    output = tmp_path / "output"
    content = PROJECT_ROOT / "tests" / "fixtures" / "site_minimal"
    assert publish(content, output, PROJECT_ROOT / "publishconf.py") == 0
    env = {**os.environ, "PATH": path_without(tmp_path, "git")}
    deploy = [sys.executable, str(PROJECT_ROOT / "tools" / "deploy.py"), "github"]
    done = subprocess.run(
        [*deploy, "--output", str(output), "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "github: git is not installed on this machine" in done.stderr
