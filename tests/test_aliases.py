"""The aliases plugin: parsing `Aliases:`, conflicts, redirect pages and the map."""

from __future__ import annotations

from pathlib import Path

import pytest

from common_ground_tools.check_content import main as check_main
from pelican.plugins.common_ground_aliases.core import (
    parse_aliases,
    relative_href,
    save_as_of,
)


@pytest.mark.parametrize(
    ("raw", "aliases"),
    [
        ("/2012/12/19/meh-sales/", ["/2012/12/19/meh-sales/"]),
        ("/2012/12/19/meh-sales", ["/2012/12/19/meh-sales/"]),
        ("/old/page.html, /b/", ["/old/page.html", "/b/"]),
        ("/caf%C3%A9/", ["/café/"]),
    ],
)
def test_parse_aliases_accepts_paths(raw, aliases):
    assert parse_aliases(raw) == (aliases, [])


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("/?p=12", "query"),
        ("old/page/", "starting with /"),
        ("https://example.org/x/", "starting with /"),
        ("/a/../../etc/", "not a plain path"),
        ("/", "home page"),
    ],
)
def test_parse_aliases_refuses_what_cannot_be_a_static_page(raw, problem):
    aliases, problems = parse_aliases(raw)
    assert aliases == []
    assert problem in problems[0]


def test_save_as_and_relative_links():
    assert save_as_of("/2012/12/19/x/") == "2012/12/19/x/index.html"
    assert save_as_of("/old/page.html") == "old/page.html"
    assert (
        relative_href("2012/12/19/x/index.html", "posts/x/") == "../../../../posts/x/"
    )
    assert relative_href("old.html", "posts/x/") == "posts/x/"


def test_conflicts_warn_naming_both_files_and_the_real_page_wins(
    fixture_content, site_builder
):
    content = fixture_content("aliases_conflicts")
    result = site_builder(content)
    first = str(content / "posts" / "first.md")
    second = str(content / "posts" / "second.md")
    warnings = result.warnings
    assert any(
        w.startswith(f"aliases: {second}: alias /old/shared/ is also claimed by")
        and w.endswith(f"{first}, which keeps it")
        for w in warnings
    )
    assert any(
        w.startswith(f"aliases: {first}: alias /tags/ is the address of the tags")
        for w in warnings
    )
    assert any(f"aliases: {second}: alias '/?p=12' has a query" in w for w in warnings)
    assert any(
        w.startswith(f"aliases: {second}: alias /archives/2024/ is the address of a")
        for w in warnings
    )
    assert len(warnings) == 4
    shared = result.read("old/shared/index.html")
    assert 'href="../../posts/first-claim/"' in shared
    assert "Moved" not in result.read("tags/index.html")
    assert 'url=../posts/first-claim/"' in result.read("old/first.html")
    assert result.read("aliases.txt").splitlines()[2:] == [
        "/old/first.html /posts/first-claim/",
        "/old/shared/ /posts/first-claim/",
    ]


def test_make_check_warns_about_an_alias_the_build_would_refuse(capsys):
    content = Path(__file__).parent / "fixtures" / "aliases_conflicts"
    assert check_main(["--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "second.md:4: warning: alias '/?p=12' has a query" in out
