"""The build summary: one line at the end of every build, and no file written."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from blinker import ANY
from pelican import Pelican, signals
from pelican.settings import read_settings
from sitebuild import (
    PROJECT_ROOT,
    SHOWCASE_PUBLISH_SETTINGS,
    SHOWCASE_SETTINGS,
    run_pelican,
)

from common_ground_tools import check_content
from common_ground_tools.publish import publish
from pelican.plugins.common_ground_aliases.plugin import write_redirects
from pelican.plugins.common_ground_build_summary.core import (
    BuildCounts,
    BuildLog,
    counts_from_context,
    format_summary,
)

# The showcase's settings, never the author's pelicanconf.py.
SITE = ["--settings", str(SHOWCASE_SETTINGS)]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (
            BuildCounts(),
            "Build summary: 0 posts, 0 pages, 0 series, comments 0 published / "
            "0 pending, 0 pingbacks, 0 errors, 0 warnings, 0.00 s",
        ),
        (
            BuildCounts(1, 1, 1, 1, 0, 1, 1, 0.456),
            "Build summary: 1 post, 1 page, 1 series, comments 1 published / "
            "0 pending, 1 pingback, 0 errors, 1 warning, 0.46 s",
        ),
        (
            BuildCounts(15, 2, 3, 12, 4, 7, 0, 2.0),
            "Build summary: 15 posts, 2 pages, 3 series, comments 12 published / "
            "4 pending, 7 pingbacks, 0 errors, 0 warnings, 2.00 s",
        ),
        (
            BuildCounts(2, 0, 0, 0, 0, 0, 0, 1.0, errors=1),
            "Build summary: 2 posts, 0 pages, 0 series, comments 0 published / "
            "0 pending, 0 pingbacks, 1 error, 0 warnings, 1.00 s; content is "
            "missing from the site: run `make check` to see why",
        ),
    ],
)
def test_format_summary(counts, expected):
    assert format_summary(counts) == expected


def test_counts_come_from_the_context_contracts():
    context = {
        "articles": ["a", "b", "c"],
        "pages": ["p"],
        "series_list": ["s1", "s2"],
        "comment_stats": {"published": 5, "pending": 2, "spam": 9, "pingbacks": 3},
    }
    assert counts_from_context(context, warnings=4, seconds=1.5) == BuildCounts(
        3, 1, 2, 5, 2, 3, 4, 1.5
    )


@pytest.mark.parametrize(
    "context",
    [{}, {"series_list": None, "comment_stats": None}, {"comment_stats": {"x": 1}}],
)
def test_absent_or_odd_context_keys_count_zero(context):
    assert counts_from_context(context, 0, 0.0) == BuildCounts()


def test_build_log_counts_warnings_and_errors_apart():
    log = BuildLog()
    logger = logging.getLogger("build_summary.test")
    logger.addHandler(log)
    try:
        logger.info("not counted")
        logger.warning("a warning")
        logger.error("an error")
        logger.critical("another error")
    finally:
        logger.removeHandler(log)
    assert (log.warnings, log.errors) == (1, 2)


def summary_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Build summary:")]


def test_a_build_prints_one_summary_line(fixture_content, site_builder, capsys):
    result = site_builder(fixture_content("site_minimal"))
    assert result.warnings == []
    lines = summary_lines(capsys.readouterr().out)
    assert len(lines) == 1
    assert lines[0].startswith("Build summary: 2 posts, 1 page, 0 series, ")
    assert ", 0 errors, 0 warnings, " in lines[0]
    assert "make check" not in lines[0]
    assert lines[0].endswith(" s")


def test_the_summary_counts_the_build_warnings(fixture_content, site_builder, capsys):
    content = fixture_content("site_minimal")
    post = content / "posts/second-post.md"
    post.write_text(
        post.read_text() + '\n<img alt="" src="{static}/images/square.svg">\n'
    )
    result = site_builder(content)
    assert len(result.warnings) == 1
    (line,) = summary_lines(capsys.readouterr().out)
    assert ", 1 warning, " in line


def test_the_summary_stops_counting_after_the_build(
    fixture_content, site_builder, capsys
):
    site_builder(fixture_content("site_minimal"))
    counters = [h for h in logging.getLogger().handlers if type(h) is BuildLog]
    assert counters == []
    # Pelican's loggers are left as they were: no filter of ours rewrites them.
    generators = logging.getLogger("pelican.generators")
    assert all(type(f).__module__.startswith("pelican.log") for f in generators.filters)
    # The `finalized` receivers the summary held are connected again.
    assert write_redirects in signals.finalized.receivers_for(ANY)
    capsys.readouterr()


def showcase_plugins() -> list[str]:
    """Return the showcase's PLUGINS list, as its settings file gives it."""
    return read_settings(str(SHOWCASE_SETTINGS))["PLUGINS"]


