"""JSON-LD built by one Python function per post (plugins/jsonld)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from sitebuild import SHOWCASE_SETTINGS, build_site

from pelican.plugins.common_ground_jsonld.core import (
    JsonLdSettings,
    blog_posting,
    script_json,
)

FIXTURE = Path(__file__).parent / "fixtures" / "reader_way"
SITE = JsonLdSettings(siteurl="https://example.org", author="Site Author", lang="en")
DATE = datetime(2024, 1, 5, 9, 0, tzinfo=UTC)


def post(**attributes) -> SimpleNamespace:
    """Return a post with Pelican's attributes and whatever the test adds."""
    base = {"title": "A <em>bold</em> &amp; true title", "date": DATE, "url": "p/"}
    return SimpleNamespace(**(base | attributes))


def test_plain_post_has_pelicans_fields_only():
    data = blog_posting(post(), SITE)
    assert data == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "A bold & true title",
        "datePublished": "2024-01-05T09:00:00+00:00",
        "url": "https://example.org/p/",
        "mainEntityOfPage": "https://example.org/p/",
        "author": {"@type": "Person", "name": "Site Author"},
        "inLanguage": "en",
    }


def test_plugins_contribute_their_documented_attributes():
    series = SimpleNamespace(name="Path", url="series/path/", position=2)
    data = blog_posting(
        post(
            reading_time=SimpleNamespace(words=420, iso_duration="PT3M"),
            series=series,
            comment_count=4,
        ),
        SITE,
    )
    assert data["wordCount"] == 420
    assert data["timeRequired"] == "PT3M"
    assert data["commentCount"] == 4
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Path",
        "url": "https://example.org/series/path/",
    }
    assert data["position"] == 2


def test_raw_metadata_of_a_plugin_that_is_off_adds_nothing():
    data = blog_posting(post(reading_time="7", series="Path"), SITE)
    assert not {"wordCount", "timeRequired", "isPartOf", "commentCount"} & set(data)


def test_relative_site_gets_no_main_entity():
    data = blog_posting(post(), JsonLdSettings(siteurl="", author=None, lang="en"))
    assert "mainEntityOfPage" not in data
    assert data["url"] == "/p/"


@pytest.mark.parametrize("title", ["</script><script>alert(1)</script>", "<!--"])
def test_script_json_cannot_end_or_confuse_the_script(title):
    text = script_json({"headline": title, "b": 1, "a": 2})
    assert "<" not in text
    assert ">" not in text
    assert json.loads(text)["headline"] == title
    assert list(json.loads(text)) == ["a", "b", "headline"]


def _jsonld(output: Path, page: str) -> dict:
    html = (output / page).read_text(encoding="utf-8")
    script = BeautifulSoup(html, "html.parser").find(
        "script", type="application/ld+json"
    )
    return json.loads(script.string)


def test_built_post_carries_every_field_of_the_output_contract(tmp_path):
    built = build_site(
        FIXTURE,
        tmp_path / "output",
        conf="publishconf.py",
        overrides={"SEARCH_INDEX": False, "SITEURL": "https://example.org"},
    )
    data = _jsonld(built.output, "posts/part-one/index.html")
    assert data["headline"] == "Part One: Listen"
    assert data["datePublished"] == "2023-11-20T09:00:00-05:00"
    assert data["wordCount"] > 40
    assert data["timeRequired"] == "PT1M"
    assert data["commentCount"] == 4
    assert data["isPartOf"]["@type"] == "CreativeWorkSeries"
    assert data["isPartOf"]["url"] == "https://example.org/series/reading-path/"
    outside = _jsonld(built.output, "posts/aside/index.html")
    assert "isPartOf" not in outside
    assert outside["commentCount"] == 0


def test_output_does_not_depend_on_the_order_of_plugins(tmp_path):
    from pelican.settings import read_settings

    plugins = read_settings(str(SHOWCASE_SETTINGS))["PLUGINS"]
    names = [p if isinstance(p, str) else p.__name__ for p in plugins]
    outputs = []
    for order in (names, names[::-1]):
        output = tmp_path / ("-".join(order[:1]) or "none") / "output"
        build_site(FIXTURE, output, overrides={"SEARCH_INDEX": False, "PLUGINS": order})
        outputs.append(output)
    first, second = outputs
    pages = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert pages == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    for page in pages:
        assert (first / page).read_bytes() == (second / page).read_bytes(), page
