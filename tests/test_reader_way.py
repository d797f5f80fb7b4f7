"""The reader's way through a series and the site (issue 14), on a real build.

The reader_way fixture: a three-part series (the third dated in the future)
with a description file, two posts outside it, two comments and an external
pingback on part one, which part two mentions.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import PROJECT_ROOT, SHOWCASE_SETTINGS, BuildResult, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "reader_way"
TEMPLATES = PROJECT_ROOT / "theme" / "templates"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the fixture once for the module."""
    output = tmp_path_factory.mktemp("reader_way") / "output"
    return build_site(FIXTURE, output, overrides={"SEARCH_INDEX": False})


def soup(site: BuildResult, page: str) -> BeautifulSoup:
    """Parse one output page."""
    return BeautifulSoup(site.read(page), "html.parser")


def target(page: str, href: str) -> str:
    """Return the output path a relative link on `page` points at."""
    base = Path("/", page).parent
    return (base / href).resolve().relative_to("/").as_posix() + "/"


# --- Bylines ------------------------------------------------------------------
def test_byline_reads_with_separators_and_none_starts_an_item(site):
    byline = soup(site, "posts/part-one/index.html").find(class_="post-header").p
    assert "byline" in byline["class"]
    assert byline.get_text() == (
        "November 20, 2023\u00a0· Posted in Learning Journal\u00a0· "
        "2 comments, 2 mentions\u00a0· Reading time: 1 min."
    )
    items = byline.find_all(class_="byline-item", recursive=False)
    assert len(items) == 4
    for item in items[:-1]:
        # The dot is the item's last child, glued to it by a no-break space.
        assert item.contents[-1]["class"] == ["byline-sep"]
    assert items[-1].find(class_="byline-sep") is None


def test_byline_leaves_out_what_a_post_does_not_have(site):
    byline = soup(site, "posts/part-two/index.html").find(class_="post-header").p
    # No comments on an open thread: the form's link; no stray separator.
    assert byline.get_text().endswith("Leave a comment\u00a0· Reading time: 1 min.")
    assert byline.get_text().count("·") == 3


def test_comment_count_says_what_it_counts(site):
    index = soup(site, "index.html")
    counts = {
        a.find_parent("article").h2.get_text(strip=True): a.get_text()
        for a in index.select(".post-comments a")
    }
    assert counts["Part One: Listen"] == "2 comments, 2 mentions"
    assert counts["Part Two: Ask"] == "Leave a comment"


# --- Archives -----------------------------------------------------------------
def test_archives_are_grouped_by_year_newest_first(site):
    page = soup(site, "archives/index.html")
    years = page.find_all("section", class_="archive-year")
    assert [s.h2.get_text() for s in years] == ["2999", "2024", "2023"]
    assert [s["aria-labelledby"] for s in years] == [s.h2["id"] for s in years]
    titles = [[a.get_text() for a in s.select(".p-name")] for s in years]
    assert titles[1] == ["A Later Note on Follow-Ups", "Part Two: Ask"]
    assert titles[2] == ["An Aside About Pricing Pages", "Part One: Listen"]


def test_archive_row_keeps_reading_time_and_comments_apart(site):
    page = soup(site, "archives/index.html")
    row = next(li for li in page.select(".archive-list li") if "Part One" in li.text)
    meta = row.find(class_="byline")
    assert meta.get_text() == "Reading time: 1 min.\u00a0· 2 comments, 2 mentions"


# --- Responses ----------------------------------------------------------------
def test_responses_name_mentions_and_links_and_count_them_all(site):
    page = soup(site, "posts/part-one/index.html")
    section = page.find("section", id="comments")
    assert section.h2.get_text() == "4 Responses to “Part One: Listen”"
    headings = [h.get_text() for h in section.find_all("h3")]
    assert headings == ["Mentioned in", "Linked from"]
    mentioned = section.find("ol", attrs={"aria-labelledby": "mentions-title"})
    assert mentioned.find(class_="p-name").get_text() == "Part Two: Ask"
    linked = section.find("ol", attrs={"aria-labelledby": "links-title"})
    assert linked.find(class_="p-name").get_text() == "Notes on Quiet Selling"


# --- Series: the end of a part, neighbours, takeaway ----------------------------
def test_end_of_a_part_offers_the_next_part(site):
    page = "posts/part-one/index.html"
    nav = soup(site, page).find("nav", attrs={"aria-label": "Continue the series"})
    assert nav.a.get_text() == "Part 2: Part Two: Ask"
    assert target(page, nav.a["href"]) == "posts/part-two/"
    assert not nav.a.has_attr("rel")


