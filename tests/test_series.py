"""The series plugin on real content: generator-level and full-build tests."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from linkcheck import broken_references
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, SHOWCASE_SETTINGS, build_site

from pelican.plugins.common_ground_series.models import Series, SeriesInfo
from pelican.plugins.common_ground_series.models import reading_minutes as _minutes

FIXTURES = Path(__file__).parent / "fixtures"


RULES = [
    {"series": "Learning to Sell", "tag": "lessons-learned"},
    {"series": "Notes From the Field", "category": "Field Notes"},
    {"series": "Weekly Log", "title": r"^Week \d+:"},
]


def generate(
    scenario: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, **overrides: Any
) -> ArticlesGenerator:
    """Run ArticlesGenerator.generate_context() on a fixture tree, plugins loaded."""
    settings = read_settings(
        str(SHOWCASE_SETTINGS),
        override={
            "PATH": str(FIXTURES / scenario),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "THEME": str(PROJECT_ROOT / "theme"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        },
    )
    Pelican(settings)  # loads the plugins, connecting their handlers
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={})
    context["localsiteurl"] = settings["SITEURL"]
    generator = ArticlesGenerator(
        context=context,
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    with caplog.at_level(logging.INFO):
        generator.generate_context()
        # As Pelican's run does once every generator has its context.
        signals.all_generators_finalized.send([generator])
    return generator


def titles(series: Series | SeriesInfo) -> list[str]:
    return [item.title for item in series.items]


def by_title(generator: ArticlesGenerator) -> dict[str, Any]:
    everything = generator.articles + generator.drafts + generator.hidden_articles
    return {a.title: a for a in everything}


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


# --- generator level ---------------------------------------------------------


def test_explicit_index_then_date_then_title(tmp_path, caplog):
    generator = generate("series_ordered", tmp_path, caplog)
    # Charlie and Echo share a date: ordered by title, with a warning naming both.
    [tie] = warnings(caplog)
    assert "posts/charlie.md and posts/echo.md: same date" in tie
    series = {s.name: s for s in generator.context["series_list"]}
    assert list(series) == ["Dates Only", "Journey", "One Off"]
    assert titles(series["Journey"]) == ["Bravo", "Alpha", "Delta", "Charlie", "Echo"]
    assert titles(series["Dates Only"]) == ["Yankee", "Zulu", "Xray"]


def test_a_date_tie_in_a_series_is_a_warning_naming_both_files(tmp_path, caplog):
    content = tmp_path / "content"
    for name, title in (("two.md", "Part Two"), ("one.md", "Part One")):
        post = content / "posts" / name
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(
            f"Title: {title}\nDate: 2024-12-06 18:49\nSeries: Ties\n\nText.\n"
        )
    result = build_site(content, tmp_path / "output")
    ties = [w for w in result.warnings if "same date" in w]
    assert ties == [
        "series: posts/one.md and posts/two.md: same date (2024-12-06 18:49) in "
        "'Ties', so ordered by title; give the later part a later Date or each "
        "part a Series_index"
    ]


def test_every_part_carries_its_series_info(tmp_path, caplog):
    articles = by_title(generate("series_ordered", tmp_path, caplog))
    alpha = articles["Alpha"].series
    assert isinstance(alpha, SeriesInfo)
    assert (alpha.name, alpha.slug, alpha.url) == (
        "Journey",
        "journey",
        "series/journey/",
    )
    assert (alpha.position, alpha.count) == (2, 5)
    assert alpha.previous is articles["Bravo"]
    assert alpha.next is articles["Delta"]
    assert [(x.position, x.text) for x in alpha.lessons] == [
        (1, "Ask one more question."),
        (2, "Listen first."),
    ]
    assert [x.item for x in articles["Echo"].series.lessons] == [
        articles["Bravo"],
        articles["Alpha"],
        articles["Delta"],
    ]
    assert alpha.feed_url is None  # no SITEURL in the dev settings: no feed
    assert articles["Loose"].series is None


def test_one_post_series(tmp_path, caplog):
    solo = by_title(generate("series_ordered", tmp_path, caplog))["Solo"].series
    assert (solo.position, solo.count, solo.previous, solo.next) == (1, 1, None, None)
    assert [x.text for x in solo.lessons] == ["One part is still a series."]


def test_total_minutes_come_from_reading_time_when_enabled(tmp_path, caplog):
    plugins = [
        "pelican.plugins.common_ground_reading_time",
        "pelican.plugins.common_ground_series",
    ]
    generator = generate("series_ordered", tmp_path, caplog, PLUGINS=plugins)
    (journey,) = [s for s in generator.context["series_list"] if s.name == "Journey"]
    minutes = [a.reading_time.minutes for a in journey.items]
    assert journey.total_minutes == sum(minutes) >= len(minutes)
    assert journey.items[0].series.total_minutes == journey.total_minutes


@pytest.mark.parametrize(
    ("article", "minutes"),
    [
        (SimpleNamespace(reading_time=SimpleNamespace(minutes=4)), 4),
        (SimpleNamespace(reading_time=3), 3),
        (SimpleNamespace(reading_time=None), None),
        (SimpleNamespace(), None),
    ],
)
def test_minutes_are_read_only_when_reading_time_gave_them(article, minutes):
    # Signals stay connected for the whole test session, so a build "without"
    # reading_time cannot be made here; the glue's getattr path is checked instead.
    assert _minutes(article) == minutes


def test_duplicate_and_non_integer_indexes_warn_and_stay_deterministic(
    tmp_path, caplog
):
    generator = generate("series_problems", tmp_path, caplog)
    (clash,) = generator.context["series_list"]
    assert titles(clash) == ["First Claim", "Second Claim", "Bad Index"]
    found = warnings(caplog)
    assert len(found) == 2, found
    duplicate = next(w for w in found if "both claim" in w)
    assert "posts/dup1.md" in duplicate
    assert "posts/dup2.md" in duplicate
    bad = next(w for w in found if "non-integer" in w)
    assert "posts/bad.md" in bad
    assert "'two'" in bad


def test_drafts_hidden_and_future_posts_are_never_listed(tmp_path, caplog):
    generator = generate("series_status", tmp_path, caplog)
    (mixed,) = generator.context["series_list"]
    assert titles(mixed) == ["Published One", "Published Two"]
    articles = by_title(generator)
    assert articles["Published Two"].series.previous is articles["Published One"]
    for title in ("Draft Part", "Hidden Part", "Future Part"):
        assert articles[title].series is None, title
    assert articles["Future Part"].status == "published"  # WITH_FUTURE_DATES
    # One warning, naming the file and the date: a part dated ahead by a clock
    # or time-zone slip must not vanish from its series without a word.
    assert warnings(caplog) == [
        "series: posts/future.md: dated 2999-01-01T09:00:00-05:00, in the "
        "future; left out of 'Mixed' until then"
    ]


def test_future_posts_are_drafts_without_future_dates(tmp_path, caplog):
    generator = generate("series_status", tmp_path, caplog, WITH_FUTURE_DATES=False)
    (mixed,) = generator.context["series_list"]
    assert titles(mixed) == ["Published One", "Published Two"]
    assert "Future Part" in [a.title for a in generator.drafts]


def test_rules_put_posts_in_series_and_metadata_wins(tmp_path, caplog):
    generator = generate("series_rules", tmp_path, caplog, SERIES_RULES=RULES)
    series = {s.name: titles(s) for s in generator.context["series_list"]}
    assert series == {
        "Learning to Sell": ["Tagged One", "Tagged Two"],
        "Notes From the Field": ["From the Field"],
        "Other Journey": ["Explicit Wins"],
        "Weekly Log": ["Week 3: Cold Calls", "Week 4: Warm Calls"],
    }
    assert by_title(generator)["Plain Post"].series is None
    assert warnings(caplog) == []


def test_no_rules_no_series(tmp_path, caplog):
    generator = generate("series_rules", tmp_path, caplog, SERIES_RULES=[])
    assert [s.name for s in generator.context["series_list"]] == ["Other Journey"]


def test_bad_rule_is_an_error_naming_the_setting(tmp_path, caplog):
    with pytest.raises(SystemExit):
        generate("series_rules", tmp_path, caplog, SERIES_RULES=[{"series": "X"}])
    assert any(
        r.levelno == logging.ERROR and "SERIES_RULES[0]" in r.getMessage()
        for r in caplog.records
    )


# --- full builds -------------------------------------------------------------


SITEURL = "https://journal.example.org"


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    from sitebuild import build_site

    output = tmp_path_factory.mktemp("series_dev") / "output"
    return build_site(FIXTURES / "series_ordered", output)


@pytest.fixture(scope="module")
def prod_site(tmp_path_factory):
    from sitebuild import build_site

    output = tmp_path_factory.mktemp("series_prod") / "output"
    return build_site(
        FIXTURES / "series_ordered",
        output,
        overrides={"SITEURL": SITEURL, "RELATIVE_URLS": False},
    )


def soup(site, page: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(page), "html.parser")


def href(site, page: str, link: str) -> str:
    """Resolve a link found on `page` to an output-relative path."""
    from urllib.parse import urljoin

    base = SITEURL + "/" if link.startswith(SITEURL) else "/" + page
    return urljoin(base, link).removeprefix(SITEURL).lstrip("/") or "index.html"


def test_builds_cleanly_with_no_broken_links(dev_site, prod_site):
    # The fixture's one deliberate date tie (ordered by title) is the only warning.
    tie = "posts/charlie.md and posts/echo.md: same date"
    assert [w for w in dev_site.warnings if tie not in w] == []
    assert [w for w in prod_site.warnings if tie not in w] == []
    assert broken_references(dev_site.output) == []
    assert broken_references(prod_site.output) == []


def test_post_has_a_labelled_series_nav(dev_site):
    page = "posts/alpha/index.html"
    nav = soup(dev_site, page).find("nav", attrs={"aria-label": "Series"})
    assert nav is not None
    assert re.sub(r"\s+", " ", nav.p.get_text()).strip() == "Part 2 of 5 in Journey"
    assert href(dev_site, page, nav.p.a["href"]) == "series/journey/"
    previous = nav.find("a", rel="prev")
    following = nav.find("a", rel="next")
    assert "Bravo" in previous.get_text()
    assert "Delta" in following.get_text()
    assert href(dev_site, page, previous["href"]) == "posts/bravo/"
    assert href(dev_site, page, following["href"]) == "posts/delta/"
    parts = nav.find("ol").find_all("a")
    assert [a.get_text() for a in parts] == [
        "Bravo",
        "Alpha",
        "Delta",
        "Charlie",
        "Echo",
    ]
    assert [a.get("aria-current") for a in parts] == [None, "page", None, None, None]
    index_link = nav.find("a", string="All series")
    assert href(dev_site, page, index_link["href"]) == "series/"


def test_head_has_prev_next_links(dev_site):
    head = soup(dev_site, "posts/alpha/index.html").head
    assert head.find("link", rel="prev")["href"] == "../../posts/bravo/"
    assert head.find("link", rel="next")["href"] == "../../posts/delta/"
    first = soup(dev_site, "posts/bravo/index.html").head
    assert first.find("link", rel="prev") is None


def test_json_ld_is_part_of_a_creative_work_series(prod_site):
    script = soup(prod_site, "posts/alpha/index.html").find(
        "script", type="application/ld+json"
    )
    data = json.loads(script.string)
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Journey",
        "url": f"{SITEURL}/series/journey/",
    }
    assert data["position"] == 2


def test_posts_outside_a_series_have_none_of_it(dev_site):
    html = dev_site.read("posts/loose/index.html")
    assert 'aria-label="Series"' not in html
    assert 'aria-label="Continue the series"' not in html
    assert "isPartOf" not in html
    page = BeautifulSoup(html, "html.parser")
    assert page.head.find("link", rel="prev") is None
    # Outside a series the only rel=prev is the previous post by date.
    (prev,) = page.find_all(rel="prev")
    assert prev.find_parent("nav")["aria-label"] == "Older and newer posts"


def test_series_page_lists_parts_lessons_and_links(dev_site):
    page = "series/journey/index.html"
    html = soup(dev_site, page)
    assert html.h1.get_text() == "Journey"
    parts = html.find("ol", class_="series-parts").find_all("li")
    assert [li.a.get_text() for li in parts] == [
        "Bravo",
        "Alpha",
        "Delta",
        "Charlie",
        "Echo",
    ]
    assert [href(dev_site, page, li.a["href"]) for li in parts][:2] == [
        "posts/bravo/",
        "posts/alpha/",
    ]
    assert parts[0].find("time")["datetime"] == "2024-01-01T09:00:00-05:00"
    lessons = html.find("section", class_="series-lessons")
    assert lessons.h2.get_text() == "Lessons learned so far"
    items = lessons.find("ol").find_all("li")
    assert [li.contents[0].strip() for li in items] == [
        "Ask one more question.",
        "Listen first.",
        "A no is information.",
    ]
    # The part number is the link; the title is not repeated in the list.
    assert [li.a.get_text() for li in items] == ["Part 1", "Part 2", "Part 3"]
    assert [href(dev_site, page, li.a["href"]) for li in items] == [
        "posts/bravo/",
        "posts/alpha/",
        "posts/delta/",
    ]
    assert html.h1 is html.find_all("h1")[-1]


def test_series_index_lists_every_series_with_counts(dev_site):
    page = "series/index.html"
    html = soup(dev_site, page)
    entries = html.find("ul", class_="series-index").find_all("li", recursive=False)
    assert [li.h2.get_text() for li in entries] == ["Dates Only", "Journey", "One Off"]
    assert [href(dev_site, page, li.h2.a["href"]) for li in entries] == [
        "series/dates-only/",
        "series/journey/",
        "series/one-off/",
    ]
    summary = entries[1].get_text(" ", strip=True)
    assert "5 parts" in summary
    assert "1 part" in entries[2].get_text(" ", strip=True)
    updated = entries[1].find(class_="series-updated").find("time")
    assert updated["datetime"] == "2024-01-10T09:00:00-05:00"


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("series/index.html", "page"),
        ("series/journey/index.html", "true"),
        ("posts/alpha/index.html", None),
        ("index.html", None),
    ],
)
def test_site_nav_links_to_the_series_index(dev_site, page, current):
    nav = soup(dev_site, page).find("nav", attrs={"aria-label": "Site"})
    link = nav.find("a", string="Series")
    assert href(dev_site, page, link["href"]) == "series/"
    assert link.get("aria-current") == current


def test_no_series_no_nav_item_and_no_pages(fixture_content, site_builder):
    site = site_builder(fixture_content("site_minimal"))
    assert site.warnings == []
    assert not (site.output / "series").exists()
    assert ">Series</a>" not in site.read("index.html")


def test_no_feed_in_the_dev_build(dev_site):
    assert not (dev_site.output / "feeds").exists()
    assert "application/atom+xml" not in dev_site.read("series/journey/index.html")


def test_series_feed_parses_and_is_discoverable(prod_site):
    feed_path = "feeds/series/journey.atom.xml"
    feed = feedparser.parse(prod_site.read(feed_path))
    assert not feed.bozo
    assert feed.feed.title == "Common Ground - Journey"
    assert feed.feed.link == f"{SITEURL}/series/journey/"
    assert feed.feed.id == f"{SITEURL}/series/journey/"
    assert [e.title for e in feed.entries] == [
        "Echo",
        "Charlie",
        "Delta",
        "Alpha",
        "Bravo",
    ]
    assert feed.entries[0].link == f"{SITEURL}/posts/echo/"
    for page in ("series/journey/index.html", "posts/alpha/index.html"):
        link = soup(prod_site, page).head.find(
            "link",
            rel="alternate",
            type="application/atom+xml",
            href=re.compile("series"),
        )
        assert link["href"] == f"{SITEURL}/{feed_path}", page
    box = soup(prod_site, "posts/alpha/index.html").find(
        "nav", attrs={"aria-label": "Series"}
    )
    assert (
        box.find("a", type="application/atom+xml")["href"] == f"{SITEURL}/{feed_path}"
    )


def test_drafts_never_leak_into_published_pages(fixture_content, site_builder):
    site = site_builder(fixture_content("series_status"))
    assert [w for w in site.warnings if "posts/future.md" not in w] == []
    for page in ("posts/published-one/index.html", "series/mixed/index.html"):
        html = site.read(page)
        for leaked in ("Draft Part", "Hidden Part", "Future Part", "drafts/"):
            assert leaked not in html, (page, leaked)
    assert "Part 1 of 2" in site.read("posts/published-one/index.html")
    assert 'aria-label="Series"' not in site.read("drafts/draft-part/index.html")
    assert 'aria-label="Series"' not in site.read("posts/hidden-part/index.html")


# --- the showcase -----------------------------------------------------------


SHOWCASE_SERIES = sorted(
    p
    for p in (SHOWCASE_CONTENT / "posts").rglob("*.md")
    if re.search(
        r"^(Series: Lessons Learned From Sales|Tags:.*lessons-learned)",
        p.read_text(encoding="utf-8"),
        re.M,
    )
)


@pytest.mark.slow
def test_showcase_learning_series_renders_as_a_series(showcase):
    slug = "lessons-learned-from-sales"
    page = f"series/{slug}/index.html"
    html = soup(showcase, page)
    assert html.h1.get_text() == "Lessons Learned From Sales"
    parts = html.find("ol", class_="series-parts").find_all("li")
    assert len(parts) == len(SHOWCASE_SERIES) >= 3
    lessons = html.find("section", class_="series-lessons").find_all("li")
    assert len(lessons) >= 3
    for position, li in enumerate(parts, start=1):
        post = href(showcase, page, li.a["href"])
        nav = soup(showcase, post + "index.html").find(
            "nav", attrs={"aria-label": "Series"}
        )
        assert f"Part {position} of {len(parts)}" in nav.get_text(" ", strip=True)
    assert "Series" in [
        a.get_text() for a in soup(showcase, "index.html").find_all("a")
    ]


def test_theme_ignores_raw_series_metadata_without_the_plugin(tmp_path):
    # Signals stay connected for the whole session, so the build runs in a
    # fresh interpreter where the series plugin was never registered.
    script = (
        "import sys; from pathlib import Path; from sitebuild import build_site; "
        "r = build_site(Path(sys.argv[1]), Path(sys.argv[2]), "
        "overrides={'PLUGINS': []}); print(len(r.warnings))"
    )
    output = tmp_path / "output"
    done = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURES / "series_ordered"), str(output)],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0"
    html = (output / "posts/alpha/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Series"' not in html
    assert "isPartOf" not in html
    assert not (output / "series").exists()


def test_rule_built_series_with_markup_in_its_name_is_escaped(
    fixture_content, site_builder
):
    rules = [{"series": 'Q&A <"Calls">', "title": r"^Week \d+:"}]
    site = site_builder(
        fixture_content("series_rules"), overrides={"SERIES_RULES": rules}
    )
    assert site.warnings == []
    page = site.read("series/qa/index.html")
    assert "<h1>Q&amp;A &lt;&#34;Calls&#34;&gt;</h1>" in page
    post = soup(site, "posts/week-4-warm-calls/index.html")
    nav = post.find("nav", attrs={"aria-label": "Series"})
    assert nav.p.a.get_text() == 'Q&A <"Calls">'
    data = json.loads(post.find("script", type="application/ld+json").string)
    assert data["isPartOf"]["name"] == 'Q&A <"Calls">'
    assert broken_references(site.output) == []


def test_two_builds_write_identical_series_output(dev_site, tmp_path):
    from sitebuild import build_site

    again = build_site(FIXTURES / "series_ordered", tmp_path / "output")
    for page in sorted((dev_site.output / "series").rglob("*.html")):
        relative = page.relative_to(dev_site.output).as_posix()
        assert again.read(relative) == dev_site.read(relative), relative
    assert again.read("posts/alpha/index.html") == dev_site.read(
        "posts/alpha/index.html"
    )


def test_a_rule_matches_a_tag_by_its_slug_in_the_build(fixture_content, site_builder):
    # The rule names the tag's slug; the post spells the tag as a name. Pelican
    # gives both one tag page, so the build puts the post in the series too.
    content = fixture_content("series_rules")
    post = content / "posts/tagged2.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace(
            "Tags: listening, lessons-learned", "Tags: listening, Lessons Learned"
        ),
        encoding="utf-8",
    )
    site = site_builder(content, overrides={"SERIES_RULES": RULES})
    assert site.warnings == []
    listed = soup(site, "series/learning-to-sell/index.html").main.get_text()
    assert "Tagged One" in listed
    assert "Tagged Two" in listed
    nav = soup(site, "posts/tagged-two/index.html").find(
        "nav", attrs={"aria-label": "Series"}
    )
    assert nav is not None
    assert "Learning to Sell" in nav.get_text()
