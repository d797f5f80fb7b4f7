"""Pure parts of the series plugin: neighbours, descriptions, excluded folders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from pelican.plugins.common_ground_series.config import (
    SeriesConfigError,
    get_config,
    read_as_content,
)
from pelican.plugins.common_ground_series.core import date_neighbours, describe
from pelican.plugins.common_ground_series.models import Series


@dataclass
class Post:
    name: str
    day: int


def key(post: Post) -> tuple[datetime, str]:
    return (datetime(2024, 1, post.day, tzinfo=UTC), post.name)


def test_neighbours_follow_the_dates_not_the_given_order():
    a, b, c = Post("a", 3), Post("b", 1), Post("c", 2)
    found = date_neighbours([a, b, c], key)
    assert (found[id(b)].previous, found[id(b)].next) == (None, c)
    assert (found[id(c)].previous, found[id(c)].next) == (b, a)
    assert (found[id(a)].previous, found[id(a)].next) == (c, None)


def test_posts_of_one_date_are_ordered_by_their_second_key():
    x, y = Post("y", 1), Post("x", 1)
    found = date_neighbours([x, y], key)
    assert found[id(y)].next is x


def series(name: str, slug: str) -> Series:
    day = datetime(2024, 1, 1, tzinfo=UTC)
    return Series(name, slug, "u", "s", None, ("p",), (), None, day)


def test_a_description_file_wins_over_the_setting():
    source = type("Read", (), {"content": "<p>From the file.</p>"})()
    (described,) = describe(
        [series("Path", "path")], {"Path": "From settings."}, {"path": source}
    )
    assert described.description.html == "<p>From the file.</p>"


@pytest.mark.parametrize("key", ["Path", "path"])
def test_the_setting_is_keyed_by_name_or_slug_and_escaped(key):
    (described,) = describe([series("Path", "path")], {key: "A <b> c\n d"}, {})
    assert described.description.html == "<p>A &lt;b&gt; c d</p>"


def test_no_description_is_none():
    (described,) = describe([series("Path", "path")], {"Other": "x"}, {})
    assert described.description is None


@pytest.mark.parametrize(
    ("paths", "excludes", "read"),
    [
        (["posts"], ["comments"], False),
        ([""], ["comments"], True),
        ([""], ["series"], False),
        (["/"], ["/series/"], False),
        (["series"], [], True),
        (["series/sub"], [], False),
    ],
)
def test_read_as_content_mirrors_pelicans_walk(paths, excludes, read):
    assert read_as_content("series", paths, excludes) is read


def test_series_descriptions_must_map_names_to_text():
    with pytest.raises(SeriesConfigError):
        get_config({"SERIES_DESCRIPTIONS": {"Path": 3}})
    with pytest.raises(SeriesConfigError):
        get_config({"SERIES_DESCRIPTIONS_PATH": ""})
    config = get_config({"SERIES_DESCRIPTIONS": {" Two  Words ": "x"}})
    assert dict(config.descriptions) == {"Two Words": "x"}