def test_end_of_the_latest_part_says_so_and_links_the_series(site):
    page = "posts/part-two/index.html"
    nav = soup(site, page).find("nav", attrs={"aria-label": "Continue the series"})
    assert nav.get_text(" ", strip=True).startswith("This is the latest part of")
    assert target(page, nav.a["href"]) == "series/reading-path/"


def test_every_post_links_its_neighbours_by_date_with_titles(site):
    page = "posts/part-two/index.html"
    nav = soup(site, page).find("nav", attrs={"aria-label": "Older and newer posts"})
    links = nav.find_all("a")
    assert [a.get_text(" ", strip=True) for a in links] == [
        "Previous post An Aside About Pricing Pages",
        "Next post A Later Note on Follow-Ups",
    ]
    assert [target(page, a["href"]) for a in links] == ["posts/aside/", "posts/later/"]
    first = soup(site, "posts/part-one/index.html")
    nav = first.find("nav", attrs={"aria-label": "Older and newer posts"})
    assert [a.get_text(" ", strip=True) for a in nav.find_all("a")] == [
        "Next post An Aside About Pricing Pages"
    ]


@pytest.mark.parametrize(
    "page",
    [
        "posts/part-one/index.html",
        "posts/part-two/index.html",
        "posts/aside/index.html",
    ],
)
def test_rel_prev_and_next_appear_at_most_once_in_a_page(site, page):
    body = soup(site, page).body
    for rel in ("prev", "next"):
        assert len(body.find_all("a", rel=rel)) <= 1, rel


def test_rel_follows_the_series_in_a_series_and_the_dates_outside(site):
    part = soup(site, "posts/part-one/index.html")
    (after,) = part.body.find_all("a", rel="next")
    assert after.find_parent("nav")["aria-label"] == "Series"
    aside = soup(site, "posts/aside/index.html").body
    assert aside.find("a", rel="prev")["href"].endswith("posts/part-one/")
    assert aside.find("a", rel="next")["href"].endswith("posts/part-two/")


def test_a_part_ends_with_its_own_lesson(site):
    takeaway = soup(site, "posts/part-one/index.html").find(class_="post-takeaway")
    assert takeaway.get_text(" ", strip=True) == (
        "Lesson learned: Listen before answering."
    )
    assert soup(site, "posts/aside/index.html").find(class_="post-takeaway") is None


# --- The series page ----------------------------------------------------------
def test_series_page_has_description_start_link_and_numbered_lessons(site):
    page = "series/reading-path/index.html"
    html = soup(site, page)
    description = html.find(class_="series-description")
    assert "DESCRIPTION-MARKER" in description.get_text()
    # {filename} links in a description resolve as in a post.
    link = description.find("a", string="listening")
    assert target(page, link["href"]) == "posts/part-one/"
    start = html.find(class_="series-start").a
    assert start.get_text(" ", strip=True).startswith("Start reading")
    assert target(page, start["href"]) == "posts/part-one/"
    lessons = html.find("section", class_="series-lessons").find_all("li")
    assert [li.a.get_text() for li in lessons] == ["Part 1", "Part 2"]
    assert "Part One: Listen" not in html.find("section", class_="series-lessons").text


def test_series_index_shows_each_description(site):
    entry = soup(site, "series/index.html").find("ul", class_="series-index").li
    assert "DESCRIPTION-MARKER" in entry.find(class_="series-description").text


def test_description_files_are_never_read_as_posts(site):
    assert not (site.output / "posts" / "reading-path").exists()
    assert "DESCRIPTION-MARKER" not in site.read("index.html")


