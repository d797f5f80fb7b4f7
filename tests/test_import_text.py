"""Imported text stays text, imported markup stays markup, and bodies keep shape.

The fixtures hold every field twice: as WordPress stores text that shows markup
(`&lt;script&gt;`) and as real markup a hostile export could carry. The import
is built with the project's settings and every page kind is opened in Chromium.
"""

from __future__ import annotations

import html
from pathlib import Path

import markdown
import pytest
from browser.site_server import serve
from bs4 import BeautifulSoup
from sitebuild import build_site
from test_validity import nu_errors

from common_ground_tools.blog_import.convert import comment_markdown, to_markdown
from common_ground_tools.check_content import main as check_main
from common_ground_tools.import_blog import main as import_main
from pelican.plugins.common_ground_comments.render import Renderer

FIXTURES = Path(__file__).parent / "fixtures" / "import_fields"
FIELDS = FIXTURES / "export.xml"
STRUCTURE = FIXTURES / "structure.xml"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"


@pytest.fixture(scope="module")
def fields_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("fields")
    content = root / "content"
    content.mkdir()
    assert import_main([str(FIELDS), "--content", str(content)]) == 0
    result = build_site(
        content, root / "output", overrides={"SEARCH_INDEX": False, "SITEURL": ""}
    )
    return content, result


@pytest.fixture(scope="module")
def structure_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("structure")
    content = root / "content"
    content.mkdir()
    args = [str(STRUCTURE), "--content", str(content), "--uploads", str(root)]
    assert import_main(args) == 0
    result = build_site(
        content, root / "output", overrides={"SEARCH_INDEX": False, "SITEURL": ""}
    )
    return content, result


def only(output: Path, folder: str, word: str) -> str:
    """Return the address of the one page under `folder` whose slug has `word`."""
    found = [p for p in (output / folder).iterdir() if p.name.startswith(word)]
    assert len(found) == 1, found
    return f"/{folder}/{found[0].name}/"


def test_every_field_is_written_as_text_or_safe_markup(fields_site):
    content, result = fields_site
    assert result.warnings == []
    entities = (content / "posts" / "entities.md").read_text()
    markup = (content / "posts" / "markup.md").read_text()
    # Title and Summary are HTML and Markdown: text in them is escaped.
    assert "Title: Markup <em>emphasised</em>\n" in markup
    assert "Title: Entities &lt;script&gt;" in entities
    assert "Summary: Excerpt &lt;script&gt;" in entities
    # Category, Tags and Author are text (decoded once); the theme escapes them.
    assert f"Category: Cat {SCRIPT}\n" in entities
    assert f"Tags: Tag {SCRIPT}\n" in entities
    assert f"Author: Ent {SCRIPT}\n" in entities
    body = markup.split("\n\n", 1)[1]
    assert "<script" not in body
    assert "onerror" not in body


def _visit(page, url: str) -> str:
    """Open `url`, give handlers a chance to fire, and return the visible text."""
    page.goto(url, wait_until="networkidle")
    page.mouse.move(300, 300)
    page.keyboard.press("Tab")
    assert page.evaluate("typeof window.__pwned") == "undefined", url
    # The footer is still there: no text opened an element that ate the page.
    assert page.locator("body > footer, footer").count() >= 1, url
    return page.locator("body").inner_text()


@pytest.mark.browser
def test_no_field_runs_script_and_text_shows_as_text(fields_site, browser_page):
    output = fields_site[1].output
    dialogs: list[str] = []
    browser_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(output) as base:
        post = _visit(browser_page, f"{base}/posts/entities/")
        assert f"Entities {SCRIPT} & <em>shown</em>" in post
        assert f"Body {SCRIPT} {IMG} stays text." in post
        assert f"Comment {SCRIPT} shrugs ¯\\_(ツ)_/¯" in post
        assert f"Visitor {SCRIPT}" in post

        markup = _visit(browser_page, f"{base}/posts/markup/")
        # A title WordPress showed with emphasis shows emphasis, not tags.
        assert browser_page.locator("h1 em").inner_text() == "emphasised"
        assert browser_page.locator("h1").inner_text() == "Markup emphasised"
        assert "Body stronglinkjs ends." in markup
        assert "Comment bold" in markup

        listing = _visit(browser_page, f"{base}/")
        assert f"Excerpt {SCRIPT} with <code> and <iframe> as words." in listing
        # An excerpt's real emphasis stays emphasis; its script is gone.
        assert browser_page.locator("article em", has_text="stressed").count() == 1
        assert "Excerpt stressed ends." in listing

        category = _visit(browser_page, base + only(output, "category", "cat"))
        assert f"Cat {SCRIPT}" in category
        assert browser_page.title().startswith(f"Cat {SCRIPT} · ")
        raw_category = _visit(browser_page, base + only(output, "category", "raw"))
        assert f"Raw {IMG}" in raw_category

        tag = _visit(browser_page, base + only(output, "tag", "rawtag"))
        assert f"RawTag {SCRIPT}" in tag
        tag = _visit(browser_page, base + only(output, "tag", "tag-"))
        assert f"Tag {SCRIPT}" in tag
        assert browser_page.title().startswith(f"Tagged Tag {SCRIPT} · ")

        author = _visit(browser_page, base + only(output, "author", "ent"))
        assert f"Posts by Ent {SCRIPT}" in author
        # The window title shows the name as text too, tags and all.
        assert browser_page.title().startswith(f"Posts by Ent {SCRIPT} · ")
        author = _visit(browser_page, base + only(output, "author", "raw"))
        assert f"Posts by Raw {IMG}" in author

        for listing_page in ("/categories/", "/tags/", "/authors/", "/archives/"):
            _visit(browser_page, base + listing_page)
    assert dialogs == []