@pytest.mark.parametrize("reverse", [False, True], ids=["PLUGINS", "reversed"])
def test_the_summary_counts_warnings_logged_at_finalized(
    fixture_content, site_builder, capsys, reverse
):
    # The aliases plugin reports clashes at `finalized`, where the summary prints.
    plugins = showcase_plugins()[::-1] if reverse else showcase_plugins()
    result = site_builder(
        fixture_content("aliases_conflicts"), overrides={"PLUGINS": plugins}
    )
    assert len(result.warnings) == 4
    (line,) = summary_lines(capsys.readouterr().out)
    assert f", 0 errors, {len(result.warnings)} warnings, " in line


def test_the_summary_reads_series_and_comment_stats(
    fixture_content, site_builder, capsys
):
    result = site_builder(fixture_content("check_valid"))
    assert result.warnings == []
    (line,) = summary_lines(capsys.readouterr().out)
    assert line.startswith("Build summary: 2 posts, 1 page, 1 series, ")
    assert ", comments 1 published / 1 pending, " in line
    assert not list(result.output.rglob("*summary*"))


def test_each_autoreload_run_counts_afresh(fixture_content, tmp_path, capsys):
    content = fixture_content("site_minimal")
    post = content / "posts/second-post.md"
    clean = post.read_text()
    post.write_text(clean + '\n<img alt="" src="{static}/images/square.svg">\n')
    settings = read_settings(
        str(SHOWCASE_SETTINGS),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "THEME": str(PROJECT_ROOT / "theme"),
        },
    )
    # One Pelican instance runs again and again, as `make devserver` does.
    pelican = Pelican(settings)
    pelican.run()
    post.write_text(clean)
    pelican.run()
    first, second = summary_lines(capsys.readouterr().out)
    assert ", 1 warning, " in first
    assert ", 0 warnings, " in second


def test_cached_builds_count_afresh(fixture_content, site_builder, capsys):
    # Pelican's content cache pickles articles together with their settings dict.
    content = fixture_content("site_minimal")
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = site_builder(content, overrides=cached)
    second = site_builder(content, overrides=cached)
    assert first.warnings == second.warnings == []
    summaries = [
        line for line in capsys.readouterr().out.splitlines() if "Build summary" in line
    ]
    assert len(summaries) == 2
    assert all("0 warnings" in line for line in summaries)


def broken_tree(fixture_content) -> Path:
    """Return site_minimal plus two posts Pelican's reader gives up on, one skipped."""
    content = fixture_content("site_minimal")
    (content / "posts/bad-date.md").write_text(
        "Title: Bad Date\nDate: never\n\nText.\n", encoding="utf-8"
    )
    (content / "posts/latin1.md").write_bytes(
        b"Title: Latin-1\nDate: 2024-01-01\n\nCaf\xe9.\n"
    )
    # Left out on purpose: Pelican skips it quietly, and so does the summary.
    (content / "posts/skipped.md").write_text(
        "Title: Skipped\nDate: 2024-01-01\nStatus: skip\n\nText.\n", encoding="utf-8"
    )
    return content