def test_series_description_from_the_setting(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    shutil.rmtree(content / "series")
    built = build_site(
        content,
        tmp_path / "output",
        overrides={
            "SEARCH_INDEX": False,
            "SERIES_DESCRIPTIONS": {"Reading Path": "Told <in> settings."},
        },
    )
    description = soup(built, "series/reading-path/index.html").find(
        class_="series-description"
    )
    assert description.p.get_text() == "Told <in> settings."


def test_description_file_of_no_series_is_named_in_a_warning(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "series" / "reading-pth.md").write_text("Typo.\n", encoding="utf-8")
    built = build_site(content, tmp_path / "output", overrides={"SEARCH_INDEX": False})
    (warning,) = [w for w in built.warnings if "reading-pth" in w]
    assert warning.startswith("series: series/reading-pth.md: no published series")
    assert "reading-path" in warning


def test_description_folder_inside_article_paths_is_named_in_a_warning(tmp_path):
    built = build_site(
        FIXTURE,
        tmp_path / "output",
        overrides={
            "SEARCH_INDEX": False,
            "ARTICLE_PATHS": [""],
            "ARTICLE_EXCLUDES": ["comments", "posts"],
        },
    )
    assert any(
        w.startswith("series: series: series descriptions would be read as articles")
        and "ARTICLE_EXCLUDES" in w
        for w in built.warnings
    )


def test_no_description_folder_no_warning_whatever_the_paths(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    shutil.rmtree(content / "series")
    built = build_site(
        content,
        tmp_path / "output",
        overrides={"SEARCH_INDEX": False, "ARTICLE_PATHS": [""]},
    )
    assert not [w for w in built.warnings if "would be read as" in w]


def test_a_future_part_gets_one_warning_naming_file_and_date(site):
    found = [w for w in site.warnings if "part-three" in w]
    assert found == [
        "series: posts/part-three.md: dated 2999-01-01T09:00:00-05:00, in the "
        "future; left out of 'Reading Path' until then"
    ]


# --- Category, home ---------------------------------------------------------------
def test_category_page_is_titled_with_the_category_name(site):
    page = soup(site, "category/learning-journal/index.html")
    assert page.h1.get_text() == "Learning Journal"
    assert page.title.get_text().startswith("Learning Journal ·")


def test_home_page_opens_with_the_site_intro(site):
    intro = soup(site, "index.html").main.find(True)
    assert intro["class"] == ["site-intro"]
    assert intro.get_text().startswith("Notes from someone learning to sell")


def test_home_intro_falls_back_to_the_subtitle_and_shows_on_page_one(tmp_path):
    built = build_site(
        FIXTURE,
        tmp_path / "output",
        overrides={"SEARCH_INDEX": False, "SITE_INTRO": None, "DEFAULT_PAGINATION": 2},
    )
    first = soup(built, "index.html").find(class_="site-intro")
    assert first.get_text() == built_subtitle()
    assert soup(built, "page/2/index.html").find(class_="site-intro") is None


def built_subtitle() -> str:
    """Return SITESUBTITLE from the project's settings."""
    text = SHOWCASE_SETTINGS.read_text(encoding="utf-8")
    return re.search(r'^SITESUBTITLE = "(.*)"$', text, re.M)[1]


# --- Reading-time badge: one place -----------------------------------------------
def test_series_total_uses_the_reading_time_label_and_units(tmp_path):
    built = build_site(
        FIXTURE,
        tmp_path / "output",
        overrides={
            "SEARCH_INDEX": False,
            "READING_TIME_LABEL": "Lesezeit:",
            "READING_TIME_UNIT_SINGULAR": "Minute",
            "READING_TIME_UNIT_PLURAL": "Minuten",
        },
    )
    total = soup(built, "series/reading-path/index.html").find(class_="series-total")
    assert total.get_text() == "Lesezeit: 2 Minuten"
    post = soup(built, "posts/part-one/index.html").find(class_="reading-time")
    assert post.get_text() == "Lesezeit: 1 Minute"


# --- Templates: one way of doing things ----------------------------------------
def test_no_partial_sets_a_variable_for_others_to_read():
    for template in TEMPLATES.rglob("*.html"):
        assert "article_href" not in template.read_text(encoding="utf-8"), template


@pytest.mark.parametrize(
    "pattern",
    [
        r"is defined and \w+\.(comment_ui|open)",
        r"\.(position|iso_duration|comment_count|comment_ui) is defined",
        r"ignore missing",
        r"in PLUGINS",
        r"ld\.update",
    ],
)
def test_plugins_are_asked_after_one_way_only(pattern):
    found = [
        str(t.relative_to(TEMPLATES))
        for t in TEMPLATES.rglob("*.html")
        if re.search(pattern, t.read_text(encoding="utf-8"))
    ]
    assert found == []


# --- Validity -------------------------------------------------------------------
@pytest.mark.slow
def test_every_page_is_valid_html(site):
    from test_validity import nu_errors

    assert nu_errors(site.output) == []


# --- Microformats ------------------------------------------------------------------
def test_archive_rows_and_post_stay_h_entries(site):
    import mf2py

    archive = mf2py.parse(doc=site.read("archives/index.html"), url="https://x.org/")
    entries = [i for i in archive["items"] if "h-entry" in i["type"]]
    names = [e["properties"]["name"][0] for e in entries]
    assert names == [
        "Part Three: Not Yet",
        "A Later Note on Follow-Ups",
        "Part Two: Ask",
        "An Aside About Pricing Pages",
        "Part One: Listen",
    ]
    assert all(e["properties"]["published"] for e in entries)
    post = mf2py.parse(doc=site.read("posts/part-one/index.html"), url="https://x.org/")
    (entry,) = [i for i in post["items"] if "h-entry" in i["type"]]
    assert entry["properties"]["name"] == ["Part One: Listen"]
    assert "Learning Journal" in entry["properties"]["category"]
    assert len(entry["properties"]["comment"]) == 4


def test_every_reference_resolves(site):
    from linkcheck import broken_references

    assert broken_references(site.output) == []
