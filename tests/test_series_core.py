"""Unit tests of the series plugin's pure core: ordering, rules, assembly, config."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican.plugins.common_ground_series.config import (
    DEFAULTS,
    SeriesConfigError,
    get_config,
)
from pelican.plugins.common_ground_series.core import (
    build_series,
    is_eligible,
    order_series,
    parse_index,
    series_name,
)
from pelican.plugins.common_ground_series.models import (
    Entry,
    Rule,
    SeriesInfo,
    Urls,
    total_minutes,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def entry(key: str, day: int = 1, **kwargs) -> Entry:
    kwargs.setdefault("title", key.title())
    return Entry(key=key, date=datetime(2024, 1, day, 9, tzinfo=UTC), **kwargs)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def keys(entries) -> list[str]:
    return [e.key for e in entries]


# --- ordering ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            [entry("c", 3), entry("a", 1), entry("b", 2)], ["a", "b", "c"], id="by-date"
        ),
        pytest.param(
            [entry("a", 1, index="2"), entry("b", 9, index="1")],
            ["b", "a"],
            id="index-beats-date",
        ),
        pytest.param(
            [entry("late", 1), entry("x", 9, index="5")],
            ["x", "late"],
            id="indexed-parts-come-first",
        ),
        pytest.param(
            [entry("k2", 4, title="Beta"), entry("k1", 4, title="alpha")],
            ["k1", "k2"],
            id="same-date-by-title-ignoring-case",
        ),
        pytest.param(
            [entry("b.md", 4, title="Same"), entry("a.md", 4, title="Same")],
            ["a.md", "b.md"],
            id="same-date-and-title-by-file",
        ),
        pytest.param(
            [entry("a", 1, index=" 3 "), entry("b", 2, index="-1")],
            ["b", "a"],
            id="whitespace-and-negative-indexes",
        ),
    ],
)
def test_order_series(entries, expected):
    assert keys(order_series("S", entries)) == expected


def test_duplicate_index_warns_naming_both_files_and_stays_deterministic(caplog):
    first = entry("posts/one.md", 2, index="1")
    second = entry("posts/two.md", 1, index="1")
    with caplog.at_level(logging.WARNING):
        forward = order_series("Clash", [first, second])
    backward = order_series("Clash", [second, first])
    assert keys(forward) == keys(backward) == ["posts/two.md", "posts/one.md"]
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1
    assert "posts/one.md" in messages[0]
    assert "posts/two.md" in messages[0]
    assert "Series_index 1" in messages[0]
    assert messages[0].startswith("series: ")


@pytest.mark.parametrize("raw", ["two", "1.5", "2nd", "1e3"])
def test_non_integer_index_warns_and_is_ignored(caplog, raw):
    bad = entry("posts/bad.md", 1, index=raw)
    with caplog.at_level(logging.WARNING):
        assert parse_index(bad) is None
        ordered = order_series("S", [bad, entry("posts/ok.md", 9, index="1")])
    assert keys(ordered) == ["posts/ok.md", "posts/bad.md"]
    assert any(
        "posts/bad.md" in r.getMessage()
        and "non-integer Series_index" in r.getMessage()
        for r in caplog.records
    )


@pytest.mark.parametrize(("raw", "expected"), [(None, None), ("", None), ("7", 7)])
def test_parse_index(raw, expected):
    assert parse_index(entry("a", index=raw)) == expected


@given(
    st.lists(
        st.tuples(
            st.integers(1, 28),
            st.one_of(st.none(), st.integers(-3, 5).map(str)),
            st.sampled_from(["A", "b", "C"]),
        ),
        max_size=12,
    ),
    st.randoms(),
)
def test_order_is_independent_of_input_order(parts, rnd):
    entries = [
        entry(f"p{i}.md", day, index=index, title=title)
        for i, (day, index, title) in enumerate(parts)
    ]
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    logging.disable(logging.WARNING)
    try:
        assert keys(order_series("S", shuffled)) == keys(order_series("S", entries))
    finally:
        logging.disable(logging.NOTSET)


# --- membership rules ------------------------------------------------------


TAGGED = entry("t", tags=frozenset({"lessons-learned"}), title="Week 3: Calls")
RULES = (
    Rule(series="By Category", category="field notes"),
    Rule(series="Learning", tag="Lessons-Learned"),
    Rule(series="Weekly", title=re.compile(r"^Week \d+:")),
)


@pytest.mark.parametrize(
    ("item", "rules", "expected"),
    [
        pytest.param(TAGGED, RULES, "Learning", id="first-matching-rule-wins"),
        pytest.param(TAGGED, RULES[2:], "Weekly", id="title-pattern"),
        pytest.param(
            entry("c", categories=frozenset({"field notes", "field-notes"})),
            RULES,
            "By Category",
            id="category",
        ),
        pytest.param(entry("n", title="Plain"), RULES, None, id="no-rule-matches"),
        pytest.param(
            entry("e", series="  Own   Series ", tags=frozenset({"lessons-learned"})),
            RULES,
            "Own Series",
            id="metadata-beats-rules",
        ),
        pytest.param(
            entry("blank", series="  ", tags=frozenset({"lessons-learned"})),
            RULES,
            "Learning",
            id="blank-metadata-falls-back-to-rules",
        ),
        pytest.param(
            TAGGED,
            (Rule(series="Both", tag="lessons-learned", category="other"),),
            None,
            id="every-criterion-must-match",
        ),
    ],
)
def test_series_name(item, rules, expected):
    assert series_name(item, rules) == expected


@pytest.mark.parametrize(
    ("status", "delta", "eligible"),
    [
        ("published", timedelta(days=-1), True),
        ("published", timedelta(days=1), False),
        ("draft", timedelta(days=-1), False),
        ("hidden", timedelta(days=-1), False),
    ],
)
def test_only_published_past_entries_are_eligible(status, delta, eligible):
    item = Entry(key="k", title="T", date=NOW + delta, status=status)
    assert is_eligible(item, NOW) is eligible


def test_naive_dates_compare_with_local_time():
    local_now = NOW.astimezone().replace(tzinfo=None)
    past = Entry(key="k", title="T", date=local_now - timedelta(minutes=1))
    future = Entry(key="k", title="T", date=local_now + timedelta(minutes=1))
    assert is_eligible(past, NOW)
    assert not is_eligible(future, NOW)


# --- assembly --------------------------------------------------------------


def build(entries, rules=(), *, with_feeds=True):
    return build_series(
        entries,
        {e.key: e.key for e in entries},
        rules,
        Urls(),
        slugify,
        NOW,
        with_feeds=with_feeds,
    )


def test_build_series_assembles_parts_lessons_and_totals():
    entries = [
        entry("b", 2, series="Zeta", lesson="Second."),
        entry("a", 1, series="Zeta", lesson="First."),
        entry("c", 3, series="Zeta", updated=datetime(2024, 5, 1, tzinfo=UTC)),
        entry("d", 1, series="alpha"),
        entry("draft", 1, series="Zeta", status="draft", lesson="Never shown."),
        entry("none", 1),
    ]
    zeta_alpha = build(entries)
    assert [s.name for s in zeta_alpha] == ["alpha", "Zeta"]
    zeta = zeta_alpha[1]
    assert zeta.items == ("a", "b", "c")
    assert zeta.count == 3
    assert zeta.slug == "zeta"
    assert zeta.url == "series/zeta/"
    assert zeta.save_as == "series/zeta/index.html"
    assert zeta.feed_url == "feeds/series/zeta.atom.xml"
    assert [(x.position, x.text, x.item) for x in zeta.lessons] == [
        (1, "First.", "a"),
        (2, "Second.", "b"),
    ]
    assert zeta.updated == datetime(2024, 5, 1, tzinfo=UTC)
    # Plain strings as parts have no reading time, so no total.
    assert zeta.total_minutes is None


def test_total_minutes_are_read_from_the_parts_when_asked():
    # reading_time may attach its estimates after the series is built (both
    # act on the same signal), so the total is summed only when read.
    entries = [entry("a", 1, series="S"), entry("b", 2, series="S")]
    parts = {e.key: SimpleNamespace(key=e.key) for e in entries}
    (series,) = build_series(entries, parts, (), Urls(), slugify, NOW, with_feeds=False)
    info = SeriesInfo(series, 1)
    assert (series.total_minutes, info.total_minutes) == (None, None)
    parts["a"].reading_time = SimpleNamespace(minutes=4)
    assert series.total_minutes is None
    parts["b"].reading_time = SimpleNamespace(minutes=3)
    assert (series.total_minutes, info.total_minutes) == (7, 7)


def test_series_info_is_one_articles_view():
    entries = [
        entry(k, d, series="S", lesson=f"L{k}")
        for k, d in (("a1", 1), ("b2", 2), ("c3", 3))
    ]
    (series,) = build(entries)
    first, middle, last = (SeriesInfo(series, p) for p in (1, 2, 3))
    assert (first.previous, first.next) == (None, "b2")
    assert (middle.previous, middle.next) == ("a1", "c3")
    assert (last.previous, last.next) == ("b2", None)
    assert [x.text for x in middle.lessons] == ["La1", "Lb2"]
    assert (middle.name, middle.slug, middle.url, middle.count) == (
        "S",
        "s",
        "series/s/",
        3,
    )
    assert middle.items == series.items
    assert middle.feed_url == series.feed_url


def test_one_part_series_has_no_neighbours():
    (series,) = build([entry("only", series="Solo")])
    info = SeriesInfo(series, 1)
    assert (info.position, info.count, info.previous, info.next) == (1, 1, None, None)


def test_no_feed_url_without_feeds():
    (series,) = build([entry("a", series="S")], with_feeds=False)
    assert series.feed_url is None


def test_names_with_one_slug_join_with_a_warning(caplog):
    entries = [
        entry("posts/a.md", 1, series="My Series"),
        entry("posts/b.md", 2, series="my series"),
    ]
    with caplog.at_level(logging.WARNING):
        (series,) = build(entries)
    assert series.items == ("posts/a.md", "posts/b.md")
    assert any("posts/b.md" in r.getMessage() for r in caplog.records)


def test_total_minutes_needs_every_part():
    assert total_minutes([2, None]) is None
    assert total_minutes([2, 5]) == 7
    assert total_minutes([]) is None


# --- config ----------------------------------------------------------------


def test_defaults_give_a_valid_config():
    config = get_config({})
    assert config.rules == ()
    assert config.urls == Urls()
    assert (config.index_url, config.index_save_as) == (
        DEFAULTS["SERIES_INDEX_URL"],
        DEFAULTS["SERIES_INDEX_SAVE_AS"],
    )


def test_rules_are_parsed():
    config = get_config(
        {
            "SERIES_RULES": [
                {"series": "A", "tag": "t"},
                {"series": "B", "category": "c", "title": r"^Week"},
            ]
        }
    )
    assert config.rules[0] == Rule(series="A", tag="t")
    assert config.rules[1].title.pattern == "^Week"


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"SERIES_RULES": [{"tag": "t"}]}, "SERIES_RULES[0]"),
        ({"SERIES_RULES": [{"series": "A"}]}, "SERIES_RULES[0]"),
        ({"SERIES_RULES": [{"series": "A", "tags": "t"}]}, "SERIES_RULES[0]"),
        ({"SERIES_RULES": [{"series": "A", "title": "("}]}, "SERIES_RULES[0]"),
        ({"SERIES_RULES": [{"series": "A", "tag": ""}]}, "SERIES_RULES[0]"),
        ({"SERIES_RULES": ["A"]}, "SERIES_RULES[0]"),
        ({"SERIES_RULES": {"series": "A"}}, "SERIES_RULES"),
        ({"SERIES_URL": "series/{name}/"}, "SERIES_URL"),
        ({"SERIES_SAVE_AS": ""}, "SERIES_SAVE_AS"),
        ({"SERIES_INDEX_URL": None}, "SERIES_INDEX_URL"),
    ],
)
def test_bad_settings_are_logged_by_name_then_fail(caplog, settings, named):
    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(SeriesConfigError, match=re.escape(named)),
    ):
        get_config(settings)
    assert any(named in r.getMessage() for r in caplog.records)


def test_feed_can_be_switched_off():
    assert get_config({"SERIES_FEED_ATOM": None}).urls.feed_atom is None
