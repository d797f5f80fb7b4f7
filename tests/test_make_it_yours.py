"""The suite passes unchanged after the README's "Make it yours" steps.

The steps are followed in a temporary copy of the repository (the files git
knows, committed or not), then a representative set of the fast tests runs
there: those that once built content/ or read pelicanconf.py as the site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT

from common_ground_core.source import load_settings

# Every test file that once read the project's own content/ or settings files,
# plus the golden output: each must keep passing on the author's own site.
FAST_SUBSET = [
    "tests/test_showcase.py",
    "tests/test_golden.py",
    "tests/test_newpost.py",
    "tests/test_check_content.py",
    "tests/test_config.py",
    "tests/test_jsonld.py",
    "tests/test_site_settings.py",
    "tests/test_reader_way.py",
    "tests/test_series.py",
    "tests/test_theme.py",
    "tests/test_feeds.py",
    "tests/test_comments_cli.py",
    "tests/test_import_cli.py",
    "tests/test_docs.py",
    "tests/test_publish.py",
    "tests/test_relative_links_build.py",
]
# What the README's steps set, as an author would.
OWN_SETTINGS = {
    "SITENAME": '"Field Notes of Robin"',
    "SITESUBTITLE": '"Things I learn while fixing bikes"',
    "AUTHOR": '"Robin Ahlgren"',
    "SITE_INTRO": '"Short notes from the workshop."',
    "TIMEZONE": '"Europe/Helsinki"',
    "COMMENTS_EMAIL": '"robin@example.net"',
    "SERIES_RULES": "[]",
}


def copy_of_the_repository(target: Path) -> Path:
    """Copy the files git knows (tracked or new, not ignored) into `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / name
        if not source.is_file():  # deleted in the work tree, still in the index
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    # The installed tools are the author's too; they are not copied.
    for shared in (".venv", "node_modules"):
        if (PROJECT_ROOT / shared).exists():
            (target / shared).symlink_to((PROJECT_ROOT / shared).resolve())
    return target


def set_setting(settings: Path, name: str, value: str) -> None:
    """Replace one top-level `NAME = ...` statement (one or more lines)."""
    text = settings.read_text(encoding="utf-8")
    statement = re.compile(
        rf"^{name} = (?:\(\n(?:.*\n)*?\)|\[\n(?:.*\n)*?\]|.*)$", re.M
    )
    assert statement.search(text), f"{settings.name} sets no {name}"
    settings.write_text(statement.sub(f"{name} = {value}", text, count=1))


def make_it_yours(repo: Path) -> None:
    """Follow the README's "Make it yours" steps 1 to 6."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "## Make it yours" in readme
    pelicanconf = repo / "pelicanconf.py"
    for name, value in OWN_SETTINGS.items():  # steps 1, 2, 3 and 5's rules
        set_setting(pelicanconf, name, value)
    publishconf = repo / "publishconf.py"  # step 4
    text = publishconf.read_text(encoding="utf-8")
    assert "https://common-ground.example.org" in text
    publishconf.write_text(
        text.replace("https://common-ground.example.org", "https://robin.example.net")
    )
    content = repo / "content"  # step 5
    for post in (content / "posts").iterdir():
        post.unlink()
    for folder in ("comments", "series"):
        shutil.rmtree(content / folder)
    for image in (content / "images").iterdir():
        image.unlink()
    (content / "pages/about.md").write_text(
        "Title: About\n\nI fix bikes and write down what I learn.\n",
        encoding="utf-8",
    )
    done = subprocess.run(  # step 6
        [sys.executable, "tools/newpost.py", "--title", "My first lesson"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (content / "posts/my-first-lesson.md").is_file()


def test_make_devserver_can_watch_every_static_path_after_make_it_yours(tmp_path):
    repo = copy_of_the_repository(tmp_path / "repo")
    make_it_yours(repo)
    settings = load_settings(repo / "pelicanconf.py", repo / "content")
    # Pelican's autoreload warns after every rebuild about a path it cannot watch.
    missing = [
        path
        for path in settings["STATIC_PATHS"]
        if not (repo / "content" / path).is_dir()
    ]
    assert missing == []


@pytest.mark.slow
def test_the_tests_pass_after_make_it_yours(tmp_path):
    repo = copy_of_the_repository(tmp_path / "repo")
    make_it_yours(repo)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser and not slow",
            *FAST_SUBSET,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    assert " failed" not in done.stdout