@pytest.mark.parametrize(
    "plugins",
    [None, ["pelican.plugins.common_ground_build_summary"]],
    ids=["all plugins", "build_summary alone"],
)
def test_a_post_that_cannot_be_read_says_why_and_counts_as_an_error(
    fixture_content, tmp_path, capsys, plugins
):
    content = broken_tree(fixture_content)
    # No content cache: it would land in the project's cache/ and mix plugin sets.
    overrides = [
        "SEARCH_INDEX=false",
        "CACHE_CONTENT=false",
        "LOAD_CONTENT_CACHE=false",
    ]
    if plugins is not None:
        overrides.append(f"PLUGINS={json.dumps(plugins)}")
    status, said = run_pelican(content, tmp_path / "output", *overrides)
    assert status == 0  # `make html` still builds the rest; `make publish` refuses
    assert (
        "build_summary: posts/bad-date.md: left out of the site: "
        "line 2: unparseable Date 'never'"
    ) in said
    assert (
        "build_summary: posts/latin1.md: left out of the site: line 4: invalid UTF-8"
    ) in said
    assert "skipped.md" not in said
    assert "Traceback" not in said
    # Every ERROR record counts: Pelican's "Could not process" and ours.
    (line,) = summary_lines(said)
    assert ", 4 errors, 0 warnings, " in line
    assert line.endswith("run `make check` to see why")
    # `make check` says the same words, with the file and line.
    assert check_content.main(["--content", str(content), *SITE]) == 1
    checked = capsys.readouterr().out
    assert f"{content}/posts/bad-date.md:2: error: unparseable Date 'never'" in checked
    assert f"{content}/posts/latin1.md:4: error: invalid UTF-8" in checked


def test_publish_still_refuses_a_tree_with_an_unreadable_post(
    fixture_content, tmp_path, capsys
):
    content = broken_tree(fixture_content)
    output = tmp_path / "output"
    status = publish(content, output, SHOWCASE_PUBLISH_SETTINGS)
    assert status != 0
    assert "unparseable Date 'never'" in capsys.readouterr().out
    assert not (output / "index.html").exists()


def test_the_build_state_is_not_kept_in_the_settings(fixture_content, tmp_path):
    settings = read_settings(
        str(SHOWCASE_SETTINGS),
        override={
            "PATH": str(fixture_content("site_minimal")),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "THEME": str(PROJECT_ROOT / "theme"),
            "SEARCH_INDEX": False,
        },
    )
    pelican = Pelican(settings)
    keys = set(pelican.settings)
    pelican.run()
    assert set(pelican.settings) == keys


def test_a_date_offset_beyond_a_day_leaves_out_the_post_without_a_traceback(
    fixture_content, tmp_path
):
    content = fixture_content("site_minimal")
    (content / "posts/far.md").write_text(
        "Title: Far\nDate: 2024-05-01T10:00:00+25:00\n\nText.\n", encoding="utf-8"
    )
    status, said = run_pelican(
        content, tmp_path / "output", "SEARCH_INDEX=false", "CACHE_CONTENT=false"
    )
    assert "Traceback" not in said
    assert status == 0, said
    assert (
        "build_summary: posts/far.md: left out of the site: line 2: Date "
        "'2024-05-01T10:00:00+25:00': its UTC offset is not between -24:00 and +24:00"
    ) in said
    assert (tmp_path / "output/index.html").is_file()


def test_an_unknown_timezone_stops_the_build_with_one_line(fixture_content, tmp_path):
    content = fixture_content("site_minimal")
    status, said = run_pelican(
        content, tmp_path / "output", "SEARCH_INDEX=false", 'TIMEZONE="Mars/Olympus"'
    )
    assert status == 1
    assert "Traceback" not in said
    assert (
        "build_summary: bad setting TIMEZONE='Mars/Olympus': expected a time zone "
        "name such as 'Europe/Paris' or 'UTC'"
    ) in " ".join(said.split())
    assert "Could not process" not in said