def test_removed_markup_is_named_with_its_post(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    assert import_main([str(FIELDS), "--content", str(content), "--dry-run"]) == 0
    out = capsys.readouterr().out
    post = "WordPress post 12 'Markup <em>emphasised</em>"
    lines = [line for line in out.splitlines() if line.startswith(f"warning: {post}")]
    assert len(lines) == 3
    assert lines[0].endswith("title markup not kept: <script>, <img>")
    assert lines[1].endswith("excerpt markup not kept: <script>, <img>")
    assert lines[2].endswith(
        "not kept (unsafe or unsupported): <script>, onclick= on <a>, <svg>, "
        "javascript: href on <a>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "#tag at the start",
        "> not a quote",
        "1. not a list",
        "- not a list",
        "+ not a list",
        "=== not a heading",
        ": not a definition",
        "`tick` *star* _under_ \\back [link](x) {braces} !bang |pipe| &amp; <b>",
        "¯\\_(ツ)_/¯",
    ],
)
def test_literal_characters_round_trip_through_markdown(text):
    # WordPress text as the export holds it: HTML, one paragraph.
    converted = to_markdown(f"<p>{html.escape(text, quote=False)}</p>", str)
    rendered = markdown.markdown(converted.markdown, extensions=["extra", "toc"])
    soup = BeautifulSoup(rendered, "html.parser")
    # One paragraph holding exactly the text, and no element inside it.
    assert [tag.name for tag in soup.find_all(True)] == ["p"]
    assert soup.p.get_text() == text


def _soup(result, page: str) -> BeautifulSoup:
    return BeautifulSoup(result.read(page), "html.parser")


def _entry(result, slug: str):
    return _soup(result, f"posts/{slug}/index.html").find(class_="e-content")


def test_nested_lists_keep_their_depth(structure_site):
    assert structure_site[1].warnings == []
    classic = _entry(structure_site[1], "classic-shapes")
    # 4 lists in the source: ul > ul > ul, and an ol in the outer ul.
    assert len(classic.find_all(["ul", "ol"])) == 4
    deepest = classic.select_one("ul > li > ul > li > ul")
    assert [li.get_text() for li in deepest.find_all("li")] == ["Cox", "Gala"]
    assert [li.get_text() for li in classic.select("ul > li > ol > li")] == [
        "Leeks",
        "Kale",
    ]
    blocks = _entry(structure_site[1], "block-media")
    assert blocks.select_one("ul > li > ul > li").get_text() == "One point one"


def test_classic_table_stays_a_table(structure_site):
    table = _entry(structure_site[1], "classic-shapes").find("table")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.find_all("tr")]
    assert rows == [["Region", "Sales"], ["North", "12 | 14"]]


def test_hashtag_lines_and_literal_characters_stay_text(structure_site):
    classic = _entry(structure_site[1], "classic-shapes")
    assert classic.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is None
    paragraphs = [p.get_text() for p in classic.find_all("p")]
    assert "#tag lines are hashtags, not headings" in paragraphs
    assert "# not a heading either" in paragraphs
    assert (
        "Literal characters: a > b, 3 * 4 = 12, snake_case_name, a `backquote`, "
        "[square] and C:\\path\\to stay."
    ) in paragraphs
    assert classic.find(["em", "strong", "code"]) is None or not any(
        tag.find_parent("p") and "Literal" in tag.find_parent("p").get_text()
        for tag in classic.find_all(["em", "strong", "code"])
    )


