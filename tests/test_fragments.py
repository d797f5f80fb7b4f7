"""The fragments plugin: a per-build memo of listing partials; output unchanged."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest
from fragments.memo import GLOBAL_NAME, FragmentMemo, install
from jinja2 import DictLoader, Environment
from pelican.settings import get_settings_from_file
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, build_site

SHOWCASE = SHOWCASE_CONTENT


class Post:
    """A post whose title counts how often a template reads it."""

    def __init__(self, title: str) -> None:
        self._title = title
        self.reads = 0

    @property
    def title(self) -> str:
        self.reads += 1
        return self._title


def environment() -> Environment:
    return Environment(
        loader=DictLoader(
            {
                "summary.html": "<a href='{{ SITEURL }}/x'>{{ article.title }}</a>",
                "list.html": "{% for p in posts %}{{ render_once('summary.html', p) }}"
                "{% endfor %}",
            }
        )
    )


def test_each_post_is_rendered_once_per_siteurl():
    env = environment()
    memo = install(env)
    first, second = Post("One"), Post("Two")
    page = env.get_template("list.html")
    html = page.render(posts=[first, second, first], SITEURL="")
    assert html == "<a href='/x'>One</a><a href='/x'>Two</a><a href='/x'>One</a>"
    assert (first.reads, second.reads, memo.hits) == (1, 1, 1)
    # A page at another depth (RELATIVE_URLS) has another SITEURL: rendered anew.
    deeper = page.render(posts=[first], SITEURL="..")
    assert deeper == "<a href='../x'>One</a>"
    assert first.reads == 2


def test_an_object_with_a_reused_id_is_not_served_old_text():
    env = environment()
    memo = FragmentMemo(env)
    kept = Post("Kept")
    memo.render({"SITEURL": ""}, "summary.html", kept)
    # Forge an entry under another object's id: identity, not id, decides a hit.
    other = Post("Other")
    key = ("summary.html", id(other), "")
    memo.rendered[key] = (kept, *memo.rendered[("summary.html", id(kept), "")][1:])
    assert "Other" in memo.render({"SITEURL": ""}, "summary.html", other)


def test_install_adds_the_global_the_theme_looks_for():
    env = environment()
    install(env)
    assert GLOBAL_NAME in env.globals


def _differences(one: Path, other: Path) -> list[str]:
    differences = []
    for folder, _, files in os.walk(one):
        for name in files:
            mine = Path(folder) / name
            theirs = other / mine.relative_to(one)
            if not theirs.is_file() or not filecmp.cmp(mine, theirs, shallow=False):
                differences.append(str(mine.relative_to(one)))
    return differences


@pytest.mark.parametrize("relative_urls", [False, True])
def test_site_is_byte_identical_with_and_without_the_memo(tmp_path, relative_urls):
    plugins = get_settings_from_file(str(PROJECT_ROOT / "pelicanconf.py"))["PLUGINS"]
    assert "fragments" in plugins
    common = {"SEARCH_INDEX": False, "RELATIVE_URLS": relative_urls}
    with_memo = build_site(SHOWCASE, tmp_path / "with", overrides=common)
    without = build_site(
        SHOWCASE,
        tmp_path / "without",
        overrides={**common, "PLUGINS": [p for p in plugins if p != "fragments"]},
    )
    assert with_memo.warnings == []
    assert _differences(with_memo.output, without.output) == []
    assert _differences(without.output, with_memo.output) == []
    # The listings did go through the memo: the home page lists posts.
    assert "post-summary" in with_memo.read("index.html")
