"""reading_time on real builds: badges, JSON-LD, feeds, overrides and settings."""

from __future__ import annotations

import json
import logging
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from sitebuild import PROJECT_ROOT, build_site, run_pelican

FIXTURES = Path(__file__).parent / "fixtures"

# (slug, badge minutes, wordCount), worked out by hand in tests/fixtures/
# reading_time_site: see each post's comment-free body.
POSTS = [
    # A heading (3 words), 200 words of prose with emphasis and a link, and a
    # list of 3 x 9 words: 230 words, 69 s -> 2 min.
    ("two-minutes", 2, 230),
    # 160 words: 48 s -> 1 min.
    ("one-minute", 1, 160),
    # 100 words (30 s), two images (12 + 11 s), 60 code words at 100 wpm (36 s):
    # 89 s -> 2 min.
    ("images-and-code", 2, 160),
    # 600 Han characters at 500 cpm (72 s) and 40 English words (12 s): 84 s.
    ("cjk-mixed", 2, 640),
    # Reading_time: 7 beats the computed 1 minute; the words are still counted.
    ("overridden", 7, 160),
]
BADGE_RE = re.compile(
    r'<span class="reading-time">Reading time: '
    r'<time datetime="PT(\d+)M">(\d+) (min\.)</time></span>'
)


def badges(html: str) -> list[tuple[int, int]]:
    """Return (datetime minutes, shown minutes) of every badge on a page."""
    return [(int(a), int(b)) for a, b, _ in BADGE_RE.findall(html)]


