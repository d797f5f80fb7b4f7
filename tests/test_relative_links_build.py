"""Existing Pelican content builds as its author meant it (plugins/relative_links).

The foreign_pelican fixture is a journal written for plain Pelican: `---` front
matter with lowercase keys, category folders with spaces, `series:`, raw links
written for flat pages (`first-steps.html`, `/how-to-display-your-profiles`,
`search-engine-optimization#where-to-start`), images beside the post and in
images/, a video <source>, a srcset, and posts without summaries in listings.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, PUBLISHED_SITEURL, build_fixture
from linkcheck import broken_references, target_file
from pelican import signals
from sitebuild import BuildResult, build_site, run_pelican
from test_validity import nu_errors

UNRESOLVED = "launch-notes.html"
SEO_SOURCE = "posts/Search Marketing/search-engine-optimization.md"


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the fixture with pelicanconf.py, as `make html` does."""
    output = tmp_path_factory.mktemp("foreign") / "output"
    return build_fixture("foreign_pelican", output)


@pytest.fixture(scope="module")
def foreign_published(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the fixture with publishconf.py: absolute URLs and feeds."""
    output = tmp_path_factory.mktemp("foreign-published") / "output"
    return build_fixture("foreign_pelican", output, published=True)


def soup_of(build: BuildResult, page: str) -> BeautifulSoup:
    return BeautifulSoup(build.read(page), "html.parser")


def post_references(build: BuildResult, page: str) -> list[str]:
    """Return every URL in the post's own text (e-content), srcset candidates too."""
    body = soup_of(build, page).find(class_="e-content")
    found = []
    for tag in body.find_all(True):
        for attribute in ("href", "src", "poster"):
            if tag.get(attribute):
                found.append(tag[attribute])
        for candidate in (tag.get("srcset") or "").split(","):
            if candidate.strip():
                found.append(candidate.split()[0])
    return found


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "posts/first-steps/index.html",
            [
                "#what-you-need",
                "../../posts/how-to-display-your-profiles/",
                "../../images/news/clip.mp4",
                "../../about/?from=first-steps",
                "https://docs.getpelican.com/",
                "/archives/",
            ],
        ),
        (
            "posts/how-to-display-your-profiles/index.html",
            [
                "../../images/profile-card.png",
                "../../posts/first-steps/",
                "../../posts/search-engine-optimization/#where-to-start",
                "../../category/search-marketing/",
            ],
        ),
        (
            "posts/search-engine-optimization/index.html",
            [
                "../../posts/Search%20Marketing/page-anatomy.svg",
                "/images/profile-card.png",
                "/images/profile-card-2x.png",
                "../../images/profile-card.png",
                "../../posts/how-to-display-your-profiles/#features",
                # Still unresolved (and warned about), but where the old flat
                # page pointed: /launch-notes.html on the site.
                "/" + UNRESOLVED,
                "/" + UNRESOLVED,
            ],
        ),
    ],
)
def test_raw_references_resolve_to_the_posts_real_urls(foreign, page, expected):
    assert post_references(foreign, page) == expected


def test_page_references_resolve_from_the_old_pages_folder(foreign):
    about = soup_of(foreign, "about/index.html").find("article")
    assert about.find("a", string="first steps")["href"] == "../posts/first-steps/"
    assert about.find("img")["src"] == "../images/profile-card.png"
    assert about.find("a", string="the front page")["href"] == "../index.html"


@pytest.mark.parametrize("build", ["foreign", "foreign_published"])
def test_every_resolved_reference_names_a_file_of_the_output(build, request):
    result: BuildResult = request.getfixturevalue(build)
    site_url = PUBLISHED_SITEURL if build == "foreign_published" else ""
    broken = broken_references(result.output, site_url)
    # Only the one reference that names nothing stays broken, on its post.
    assert broken
    # It points where the old flat page pointed: /launch-notes.html.
    as_on_old_page = f"{site_url}/{UNRESOLVED}"
    assert {b.rsplit(": ", 1)[1] for b in broken} == {as_on_old_page}
    for post in sorted(result.output.glob("posts/*/index.html")):
        page = post.relative_to(result.output).as_posix()
        for reference in post_references(result, page):
            if reference in {as_on_old_page, "https://docs.getpelican.com/"}:
                continue
            if reference.startswith("#"):
                assert BeautifulSoup(post.read_text(), "html.parser").find(
                    id=reference[1:]
                )
                continue
            target = target_file(result.output, post, reference, site_url)
            assert target is not None, (page, reference)
            assert target.is_file(), (page, reference)


def test_a_file_beside_the_post_is_copied_though_outside_static_paths(foreign):
    assert (foreign.output / "posts/Search Marketing/page-anatomy.svg").is_file()


def test_one_warning_per_unresolved_reference_names_file_and_reference(foreign):
    ours = [w for w in foreign.warnings if w.startswith("relative_links:")]
    assert len(ours) == 1
    assert SEO_SOURCE in ours[0]
    assert repr(UNRESOLVED) in ours[0]
    # Nothing else warns: every other reference was resolved.
    assert [
        w for w in foreign.warnings if not w.startswith(("relative_links", "Build"))
    ] == []


