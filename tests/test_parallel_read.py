"""The parallel-read plugin: half the posts read by a forked helper, same site."""

from __future__ import annotations

import filecmp
import logging
import os
from pathlib import Path

import pytest
from parallel_read.config import ParallelReadConfigError, get_config
from parallel_read.split import worker_share
from pelican.settings import get_settings_from_file
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT
from sitebuild import build_site_in_fresh_process as build_site

PLUGINS = get_settings_from_file(str(PROJECT_ROOT / "pelicanconf.py"))["PLUGINS"]
WITHOUT = [name for name in PLUGINS if name != "parallel_read"]


@pytest.mark.parametrize(
    ("count", "least", "expected"),
    [(10, 40, 0), (40, 40, 20), (41, 40, 21), (3, 2, 2), (2, 2, 1)],
)
def test_helper_takes_the_second_half(count, least, expected):
    paths = [f"p{n:03}.md" for n in range(count)]
    share = worker_share(paths, least)
    assert len(share) == expected
    assert share == paths[count - expected :]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PARALLEL_READ", 1),
        ("PARALLEL_READ_MIN_FILES", 1),
        ("PARALLEL_READ_MIN_FILES", "40"),
        ("PARALLEL_READ_MIN_FILES", True),
    ],
)
def test_bad_setting_is_logged_by_name(caplog, name, value):
    with caplog.at_level(logging.ERROR), pytest.raises(ParallelReadConfigError):
        get_config({name: value})
    assert name in caplog.text


def _differences(one: Path, other: Path) -> list[str]:
    names = set()
    for root in (one, other):
        for folder, _, files in os.walk(root):
            names.update(str((Path(folder) / f).relative_to(root)) for f in files)
    return [
        name
        for name in sorted(names)
        if not (one / name).is_file()
        or not (other / name).is_file()
        or not filecmp.cmp(one / name, other / name, shallow=False)
    ]


def _helped(result) -> bool:
    said = [record.getMessage() for record in result.records]
    return any(m.startswith("parallel_read: a helper reads") for m in said)


def _problems(result) -> list[str]:
    return sorted(
        f"{r.levelname}: {r.getMessage()}"
        for r in result.records
        if r.levelno >= logging.WARNING
    )


def test_showcase_is_byte_identical_with_the_helper(tmp_path):
    common = {"SEARCH_INDEX": False, "PARALLEL_READ_MIN_FILES": 2}
    helped = build_site(SHOWCASE_CONTENT, tmp_path / "helped", overrides=common)
    alone = build_site(
        SHOWCASE_CONTENT, tmp_path / "alone", overrides={**common, "PLUGINS": WITHOUT}
    )
    assert _helped(helped)
    assert not _helped(alone)
    assert helped.warnings == alone.warnings == []
    assert _differences(helped.output, alone.output) == []


POST = """Title: Post {n}
Date: 2024-03-{n:02}
Category: Notes

Body of post {n}, with *emphasis*.
"""


def test_problems_in_the_helpers_half_are_reported_once_as_without_it(tmp_path):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    for n in range(1, 9):
        (content / f"post-{n}.md").write_text(POST.format(n=n), encoding="utf-8")
    # Every file is a candidate for either half: one fails to decode, one has a
    # date Pelican rejects, one an image without alt text (a warning).
    (content / "post-3.md").write_bytes(
        b"Title: Broken\nDate: 2024-03-03\n\n\xff\xfe\n"
    )
    (content / "post-5.md").write_text(
        POST.format(n=5).replace("2024-03-05", "someday"), encoding="utf-8"
    )
    (content / "post-7.md").write_text(
        POST.format(n=7) + '\n<img src="x.png" alt="">\n', encoding="utf-8"
    )
    common = {"SEARCH_INDEX": False, "PARALLEL_READ_MIN_FILES": 2}
    helped = build_site(tmp_path / "content", tmp_path / "helped", overrides=common)
    alone = build_site(
        tmp_path / "content",
        tmp_path / "alone",
        overrides={**common, "PLUGINS": WITHOUT},
    )
    assert _helped(helped)
    assert _problems(helped) == _problems(alone)
    assert _problems(alone)  # the tree does have problems to report
    assert _differences(helped.output, alone.output) == []


def test_cached_builds_read_alone(tmp_path):
    cached = {
        "SEARCH_INDEX": False,
        "PARALLEL_READ_MIN_FILES": 2,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    first = build_site(SHOWCASE_CONTENT, tmp_path / "out", overrides=cached)
    # Nothing cached yet: the first build is helped.
    assert _helped(first)
    again = build_site(SHOWCASE_CONTENT, tmp_path / "out", overrides=cached)
    assert not _helped(again)
    # Posts read by the helper must look exactly like posts read from Pelican's
    # cache later (down to the reader's name), or no page is ever reused.
    said = [record.getMessage() for record in again.records]
    assert any(m.startswith("render_cache: 0 pages rendered") for m in said), said
