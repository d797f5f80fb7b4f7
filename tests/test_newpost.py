"""`make newpost` writes a valid, dated skeleton and never overwrites."""

from __future__ import annotations

import subprocess
import sys

import newpost
from sitebuild import PROJECT_ROOT


def test_newpost_writes_a_post_that_builds(tmp_path, site_builder):
    posts = tmp_path / "content" / "posts"
    code = newpost.main(
        [
            "--title",
            "Listening Twice",
            "--series",
            "Ear Training",
            "--posts-dir",
            str(posts),
        ]
    )
    assert code == 0
    target = posts / "listening-twice.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Title: Listening Twice\nDate: ")
    assert "Slug: listening-twice" in text
    assert "Series: Ear Training" in text
    assert "Status: draft" in text
    # Publishing it is a one-line change, and then it builds cleanly.
    target.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")
    result = site_builder(tmp_path / "content")
    assert result.warnings == []
    assert (result.output / "posts/listening-twice/index.html").is_file()


def test_newpost_refuses_to_overwrite(tmp_path, capsys):
    posts = tmp_path / "posts"
    assert newpost.main(["--title", "Same", "--posts-dir", str(posts)]) == 0
    before = (posts / "same.md").read_text(encoding="utf-8")
    assert newpost.main(["--title", "Same", "--posts-dir", str(posts)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (posts / "same.md").read_text(encoding="utf-8") == before


def test_make_newpost_without_title_fails_clearly(tmp_path):
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tools/newpost.py"), "--title", " "],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert "give a title" in result.stderr