def test_feeds_carry_the_resolved_absolute_urls(foreign_published):
    feed = foreign_published.read("feeds/all.atom.xml")
    assert f"{PUBLISHED_SITEURL}/posts/how-to-display-your-profiles/" in feed
    assert f"{PUBLISHED_SITEURL}/images/news/clip.mp4" in feed
    assert (
        f"{PUBLISHED_SITEURL}/posts/search-engine-optimization/#where-to-start" in feed
    )
    assert "first-steps.html" not in feed
    assert 'src="./images' not in feed


def test_front_matter_folders_with_spaces_and_series_build(foreign):
    assert len(list(foreign.output.glob("posts/*/index.html"))) == 3
    assert (foreign.output / "about/index.html").is_file()
    categories = soup_of(foreign, "categories/index.html").get_text()
    assert "Getting Started" in categories
    assert "Search Marketing" in categories
    series = soup_of(foreign, "series/starting-out/index.html").get_text()
    assert "First Steps" in series
    assert "How to Display Your Profiles" in series
    assert (foreign.output / "tag/profiles/index.html").is_file()


def listing_pages(build: BuildResult) -> list[Path]:
    return [
        build.output / "index.html",
        build.output / "tag/setup/index.html",
        build.output / "category/getting-started/index.html",
        build.output / "author/dana-whitfield/index.html",
    ]


def test_listings_show_full_text_with_unique_ids(foreign):
    for page in listing_pages(foreign):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids = Counter(tag["id"] for tag in soup.find_all(id=True))
        assert [i for i, n in ids.items() if n > 1] == [], page
        # The posts without a summary show their headings here.
        assert "first-steps-introduction" in ids, page


def test_fragment_links_in_listings_reach_their_target(foreign):
    for page in listing_pages(foreign):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        for link in soup.select(".p-summary a[href]"):
            href = link["href"]
            if href.startswith("#"):
                assert href[1:] in ids, (page, href)
            else:
                target = target_file(foreign.output, page, href)
                fragment = urlsplit(href).fragment
                if target is None or not fragment:
                    continue
                there = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                assert there.find(id=fragment), (page, href)
    index = soup_of(foreign, "index.html")
    link = index.find("a", string="what you need")
    assert link["href"] == "#first-steps-what-you-need"


def test_the_post_page_keeps_its_own_ids(foreign):
    soup = soup_of(foreign, "posts/first-steps/index.html")
    assert soup.find("h2", id="what-you-need")
    assert soup.find("a", string="what you need")["href"] == "#what-you-need"


@pytest.mark.slow
def test_nu_html_checker_finds_no_errors_on_any_page(foreign, foreign_published):
    pages = list(foreign.output.rglob("*.html")) + list(
        foreign_published.output.rglob("*.html")
    )
    assert len(pages) > 40
    assert nu_errors(foreign.output, foreign_published.output) == []


def test_old_urls_of_another_shape_follow_the_setting(fixture_content, site_builder):
    content = fixture_content("foreign_pelican")
    post = content / "posts/Getting Started/first-steps.md"
    text = post.read_text(encoding="utf-8").replace(
        "./images/news/clip.mp4", "../images/news/clip.mp4"
    )
    post.write_text(text, encoding="utf-8")
    # The old site kept posts at 2021/first-steps.html: ../images is images/.
    result = site_builder(
        content, overrides={"RELATIVE_LINKS_ARTICLE_URL": "{date:%Y}/{slug}.html"}
    )
    source = soup_of(result, "posts/first-steps/index.html").find("source")
    assert source["src"] == "../../images/news/clip.mp4"


def test_a_srcset_file_outside_static_paths_is_reported(fixture_content, site_builder):
    content = fixture_content("foreign_pelican")
    (content / "art").mkdir()
    (content / "art/wide.png").write_bytes(
        (content / "images/profile-card.png").read_bytes()
    )
    post = content / "posts/Getting Started/first-steps.md"
    post.write_text(
        post.read_text(encoding="utf-8")
        + '\n<img src="images/profile-card.png" srcset="art/wide.png 2x" alt="A">\n',
        encoding="utf-8",
    )
    result = site_builder(content)
    ours = [w for w in result.warnings if "art/wide.png" in w]
    assert len(ours) == 1
    assert "STATIC_PATHS" in ours[0]
    assert "first-steps.md" in ours[0]


def test_a_bad_setting_stops_the_build_by_name(tmp_path):
    status, said = run_pelican(
        FIXTURES / "foreign_pelican",
        tmp_path / "output",
        'RELATIVE_LINKS_PAGE_URL="{title}.html"',
    )
    assert status == 1
    assert "RELATIVE_LINKS_PAGE_URL" in said
    assert "Traceback" not in said