def blog_posting(html: str) -> dict:
    """Return the page's JSON-LD BlogPosting."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reading_time_site")
    shutil.copytree(FIXTURES / "reading_time_site", root / "content")
    return build_site(
        root / "content",
        root / "output",
        overrides={
            "SITEURL": "https://example.org",
            "RELATIVE_URLS": False,
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "FEED_ALL_RSS": "feeds/all.rss.xml",
            "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
            "TAG_FEED_RSS": "feeds/tag/{slug}.rss.xml",
        },
    )


def test_site_builds_without_warnings(site):
    assert site.warnings == []


@pytest.mark.parametrize(("slug", "minutes", "words"), POSTS)
def test_post_header_badge_and_json_ld_match(site, slug, minutes, words):
    html = site.read(f"posts/{slug}/index.html")
    header = html.split('<header class="post-header">', 1)[1].split("</header>", 1)[0]
    assert badges(header) == [(minutes, minutes)]
    ld = blog_posting(html)
    assert ld["wordCount"] == words
    assert ld["timeRequired"] == f"PT{minutes}M"


@pytest.mark.parametrize(
    "listing",
    ["index.html", "category/field-notes/index.html", "archives/index.html"],
)
def test_every_listing_shows_each_posts_badge(site, listing):
    html = site.read(listing)
    shown = badges(html)
    assert sorted(shown) == sorted((m, m) for _, m, _ in POSTS)


def test_tag_listing_shows_the_badge(site):
    assert badges(site.read("tag/listening/index.html")) == [(2, 2)]


def test_drafts_carry_a_badge_too(site):
    # 450 words: 135 s -> 3 min.
    assert badges(site.read("drafts/a-draft/index.html")) == [(3, 3)]


@pytest.mark.parametrize(
    "feed",
    [
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/category/field-notes.atom.xml",
    ],
)
def test_feed_entries_mention_the_reading_time(site, feed):
    parsed = feedparser.parse(site.read(feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {
        entry.link.rstrip("/").rsplit("/", 1)[1]: entry for entry in parsed.entries
    }
    assert sorted(entries) == sorted(slug for slug, _, _ in POSTS)
    for slug, minutes, _ in POSTS:
        entry = entries[slug]
        texts = [entry.summary] + [c.value for c in entry.get("content", [])]
        for text in texts:
            assert text.startswith(
                f'<p class="reading-time">Reading time: {minutes} min.</p>'
            ), (slug, text[:80])
            assert text.count("Reading time:") == 1


def test_tag_feed_mentions_the_reading_time(site):
    parsed = feedparser.parse(site.read("feeds/tag/listening.rss.xml"))
    assert [entry.summary[:51] for entry in parsed.entries] == [
        '<p class="reading-time">Reading time: 2 min.</p><p>'
    ]


def test_feed_badge_leaves_the_post_page_alone(site):
    body = site.read("posts/two-minutes/index.html").split('class="post-body', 1)[1]
    assert "Reading time" not in body.split("</div>", 1)[0]


def test_every_article_and_page_carries_a_reading_time(fixture_content, site_builder):
    # The generators' own objects, straight from a real build's context.
    from pelican.plugins import signals

    built: list[object] = []

    def collect(generators):
        built.extend(generators)

    signals.all_generators_finalized.connect(collect)
    try:
        result = site_builder(fixture_content("reading_time_site"))
    finally:
        signals.all_generators_finalized.disconnect(collect)
    assert result.warnings == []
    # Read once the build is over: the plugin attaches on that same signal.
    seen = {
        item.slug: item.reading_time
        for generator in built
        for name in ("articles", "drafts", "pages")
        for item in getattr(generator, name, [])
    }
    assert sorted(seen) == sorted([slug for slug, _, _ in POSTS] + ["a-draft", "about"])
    about = seen["about"]
    assert (about.minutes, about.words, about.iso_duration) == (3, 410, "PT3M")
    overridden = seen["overridden"]
    assert (overridden.minutes, overridden.computed_minutes) == (7, 1)
    assert overridden.overridden


def test_settings_change_the_badge(fixture_content, site_builder):
    result = site_builder(
        fixture_content("reading_time_site"),
        overrides={
            "READING_TIME_WPM": 100,
            "READING_TIME_LABEL": "Read in",
            "READING_TIME_UNIT_SINGULAR": "minute",
            "READING_TIME_UNIT_PLURAL": "minutes",
        },
    )
    assert result.warnings == []
    html = result.read("posts/one-minute/index.html")
    # 160 words at 100 wpm: 96 s -> 2 min.
    assert (
        '<span class="reading-time">Read in <time datetime="PT2M">2 minutes</time>'
        in html
    )
    assert blog_posting(html)["timeRequired"] == "PT2M"
    singular = result.read("posts/overridden/index.html")
    assert '<time datetime="PT7M">7 minutes</time>' in singular


def test_show_reading_time_off_hides_badges_but_keeps_json_ld(
    fixture_content, site_builder
):
    result = site_builder(
        fixture_content("reading_time_site"), overrides={"SHOW_READING_TIME": False}
    )
    assert result.warnings == []
    for page in result.output.rglob("*.html"):
        assert 'class="reading-time"' not in page.read_text(encoding="utf-8"), page
    ld = blog_posting(result.read("posts/two-minutes/index.html"))
    assert ld["timeRequired"] == "PT2M"


def test_bad_override_warns_once_naming_the_file(fixture_content, site_builder):
    content = fixture_content("reading_time_bad_override")
    result = site_builder(content)
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith("reading_time: ")
    assert str(content / "posts" / "soon.md") in warning
    assert "'soon'" in warning
    # The computed value is used: 230 words -> 2 min; the valid override stays.
    assert badges(result.read("posts/soon/index.html")) == [(2, 2)]
    assert badges(result.read("posts/fine/index.html")) == [(3, 3)]


def test_bad_setting_stops_the_build_naming_it(fixture_content, site_builder, caplog):
    content = fixture_content("reading_time_site")
    with caplog.at_level(logging.ERROR), pytest.raises(SystemExit) as stop:
        site_builder(content, overrides={"READING_TIME_WPM": 0})
    assert stop.value.code == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        "reading_time: bad setting READING_TIME_WPM=0: expected a positive number"
    ]
    assert not (content.parent / "output" / "index.html").exists()


def test_bad_setting_on_the_command_line_has_no_traceback(fixture_content, tmp_path):
    content = fixture_content("reading_time_site")
    returncode, output = run_pelican(
        content,
        tmp_path / "cli-output",
        'READING_TIME_UNIT_PLURAL=""',
        f'THEME="{PROJECT_ROOT / "theme"}"',
    )
    assert returncode == 1, output
    assert "READING_TIME_UNIT_PLURAL" in output
    assert "Traceback" not in output
    assert not (tmp_path / "cli-output" / "index.html").exists()


def test_a_build_without_the_plugin_is_left_alone(fixture_content, site_builder):
    # Signals are process-wide: the handlers registered by earlier builds must
    # not act on a build whose PLUGINS leave reading_time out.
    from pelican.plugins.common_ground_reading_time import register

    register()
    result = site_builder(
        fixture_content("reading_time_bad_override"),
        overrides={"PLUGINS": [], "READING_TIME_WPM": 0},
    )
    assert result.warnings == []
    assert 'class="reading-time"' not in result.read("posts/soon/index.html")
    assert '"timeRequired"' not in result.read("posts/soon/index.html")


class TextOf(HTMLParser):
    """The text a browser shows for a piece of HTML (its tags dropped)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def badge_texts(html: str, tag: str) -> list[str]:
    """Return the text a reader sees of every reading-time badge (`tag`) in `html`."""
    found = re.findall(rf'<{tag} class="reading-time">(.*?)</{tag}>', html)
    return ["".join(TextOf(inner).parts) for inner in found]


def test_the_label_reads_the_same_on_the_page_and_in_the_feed(
    fixture_content, site_builder
):
    # Plain text with characters HTML gives a meaning to, as an author may write.
    label = "Time & effort <est.>:"
    result = site_builder(
        fixture_content("reading_time_site"),
        overrides={
            "SITEURL": "https://example.org",
            "RELATIVE_URLS": False,
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "READING_TIME_LABEL": label,
        },
    )
    assert result.warnings == []
    page = badge_texts(result.read("posts/one-minute/index.html"), "span")
    entry = next(
        e
        for e in feedparser.parse(result.read("feeds/all.atom.xml")).entries
        if e.link.rstrip("/").endswith("/one-minute")
    )
    feed = badge_texts(entry.summary, "p")
    assert page == feed == [f"{label} 1 min."]
