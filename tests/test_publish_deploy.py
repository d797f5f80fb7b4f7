"""`make upload` and `make github` deploy only what a successful publish wrote."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_PUBLISH_SETTINGS

from common_ground_tools.deploy import ghp_import_command, rsync_command
from common_ground_tools.publish import publish
from common_ground_tools.publish_state import verify_published

DEPLOY = [sys.executable, str(PROJECT_ROOT / "tools" / "deploy.py")]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


@pytest.fixture
def published(fixture_content, tmp_path, capsys):
    content = fixture_content("site_minimal")
    output = tmp_path / "output"
    assert publish(content, output, SHOWCASE_PUBLISH_SETTINGS) == 0
    capsys.readouterr()
    return content, output


def deploy(*args: str, cwd=PROJECT_ROOT, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*DEPLOY, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_upload_copies_the_published_site(published, tmp_path):
    _, output = published
    target = tmp_path / "server" / "www"
    target.mkdir(parents=True)
    (target / "old.html").write_text("removed by --delete")
    result = deploy("upload", "--output", str(output), "--target", f"{target}/")
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").read_bytes() == (output / "index.html").read_bytes()
    assert not (target / "old.html").exists()


def test_upload_dry_run_changes_nothing(published, tmp_path):
    _, output = published
    target = tmp_path / "www"
    target.mkdir()
    result = deploy(
        "upload", "--output", str(output), "--target", f"{target}/", "--dry-run"
    )
    assert result.returncode == 0, result.stderr
    assert "--dry-run" in result.stdout
    assert list(target.iterdir()) == []


def test_upload_reads_the_destination_from_the_environment(published, tmp_path):
    _, output = published
    target = tmp_path / "www"
    result = deploy(
        "upload", "--output", str(output), env={"DEPLOY_TARGET": f"{target}/"}
    )
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file()


def test_upload_without_a_destination_says_how_to_give_one(published):
    _, output = published
    result = deploy("upload", "--output", str(output), env={"DEPLOY_TARGET": ""})
    assert result.returncode == 2
    assert "DEPLOY_TARGET=" in result.stderr


@pytest.mark.parametrize("how", ["upload", "github"])
def test_deploy_refuses_after_a_failed_publish(published, tmp_path, capsys, how):
    content, output = published
    (content / "posts/first-post.md").write_text("Date: 2024-01-01\n\nNo title.\n")
    assert publish(content, output, SHOWCASE_PUBLISH_SETTINGS) == 1
    capsys.readouterr()
    target = tmp_path / "www"
    result = deploy(how, "--output", str(output), "--target", str(target), "--dry-run")
    assert result.returncode == 1
    assert "refusing to deploy: the last publish failed" in result.stderr
    assert "content check" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("how", ["upload", "github"])
def test_deploy_refuses_when_nothing_was_published(tmp_path, how):
    output = tmp_path / "output"
    output.mkdir()
    result = deploy(how, "--output", str(output), "--target", str(tmp_path / "www"))
    assert result.returncode == 1
    assert "no publish recorded" in result.stderr


def test_deploy_refuses_when_output_changed_after_publish(published, tmp_path):
    _, output = published
    (output / "index.html").write_text("a development build wrote over it")
    assert "changed since the last publish" in verify_published(output)
    result = deploy("upload", "--output", str(output), "--target", str(tmp_path / "w"))
    assert result.returncode == 1
    assert "changed since the last publish" in result.stderr


def test_github_commits_the_site_to_the_gh_pages_branch(published, tmp_path):
    _, output = published
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = deploy(
        "github",
        "--output",
        str(output),
        "--branch",
        "gh-pages",
        "--dry-run",
        cwd=repo,
        env=GIT_ENV,
    )
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "index.html" in listing
    assert ".nojekyll" in listing
    assert "posts/a-first-post/index.html" in listing


def test_the_commands_are_the_documented_ones(tmp_path):
    output = tmp_path / "output"
    assert rsync_command(output, "me@host:/srv/www", dry_run=True) == [
        "rsync",
        "-rlvzc",
        "--delete",
        "--human-readable",
        "--dry-run",
        f"{output}/",
        "me@host:/srv/www",
    ]
    pushing = ghp_import_command(output, "gh-pages", dry_run=False)
    assert pushing[0].endswith("ghp-import")
    assert "--push" in pushing
    assert "--push" not in ghp_import_command(output, "gh-pages", dry_run=True)