def test_a_cached_rebuild_resolves_and_warns_the_same(tmp_path):
    # Pelican's content cache keeps the post objects (make html, devserver):
    # the second build starts from what the first one rewrote.
    overrides = {
        "SEARCH_INDEX": False,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    builds = [
        build_site(FIXTURES / "foreign_pelican", tmp_path / name, overrides=overrides)
        for name in ("cold", "cached")
    ]
    cold, cached = (
        {
            p.relative_to(b.output).as_posix(): p.read_bytes()
            for p in sorted(b.output.rglob("*"))
            if p.is_file()
        }
        for b in builds
    )
    assert cold == cached
    for build in builds:
        ours = [w for w in build.warnings if w.startswith("relative_links:")]
        assert len(ours) == 1
        assert repr(UNRESOLVED) in ours[0]


def test_a_pattern_that_does_not_fit_a_page_is_named(fixture_content, site_builder):
    # "about" has no 21st letter: the pattern cannot place it.
    result = site_builder(
        fixture_content("foreign_pelican"),
        overrides={"RELATIVE_LINKS_PAGE_URL": "{slug[20]}/{slug}.html"},
    )
    ours = [w for w in result.warnings if "RELATIVE_LINKS_PAGE_URL" in w]
    assert len(ours) == 1
    assert "about.md" in ours[0]
    assert (result.output / "about/index.html").is_file()


# --- A file deployed beside the site (issue 18) -------------------------------
VIDEO_POST = """Title: Talk
Date: 2021-05-01
Category: Talks

<video controls src="videos/talk.mp4#t=5"></video>
[the slides](../decks/talk.pdf)
"""


@pytest.mark.parametrize(
    ("old_url", "published", "video", "deck"),
    [
        # Plain Pelican put the post at talk.html: videos/ was at the root.
        ("{slug}.html", False, "/videos/talk.mp4#t=5", None),
        ("{slug}.html", True, f"{PUBLISHED_SITEURL}/videos/talk.mp4#t=5", None),
        # ... or at 2021/talk.html: ../decks/ was at the root too.
        (
            "{date:%Y}/{slug}.html",
            False,
            "/2021/videos/talk.mp4#t=5",
            "/decks/talk.pdf",
        ),
    ],
)
def test_a_file_outside_the_content_tree_keeps_its_old_flat_meaning(
    tmp_path, old_url, published, video, deck
):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts/talk.md").write_text(VIDEO_POST, encoding="utf-8")
    overrides = {"SEARCH_INDEX": False, "RELATIVE_LINKS_ARTICLE_URL": old_url}
    if published:
        overrides["SITEURL"] = PUBLISHED_SITEURL
    result = build_site(
        content,
        tmp_path / "output",
        conf="publishconf.py" if published else "pelicanconf.py",
        overrides=overrides,
    )
    body = soup_of(result, "posts/talk/index.html").find(class_="e-content")
    assert body.find("video")["src"] == video
    link = body.find("a")["href"]
    ours = [w for w in result.warnings if w.startswith("relative_links:")]
    # The warning stays, naming the post, the reference and where it now points.
    assert any(
        "posts/talk.md" in w and "'videos/talk.mp4#t=5'" in w and video in w
        for w in ours
    ), ours
    if deck is None:
        # From talk.html, ../decks/ leaves the site: left as written, warned.
        assert link == "../decks/talk.pdf"
        assert any("'../decks/talk.pdf'" in w for w in ours)
    else:
        assert link == deck


def test_a_link_never_reaches_a_file_outside_the_content_tree(tmp_path):
    content = tmp_path / "site" / "content"
    (content / "posts").mkdir(parents=True)
    (tmp_path / "site" / "secret.txt").write_text("not for the web\n")
    (content / "posts/leak.md").write_text(
        "Title: Leak\nDate: 2021-05-01\n\n"
        "[a](../secret.txt) [b](../../secret.txt) [c](/../secret.txt)\n",
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "output", overrides={"SEARCH_INDEX": False})
    assert not list(result.output.rglob("secret.txt"))
    links = [
        a["href"]
        for a in soup_of(result, "posts/leak/index.html")
        .find(class_="e-content")
        .find_all("a")
    ]
    # From leak.html, ../ leaves the old site's root too: left as written.
    assert links == ["../secret.txt", "../../secret.txt", "/../secret.txt"]
    ours = [w for w in result.warnings if w.startswith("relative_links:")]
    assert len(ours) == 3
    assert all("posts/leak.md" in w for w in ours)


def test_each_address_is_formatted_once_and_is_where_the_page_is(tmp_path):
    # Pelican formats `url` from its settings on every access; the plugin keeps
    # the address Pelican formatted once per build, for every article and page.
    seen: list[Any] = []

    def keep(generators: list[Any]) -> None:
        for generator in generators:
            seen.extend(getattr(generator, "articles", []))
            seen.extend(getattr(generator, "pages", []))

    signals.all_generators_finalized.connect(keep)
    try:
        result = build_fixture("foreign_pelican", tmp_path / "output")
    finally:
        signals.all_generators_finalized.disconnect(keep)
    assert seen
    for item in seen:
        kept = vars(item).get("override_url")
        assert kept is not None, item.source_path
        # The kept address is the folder of the file the page was written to.
        assert (result.output / item.save_as).is_file(), item.save_as
        assert item.save_as == f"{kept}index.html"
        assert item.url == kept
