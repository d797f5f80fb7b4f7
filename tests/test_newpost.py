"""`make newpost`: the site's clock, only lines with a value, names that exist."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_SETTINGS, extending

from common_ground_tools import check_content, newpost

SITE_ZONE = ZoneInfo("America/New_York")  # the showcase settings' TIMEZONE


def write_post(content: Path, name: str, header: str) -> None:
    path = content / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{header}\n\nText.\n", encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Return a journal: a two-part series in "Craft", more posts in "Notes"."""
    root = tmp_path / "content"
    write_post(
        root,
        "one.md",
        "Title: Part One\nDate: 2024-01-01\nCategory: Craft\nSeries: Ear Training",
    )
    write_post(
        root,
        "two.md",
        "Title: Part Two\nDate: 2024-01-08\nCategory: Craft\nSeries: Ear Training",
    )
    for number in range(3):
        write_post(
            root,
            f"note{number}.md",
            f"Title: Note {number}\nDate: 2024-02-0{number + 1}\nCategory: Notes",
        )
    return root


def run(content: Path, *argv: str, settings: Path | None = None) -> int:
    extra = ["--settings", str(settings or SHOWCASE_SETTINGS)]
    return newpost.main(["--content", str(content), *extra, *argv])


def test_newpost_writes_a_post_that_checks_and_builds_cleanly(
    content, site_builder, capsys
):
    assert run(content, "--title", "Listening Twice", "--series", "Ear Training") == 0
    target = content / "posts" / "listening-twice.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Title: Listening Twice\nDate: ")
    assert "Slug: listening-twice\n" in text
    assert "Series: Ear Training\n" in text
    assert "Status: draft\n" in text
    # Only lines that carry a value: no empty Lesson:, Tags: or Summary:.
    assert not re.search(r"^[A-Za-z_]+:\s*$", text, re.MULTILINE), text
    capsys.readouterr()
    # As written (a draft), `make check` has nothing to say about it.
    assert check_content.main(["--content", str(content)]) == 0
    assert capsys.readouterr().out.endswith(
        f"check: 0 errors, 0 warnings in {content}\n"
    )
    # Publishing it is a one-line change, and then it builds cleanly.
    target.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")
    result = site_builder(content)
    assert result.warnings == []
    assert (result.output / "posts/listening-twice/index.html").is_file()


def test_the_date_is_the_site_clock_not_the_machine_clock(content):
    # The machine says Tokyo (14 hours ahead of New York in winter, 13 in summer);
    # the site reads dates in America/New_York.
    before = dt.datetime.now(SITE_ZONE).replace(second=0, microsecond=0, tzinfo=None)
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools/newpost.py"),
            "--title",
            "Clock Check",
            "--content",
            str(content),
            "--settings",
            str(SHOWCASE_SETTINGS),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "Asia/Tokyo"},
        check=False,
    )
    after = dt.datetime.now(SITE_ZONE).replace(second=0, microsecond=0, tzinfo=None)
    assert done.returncode == 0, done.stderr
    text = (content / "posts/clock-check.md").read_text(encoding="utf-8")
    written = dt.datetime.strptime(
        re.search(r"^Date: (.*)$", text, re.MULTILINE)[1], "%Y-%m-%d %H:%M"
    )
    assert before <= written <= after


def test_the_category_comes_from_the_series_other_parts(content):
    assert run(content, "--title", "Part Three", "--series", "ear training") == 0
    text = (content / "posts/part-three.md").read_text(encoding="utf-8")
    # The existing spelling of the series, and its parts' category.
    assert "Series: Ear Training\n" in text
    assert "Category: Craft\n" in text


def test_outside_a_series_the_most_used_category_is_taken(content):
    assert run(content, "--title", "Loose Thought") == 0
    text = (content / "posts/loose-thought.md").read_text(encoding="utf-8")
    assert "Category: Notes\n" in text
    assert "Sales and Influence" not in text


def test_newpost_default_category_setting_wins_outside_a_series(content, tmp_path):
    settings = tmp_path / "site.py"
    settings.write_text(
        extending(SHOWCASE_SETTINGS) + '\nNEWPOST_DEFAULT_CATEGORY = "Field Notes"\n',
        encoding="utf-8",
    )
    assert run(content, "--title", "Elsewhere", settings=settings) == 0
    text = (content / "posts/elsewhere.md").read_text(encoding="utf-8")
    assert "Category: Field Notes\n" in text


@pytest.mark.parametrize(
    ("option", "typo", "suggestion"),
    [
        ("--series", "Ear Trainng", "Ear Training"),
        ("--category", "Craftt", "Craft"),
    ],
)
def test_a_name_close_to_an_existing_one_asks_did_you_mean(
    content, capsys, option, typo, suggestion
):
    assert run(content, "--title", "Typo", option, typo) == 1
    err = capsys.readouterr().err
    assert f"did you mean {suggestion!r}?" in err
    assert "NEW=1" in err
    assert not (content / "posts/typo.md").exists()
    # NEW=1 says the author means a new name.
    assert run(content, "--title", "Typo", option, typo, "--new") == 0
    assert typo in (content / "posts/typo.md").read_text(encoding="utf-8")


def test_a_name_far_from_any_existing_one_starts_a_new_series(content, capsys):
    assert run(content, "--title", "Fresh", "--series", "Pricing Diaries") == 0
    assert "starts a new series" in capsys.readouterr().out


def test_newpost_refuses_to_overwrite(content, capsys):
    assert run(content, "--title", "Same") == 0
    before = (content / "posts/same.md").read_text(encoding="utf-8")
    assert run(content, "--title", "Same") == 1
    assert "already exists" in capsys.readouterr().err
    assert (content / "posts/same.md").read_text(encoding="utf-8") == before


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


def test_a_new_series_part_comes_after_the_existing_parts(content):
    # The latest part is dated in the future (a minute the author scheduled):
    # a new part made now must still come after it, not tie or precede it.
    later = dt.datetime.now(SITE_ZONE) + dt.timedelta(days=2)
    write_post(
        content,
        "three.md",
        f"Title: Part Three\nDate: {later:%Y-%m-%d %H:%M}\nCategory: Craft\n"
        "Series: Ear Training",
    )
    assert run(content, "--title", "Part Four", "--series", "Ear Training") == 0
    text = (content / "posts/part-four.md").read_text(encoding="utf-8")
    expected = later.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    assert f"Date: {expected:%Y-%m-%d %H:%M}\n" in text


def test_two_parts_made_in_the_same_minute_keep_their_order(content, capsys):
    assert run(content, "--title", "Part Three", "--series", "Ear Training") == 0
    assert run(content, "--title", "Part Four", "--series", "Ear Training") == 0
    dates = {}
    for name in ("part-three", "part-four"):
        text = (content / f"posts/{name}.md").read_text(encoding="utf-8")
        dates[name] = re.search(r"^Date: (.*)$", text, re.MULTILINE)[1]
    assert dates["part-three"] < dates["part-four"]
    assert check_content.main(["--content", str(content)]) == 0
    assert "same Date" not in capsys.readouterr().out
