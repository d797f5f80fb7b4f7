"""Every plugin's settings are checked one way: one error line per bad setting.

The line is `<plugin>: bad setting <SETTING>=<value repr>: expected <what>`
(core/settings.py); a bad value stops the build at start with status 1.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

import pytest

from common_ground_core.settings import SettingsError
from common_ground_tools.inbox.settings import load_config as inbox_config
from common_ground_tools.webmention.config import load_config as mention_config
from pelican.plugins.common_ground_aliases.config import get_config as aliases
from pelican.plugins.common_ground_comments.config import get_config as comments
from pelican.plugins.common_ground_prune_output.config import prune_enabled
from pelican.plugins.common_ground_reading_time.config import (
    get_config as reading_time,
)
from pelican.plugins.common_ground_relative_links.config import (
    get_config as relative_links,
)
from pelican.plugins.common_ground_search.config import get_config as search
from pelican.plugins.common_ground_series.config import get_config as series
from pelican.plugins.common_ground_sitemap.config import get_config as sitemap

READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "aliases": aliases,
    "comments": comments,
    "reading_time": reading_time,
    "relative_links": relative_links,
    "search": search,
    "series": series,
    "sitemap": sitemap,
}
INBOX = "https://inbox.example.org"

# (plugin, settings, the setting named, its value shown, what was expected)
CASES = [
    # positive number
    (
        "reading_time",
        {"READING_TIME_WPM": 0},
        "READING_TIME_WPM",
        0,
        "a positive number",
    ),
    ("search", {"SEARCH_TIMEOUT": True}, "SEARCH_TIMEOUT", True, "a positive number"),
    # whole numbers
    (
        "reading_time",
        {"READING_TIME_IMAGE_SECONDS": 1.5},
        "READING_TIME_IMAGE_SECONDS",
        1.5,
        "a whole number >= 0",
    ),
    (
        "comments",
        {"COMMENTS_MAX_DEPTH": "3"},
        "COMMENTS_MAX_DEPTH",
        "3",
        "a positive whole number",
    ),
    # strings
    ("comments", {"COMMENTS_DIR": ""}, "COMMENTS_DIR", "", "a non-empty string"),
    (
        "reading_time",
        {"READING_TIME_LABEL": None},
        "READING_TIME_LABEL",
        None,
        "a string",
    ),
    # optional
    (
        "comments",
        {"COMMENTS_EMAIL": 42},
        "COMMENTS_EMAIL",
        42,
        "a non-empty string, or None",
    ),
    # True or False
    ("search", {"SEARCH_INDEX": "yes"}, "SEARCH_INDEX", "yes", "True or False"),
    ("comments", {"COMMENTS_PINGBACKS": 1}, "COMMENTS_PINGBACKS", 1, "True or False"),
    (
        "aliases",
        {"ALIASES_REDIRECT_PAGES": "no"},
        "ALIASES_REDIRECT_PAGES",
        "no",
        "True or False",
    ),
    # one of
    (
        "comments",
        {"COMMENTS_ORDER": "random"},
        "COMMENTS_ORDER",
        "random",
        "one of 'oldest', 'newest'",
    ),
    # lists, and each item by its index
    (
        "comments",
        {"COMMENTS_AUTHOR_NAMES": "Dana"},
        "COMMENTS_AUTHOR_NAMES",
        "Dana",
        "a list of strings",
    ),
    (
        "comments",
        {"COMMENTS_AUTHOR_NAMES": ["Dana", 3]},
        "COMMENTS_AUTHOR_NAMES[1]",
        3,
        "a string",
    ),
    (
        "sitemap",
        {"SITEMAP_EXCLUDE": "drafts/"},
        "SITEMAP_EXCLUDE",
        "drafts/",
        "a list of URL prefixes",
    ),
    (
        "relative_links",
        {"RELATIVE_LINKS_RESERVED_IDS": ["a*b"]},
        "RELATIVE_LINKS_RESERVED_IDS[0]",
        "a*b",
        "an id, or an id prefix ending in '*'",
    ),
    (
        "series",
        {"SERIES_RULES": [{"series": "A", "tags": "t"}]},
        "SERIES_RULES[0]",
        {"series": "A", "tags": "t"},
        "a dict with a non-empty 'series' and one or more non-empty 'tag', "
        "'category' or 'title' (a regular expression), and no other keys",
    ),
    (
        "series",
        {"SERIES_RULES": "lessons"},
        "SERIES_RULES",
        "lessons",
        "a list of rules (each a dict with a non-empty 'series' and one or more "
        "non-empty 'tag', 'category' or 'title' (a regular expression), and no "
        "other keys), or None",
    ),
    # mapping
    (
        "series",
        {"SERIES_DESCRIPTIONS": {"A": 1}},
        "SERIES_DESCRIPTIONS",
        {"A": 1},
        "a dict of strings to strings, or None",
    ),
    # URL patterns
    (
        "series",
        {"SERIES_URL": "series/{name}/"},
        "SERIES_URL",
        "series/{name}/",
        "a URL pattern using only {slug}",
    ),
    (
        "series",
        # Pelican would refuse to write it there, with a traceback naming nothing.
        {"SERIES_SAVE_AS": "../{slug}/index.html"},
        "SERIES_SAVE_AS",
        "../{slug}/index.html",
        "a URL pattern using only {slug}, inside the output",
    ),
    (
        "relative_links",
        {"RELATIVE_LINKS_PAGE_URL": "pages/{date:%Y}.html"},
        "RELATIVE_LINKS_PAGE_URL",
        "pages/{date:%Y}.html",
        "a URL pattern with {slug}, using only "
        "{author}, {category}, {date}, {lang}, {path}, {slug}",
    ),
    # paths inside the output, folders under PATH, addresses
    (
        "sitemap",
        {"SITEMAP_SAVE_AS": "/etc/sitemap.xml"},
        "SITEMAP_SAVE_AS",
        "/etc/sitemap.xml",
        "a relative path inside the output, or ''",
    ),
    (
        "search",
        {"SEARCH_BUNDLE_DIR": "../pagefind"},
        "SEARCH_BUNDLE_DIR",
        "../pagefind",
        "a relative path inside the output",
    ),
    (
        "aliases",
        {"ALIASES_MAP_SAVE_AS": "/aliases.txt"},
        "ALIASES_MAP_SAVE_AS",
        "/aliases.txt",
        "a relative path inside the output, or None",
    ),
    (
        "series",
        {"SERIES_DESCRIPTIONS_PATH": "/"},
        "SERIES_DESCRIPTIONS_PATH",
        "/",
        "a folder name under PATH",
    ),
    (
        "comments",
        {"COMMENTS_INBOX_URL": "inbox.example.org"},
        "COMMENTS_INBOX_URL",
        "inbox.example.org",
        "an http(s) address, or None",
    ),
    # between settings
    (
        "reading_time",
        {"READING_TIME_IMAGE_MIN_SECONDS": 20},
        "READING_TIME_IMAGE_MIN_SECONDS",
        20,
        "at most READING_TIME_IMAGE_SECONDS (12)",
    ),
    (
        "comments",
        {"COMMENTS_INBOX_URL": INBOX, "COMMENTS_FORM_ENDPOINT": "https://a.example/"},
        "COMMENTS_INBOX_URL",
        INBOX,
        "None when COMMENTS_FORM_ENDPOINT is set (set one of them)",
    ),
]


@pytest.mark.parametrize(
    ("plugin", "settings", "named", "shown", "expected"),
    CASES,
    ids=[f"{case[0]}-{case[2]}-{case[1][case[2].split('[')[0]]!r}" for case in CASES],
)
def test_one_bad_setting_is_one_line_naming_it_and_its_value(
    caplog, plugin, settings, named, shown, expected
):
    with caplog.at_level(logging.ERROR), pytest.raises(SettingsError) as raised:
        READERS[plugin](settings)
    line = f"{plugin}: bad setting {named}={shown!r}: expected {expected}"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [line]
    assert str(raised.value) == line


def test_every_bad_setting_is_reported_at_once(caplog):
    bad = {"COMMENTS_ORDER": "random", "COMMENTS_MAX_DEPTH": 0, "COMMENTS_DIR": None}
    with caplog.at_level(logging.ERROR), pytest.raises(SettingsError) as raised:
        comments(bad)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert [e.split("=", 1)[0] for e in errors] == [
        "comments: bad setting COMMENTS_DIR",
        "comments: bad setting COMMENTS_ORDER",
        "comments: bad setting COMMENTS_MAX_DEPTH",
    ]
    assert raised.value.problems == tuple(
        e.removeprefix("comments: bad setting ") for e in errors
    )


@pytest.mark.parametrize("plugin", sorted(READERS))
def test_every_default_has_a_field_and_is_valid(plugin):
    config = importlib.import_module(f"pelican.plugins.common_ground_{plugin}.config")
    # A setting added to DEFAULTS without a field would go unchecked.
    assert list(config.FIELDS) == list(config.DEFAULTS)
    assert READERS[plugin](dict(config.DEFAULTS)) == READERS[plugin]({})


def test_a_bad_prune_output_is_a_warning_in_the_same_style(caplog):
    with caplog.at_level(logging.WARNING):
        assert prune_enabled({"PRUNE_OUTPUT": "no"}) is True
    assert [r.getMessage() for r in caplog.records] == [
        "prune_output: bad setting PRUNE_OUTPUT='no': expected True or False; "
        "pruning stays on"
    ]


def test_a_bad_aliases_setting_stops_the_build_at_start(
    fixture_content, site_builder, caplog
):
    content = fixture_content("site_minimal")
    with caplog.at_level(logging.ERROR), pytest.raises(SystemExit) as stop:
        site_builder(content, overrides={"ALIASES_MAP_SAVE_AS": "/aliases.txt"})
    assert stop.value.code == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        "aliases: bad setting ALIASES_MAP_SAVE_AS='/aliases.txt': "
        "expected a relative path inside the output, or None"
    ]
    assert not (content.parent / "output" / "index.html").exists()


@pytest.mark.parametrize(
    ("load", "settings", "line"),
    [
        (
            mention_config,
            {"WEBMENTION_TIMEOUT": 0},
            "webmention: bad setting WEBMENTION_TIMEOUT=0: expected a number >= 0.01",
        ),
        (
            mention_config,
            {"SITEURL": "/blog"},
            "webmention: bad setting WEBMENTION_SITE_URL='/blog': "
            "expected an http(s) address, or None",
        ),
        (
            mention_config,
            {"WEBMENTION_ALLOW_PRIVATE": "localhost:80"},
            "webmention: bad setting WEBMENTION_ALLOW_PRIVATE='localhost:80': "
            "expected a list of 'host:port' strings",
        ),
        (
            lambda values: inbox_config(values, environ={}),
            {"INBOX_PORT": "eighty"},
            "inbox: bad setting INBOX_PORT='eighty': expected a port (0-65535)",
        ),
        (
            lambda values: inbox_config(values, environ={}),
            {"INBOX_THREADS": "0"},
            "inbox: bad setting INBOX_THREADS=0: expected a positive whole number",
        ),
    ],
)
def test_a_commands_bad_setting_is_its_error_message_in_the_same_style(
    caplog, load, settings, line
):
    with pytest.raises(SettingsError) as raised:
        load(settings)
    assert str(raised.value) == line
    assert caplog.records == []  # the command prints it; nothing is logged twice