def test_caption_is_a_figure_and_not_alt_text(structure_site):
    figure = _entry(structure_site[1], "classic-shapes").find(
        "figure", class_="wp-caption"
    )
    caption = figure.find("figcaption")
    assert caption.get_text() == "The team at the spring fair"
    assert caption.find("em").get_text() == "spring"
    image = figure.find("img")
    assert image.get("alt") in (None, "")
    assert "The team" not in str(image)
    # No second copy of the caption as a paragraph.
    assert "The team at the" not in " ".join(
        p.get_text() for p in _entry(structure_site[1], "classic-shapes")("p")
    )


def test_image_sizes_are_kept_in_the_post_and_the_listing(structure_site):
    result = structure_site[1]
    for soup in (_entry(result, "classic-shapes"), _soup(result, "index.html")):
        chart = soup.find("img", alt="A bar chart of sales")
        assert chart["width"] == "300"
        assert "size-medium" in chart["class"]


def test_media_and_https_embeds_are_kept(structure_site):
    result = structure_site[1]
    blocks = _entry(result, "block-media")
    assert blocks.select_one("figure.wp-block-audio audio")["src"] == (
        "https://media.shapes.example/talk.mp3"
    )
    assert blocks.select_one("figure.wp-block-audio figcaption").get_text() == (
        "The talk"
    )
    assert blocks.select_one("figure.wp-block-video video")["src"] == (
        "https://media.shapes.example/demo.mp4"
    )
    classic = _entry(result, "classic-shapes")
    # [audio] and [video] shortcodes become the players WordPress showed.
    assert classic.select_one("figure.wp-block-audio audio")["src"] == (
        "https://media.shapes.example/interview.mp3"
    )
    video = classic.select_one("figure.wp-block-video video")
    assert (video["src"], video["width"]) == (
        "https://media.shapes.example/tour.mp4",
        "640",
    )
    iframes = classic.find_all("iframe")
    assert [i["src"] for i in iframes] == [
        "https://www.youtube-nocookie.com/embed/abc123"
    ]


def test_what_is_not_kept_is_named_with_its_post(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    args = [str(STRUCTURE), "--content", str(content), "--uploads", str(tmp_path)]
    assert import_main(args) == 0
    out = capsys.readouterr().out
    post = "WordPress post 31 'Classic shapes'"
    assert f"{post}: image 2016/05/chart-300x200.png is missing from UPLOADS" in out
    assert f"{post}: image 2016/05/team-300x200.jpg is missing from UPLOADS" in out
    assert (
        f"{post}: not kept (unsafe or unsupported): <iframe> from "
        "http://insecure.example/player (only https is kept)"
    ) in out


def test_make_check_warns_about_images_from_other_sites(structure_site, capsys):
    content = structure_site[0]
    assert check_main(["--content", str(content)]) == 0
    out = capsys.readouterr().out
    warned = [line for line in out.splitlines() if "another site" in line]
    assert len(warned) == 3
    assert any(
        "classic-shapes.md:" in line and "cdn.elsewhere.example" in line
        for line in warned
    )


def test_comment_bodies_are_html_text_not_markdown():
    body = comment_markdown("Shrug ¯\\_(ツ)_/¯ *not bold* # no\n\n> no quote &lt;b&gt;")
    rendered = Renderer().render(body)
    soup = BeautifulSoup(rendered, "html.parser")
    assert [p.get_text() for p in soup("p")] == [
        "Shrug ¯\\_(ツ)_/¯ *not bold* # no",
        "> no quote <b>",
    ]
    assert soup.find(["em", "blockquote", "b"]) is None


def test_imported_bodies_are_valid_html(structure_site, fields_site):
    # Figures, players, embeds, kept sizes and the escaped names: all valid.
    structure, fields = structure_site[1].output, fields_site[1].output
    assert nu_errors(structure / "posts", fields / "posts", fields / "category") == []


def test_alt_text_that_looks_like_markup_stays_alt_text():
    alt = "Chart 2016] of *all* <script> sales_total"
    converted = to_markdown(f'<img src="/c.png" alt="{html.escape(alt)}">', str)
    rendered = markdown.markdown(converted.markdown, extensions=["extra", "toc"])
    image = BeautifulSoup(rendered, "html.parser").find("img")
    assert image["alt"] == alt


def test_plain_text_comments_keep_their_characters_and_lines():
    # No tags and no entities: the fast path, same result as the HTML path.
    body = "Shrug ¯\\_(ツ)_/¯ *not bold*\n# no heading\n\n1. not a list"
    soup = BeautifulSoup(Renderer().render(comment_markdown(body)), "html.parser")
    assert [p.get_text() for p in soup("p")] == [
        "Shrug ¯\\_(ツ)_/¯ *not bold*\n# no heading",
        "1. not a list",
    ]
    assert soup.find(["em", "h1", "ol"]) is None
    assert soup.find("br") is not None
