"""`make check`: each kind of content problem is reported once, at its path and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, SHOWCASE_SETTINGS

from common_ground_core.header import parse_header
from common_ground_core.source import derive_slug, load_settings, read_source
from common_ground_tools.check_content import main
from common_ground_tools.date_reading import other_reading

FIXTURES = Path(__file__).parent / "fixtures"

# fixture name, file (relative to the fixture), line, severity, message fragment
CASES = [
    ("check_post_missing_title", "posts/untitled.md", 1, "error", "Title"),
    ("check_post_missing_date", "posts/undated.md", 1, "error", "Date"),
    ("check_post_bad_date", "posts/bad-date.md", 3, "error", "unparseable Date"),
    ("check_post_bad_modified", "posts/bad-modified.md", 3, "error", "Modified"),
    (
        "check_post_date_offset",
        "posts/offset.md",
        3,
        "error",
        "Date '2024-05-01T10:00:00+25:00': its UTC offset is not between",
    ),
    (
        "check_post_ambiguous_date",
        "posts/european.md",
        3,
        "warning",
        "Date '06.12.2026 18:49' is read as June 12, 2026 (2026-06-12), "
        "not December 6, 2026",
    ),
    (
        "check_post_unknown_zone",
        "posts/zone.md",
        3,
        "warning",
        "Date '2024-05-01 10:00 PST': the time zone 'PST' is not understood, so the "
        "time is read in the site's TIMEZONE; write a UTC offset instead",
    ),
    ("check_post_unknown_status", "posts/status.md", 3, "error", "Status 'publish'"),
    ("check_post_empty_series", "posts/series.md", 3, "error", "empty Series"),
    ("check_post_bad_series_index", "posts/index.md", 4, "error", "'two'"),
    (
        "check_post_series_index_without_series",
        "posts/index.md",
        3,
        "warning",
        "Series_index without Series",
    ),
    (
        "check_post_lesson_without_series",
        "posts/lesson.md",
        3,
        "warning",
        "Lesson without Series",
    ),
    ("check_post_bad_reading_time", "posts/minutes.md", 3, "error", "Reading_time"),
    ("check_post_bad_comments", "posts/comments.md", 3, "error", "'maybe'"),
    (
        "check_post_duplicate_key",
        "posts/twice.md",
        3,
        "error",
        "duplicate metadata key",
    ),
    ("check_duplicate_slug", "posts/copy.md", 1, "error", "duplicate slug 'base-post'"),
    (
        "check_broken_filename_link",
        "posts/linker.md",
        6,
        "error",
        "{filename} link to '/posts/missing.md'",
    ),
    (
        "check_broken_static_link",
        "posts/image.md",
        4,
        "error",
        "{static} link to '/images/gone.png'",
    ),
    (
        "check_comment_missing_author",
        "comments/base-post/c001.md",
        1,
        "error",
        "Author",
    ),
    ("check_comment_bad_date", "comments/base-post/c001.md", 2, "error", "Date"),
    (
        "check_comment_unknown_status",
        "comments/base-post/c001.md",
        3,
        "error",
        "Status 'approved'",
    ),
    (
        "check_comment_unknown_type",
        "comments/base-post/c001.md",
        3,
        "error",
        "Type 'trackback'",
    ),
    (
        "check_comment_pingback_without_source",
        "comments/base-post/p001.md",
        1,
        "error",
        "a pingback needs Title and an http(s) Source",
    ),
    (
        "check_comment_missing_parent",
        "comments/base-post/c002.md",
        3,
        "error",
        "Replyto 'c999'",
    ),
    (
        "check_comment_reply_to_pending",
        "comments/base-post/c002.md",
        3,
        "error",
        "Replyto 'c001' names a pending comment",
    ),
    (
        "check_comment_bad_id",
        "comments/base-post/c.1.md",
        1,
        "error",
        "comment id 'c.1' may only hold",
    ),
    (
        "check_comment_too_big",
        "comments/base-post/c001.md",
        1,
        "error",
        "over COMMENTS_MAX_BYTES (20000 bytes)",
    ),
    (
        "check_comment_reply_cycle",
        "comments/base-post/c001.md",
        3,
        "error",
        "replies to itself",
    ),
    (
        "check_comment_orphan_folder",
        "comments/no-such-post",
        1,
        "error",
        "no post has the slug 'no-such-post'",
    ),
    ("check_comment_outside_folder", "comments/c001.md", 1, "error", "belong in"),
    ("check_comment_empty_body", "comments/base-post/c001.md", 1, "error", "empty"),
    (
        "check_comment_invalid_utf8",
        "comments/base-post/c001.md",
        4,
        "error",
        "invalid UTF-8",
    ),
    (
        "check_comment_duplicate_id",
        "comments/base-post/c001.md",
        1,
        "error",
        "duplicate comment id 'c001'",
    ),
    (
        "check_post_links_draft",
        "posts/public.md",
        4,
        "error",
        "{filename} link to 'plan.md' names a draft; the public site has no drafts",
    ),
]


def run_check(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    status = main(["--content", str(content), "--settings", str(SHOWCASE_SETTINGS)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("check: ")
    return status, lines[:-1]


@pytest.mark.parametrize(
    ("fixture", "relative", "line", "severity", "fragment"),
    CASES,
    ids=[case[0].removeprefix("check_") for case in CASES],
)
def test_each_problem_is_reported_once_at_its_line(
    capsys, fixture, relative, line, severity, fragment
):
    content = FIXTURES / fixture
    status, problems = run_check(content, capsys)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{content / relative}:{line}: {severity}: ")
    assert fragment in problems[0]
    assert status == (1 if severity == "error" else 0)


def test_every_problem_kind_has_its_own_fixture():
    fixtures = {p.name for p in FIXTURES.glob("check_*")} - {"check_valid"}
    assert fixtures == {case[0] for case in CASES}


def test_a_valid_tree_has_no_problems(capsys):
    status, problems = run_check(FIXTURES / "check_valid", capsys)
    assert (status, problems) == (0, [])


def test_the_showcase_content_has_no_errors(capsys):
    status, problems = run_check(SHOWCASE_CONTENT, capsys)
    assert status == 0, problems


def test_a_date_tie_in_a_series_names_both_files(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    for name, title in (("b.md", "Part Two"), ("a.md", "Part One")):
        (content / "posts" / name).write_text(
            f"Title: {title}\nDate: 2024-03-04 09:30\nSeries: Ties\n\nText.\n"
        )
    status, problems = run_check(content, capsys)
    assert status == 0
    assert problems == [
        f"{content}/posts/{name}:2: warning: series 'Ties': same Date as "
        f"{content}/posts/{other} (2024-03-04 09:30), so the parts are ordered by "
        "title; give the later part a later Date or each part a Series_index"
        for name, other in (("a.md", "b.md"), ("b.md", "a.md"))
    ]


def test_the_last_line_counts_in_proper_english(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts/a.md").write_text("Title: A\nDate: 06.12.2020\nStatus: x\n\nT\n")
    main(["--content", str(content)])
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == f"check: 1 error, 1 warning in {content}"


def test_problems_are_sorted_by_path_and_line(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts/b.md").write_text("Status: nope\nReading_time: x\n\nText.\n")
    (content / "posts/a.md").write_text("Title: A\nDate: never\n\nText.\n")
    _, problems = run_check(content, capsys)
    locations = [p.split(": ", 1)[0] for p in problems]
    assert locations == [
        f"{content}/posts/a.md:2",
        f"{content}/posts/b.md:1",  # missing Date
        f"{content}/posts/b.md:1",  # missing Title
        f"{content}/posts/b.md:1",  # unknown Status
        f"{content}/posts/b.md:2",
    ]


def test_a_file_that_cannot_be_read_is_a_problem_and_a_folder_is_no_post(
    tmp_path, capsys
):
    content = tmp_path / "content"
    (content / "posts" / "notes.md").mkdir(parents=True)  # a folder, not a post
    (content / "posts" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    status, problems = run_check(content, capsys)
    assert status == 1
    assert problems == [
        f"{content}/posts/gone.md:1: error: cannot be read (No such file or directory)"
    ]


def test_make_check_runs_the_checker_on_a_chosen_tree():
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "check",
            "INPUTDIR=" + str(FIXTURES / "check_post_bad_date"),
            f"CONFFILE={SHOWCASE_SETTINGS}",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "bad-date.md:3: error: unparseable Date" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Title: A\nDate: 2024-01-01\n\nBody",
            {"title": ("A", 1), "date": ("2024-01-01", 2)},
        ),
        ("---\nTitle: A\n---\nBody", {"title": ("A", 2)}),
        ("Title: A\n    continued\n\nBody", {"title": ("A continued", 1)}),
        ("Title: A\nTitle: B\n\n", {"title": ("A", 1)}),
        ("Just a paragraph\nTitle: no\n", {}),
    ],
)
def test_parse_header_keeps_the_line_of_each_key(text, expected):
    assert parse_header(text).fields == expected


def test_parse_header_numbers_body_lines_from_the_file_start():
    body = parse_header("Title: A\n\nfirst\nsecond\n").body_lines()
    assert body == [(3, "first"), (4, "second"), (5, "")]


def test_the_checker_runs_as_a_script(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "tools/check_content.py",
            "--content",
            str(FIXTURES / "check_valid"),
            "--settings",
            str(SHOWCASE_SETTINGS),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stdout


TRICKY_TITLES = [
    "What's next? C++ & you",
    "Ünïcode — and a dash",
    "  Spaces   everywhere  ",
    "<em>Marked</em> up",
    "100% honest: the 2nd lesson",
]


def test_slugs_are_derived_exactly_as_pelican_derives_them(tmp_path, site_builder):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    for number, title in enumerate(TRICKY_TITLES):
        (content / f"posts/p{number}.md").write_text(
            f"Title: {title}\nDate: 2024-01-0{number + 1}\n\nText.\n"
        )
    settings = load_settings(SHOWCASE_SETTINGS, content)
    derived = {
        derive_slug(read_source(path, path.name), settings)
        for path in sorted((content / "posts").glob("*.md"))
    }
    result = site_builder(content)
    assert result.warnings == []
    built = {p.parent.name for p in (result.output / "posts").glob("*/index.html")}
    assert derived == built
    assert len(built) == len(TRICKY_TITLES)


def test_a_lesson_in_a_series_joined_by_a_settings_rule_is_fine(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    # pelicanconf.py's SERIES_RULES put every post tagged lessons-learned in a series.
    (content / "posts/ruled.md").write_text(
        "Title: Ruled\nDate: 2024-03-05\nTags: lessons-learned\n"
        "Lesson: Rules count as membership.\n\nText.\n"
    )
    assert run_check(content, capsys) == (0, [])


@pytest.mark.parametrize(
    ("value", "ambiguous"),
    [
        ("06.12.2026 18:49", True),
        ("12/06/2026", True),
        ("2026-12-06 18:49", False),
        ("2026/12/06", False),
        ("13.12.2026", False),
        ("December 6, 2026", False),
        ("6.6.2026", False),
    ],
)
def test_a_date_is_ambiguous_when_day_first_reads_another_day(value, ambiguous):
    assert (other_reading(value) is not None) is ambiguous


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = = 1", "pelicanconf.py:2: SyntaxError: invalid syntax"),
        ("import no_such_module_here", "pelicanconf.py:2: ModuleNotFoundError"),
        ("X = undefined_name", "pelicanconf.py:2: NameError"),
    ],
    ids=["syntax", "import", "name"],
)
def test_a_broken_settings_file_is_named_with_its_line_not_a_traceback(
    tmp_path, line, expected
):
    (tmp_path / "content").mkdir()
    (tmp_path / "pelicanconf.py").write_text(f'SITENAME = "A"\n{line}\n')
    # publishconf.py imports pelicanconf.py: the fault is named where it is.
    (tmp_path / "publishconf.py").write_text("from pelicanconf import *\n")
    for settings in ("pelicanconf.py", "publishconf.py"):
        result = subprocess.run(
            [
                *(sys.executable, "-m", "common_ground_tools.check_content"),
                *("--content", "content", "--settings", settings),
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"settings: {expected}"), result.stderr


def test_settings_the_build_stops_on_are_named_by_check(tmp_path, capsys, caplog):
    (tmp_path / "content").mkdir()
    conf = tmp_path / "pelicanconf.py"
    conf.write_text('READING_TIME_WPM = "fast"\nTIMEZONE = "Mars/Olympus"\n')
    status = main(["--content", str(tmp_path / "content"), "--settings", str(conf)])
    assert status == 2
    # The plugin logs its bad setting as in the build (`make check` shows it).
    assert (
        "reading_time: bad setting READING_TIME_WPM='fast': expected a positive number"
    ) in caplog.messages
    assert capsys.readouterr().err.splitlines() == [
        "check: bad setting TIMEZONE='Mars/Olympus': expected a time zone name "
        "such as 'Europe/Paris' or 'UTC'",
        f"check: fix the settings named above in {conf}",
    ]
