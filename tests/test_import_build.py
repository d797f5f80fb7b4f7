"""Import real exports into a temporary content tree, then build it with the site."""

from __future__ import annotations

from pathlib import Path

import mf2py
import pelican
import pytest
from browser.site_server import serve
from sitebuild import build_site
from test_validity import nu_errors

from common_ground_tools.check_content import main as check_main
from common_ground_tools.import_blog import main as import_main

FIXTURES = Path(__file__).parent / "fixtures"
PELICAN_EXPORT = (
    Path(pelican.__file__).parent / "tests" / "content" / "wordpressexport.xml"
)
WXR = FIXTURES / "import_wxr12" / "export.xml"
UPLOADS = FIXTURES / "import_wxr12" / "uploads"
DISQUS = FIXTURES / "import_disqus" / "export.xml"
SITE = "https://site.example"
FIRST = "posts/ask-before-you-pitch/index.html"


def run_import(content: Path, export: Path, *extra: str) -> int:
    return import_main([str(export), "--content", str(content), *extra])


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Import the WXR 1.2 fixture (with uploads) and the Disqus fixture, then build."""
    root = tmp_path_factory.mktemp("imported")
    content = root / "content"
    content.mkdir()
    assert run_import(content, WXR, "--uploads", str(UPLOADS)) == 0
    assert run_import(content, DISQUS) == 0
    result = build_site(
        content, root / "output", overrides={"SEARCH_INDEX": False, "SITEURL": ""}
    )
    return content, result


def entry(result, page: str = FIRST) -> dict:
    doc = mf2py.parse(doc=result.read(page), url=f"{SITE}/{page}")
    return next(i for i in doc["items"] if "h-entry" in i["type"])


def comments_by_id(result) -> dict[str, dict]:
    found = {}
    for item in entry(result)["properties"]["comment"]:
        url = item["properties"]["url"][0]
        found[url.rsplit("#comment-", 1)[-1] if "#comment-" in url else url] = item
    return found


def test_imported_blog_builds_without_warnings(imported):
    assert imported[1].warnings == []


def test_threads_replies_and_statuses_come_through(imported):
    comments = comments_by_id(imported[1])
    base = f"{SITE}/{FIRST.removesuffix('index.html')}#comment-"
    # Published WordPress and Disqus comments render; pending and spam do not.
    assert {"wp11", "wp12", "wp13", "wp19", "dq9001", "dq9002", "dq9003"} <= set(
        comments
    )
    assert not {"wp14", "wp15", "wp18", "dq9004", "dq9005"} & set(comments)
    assert comments["wp12"]["properties"]["in-reply-to"] == [base + "wp11"]
    assert comments["wp13"]["properties"]["in-reply-to"] == [base + "wp12"]
    assert comments["dq9003"]["properties"]["in-reply-to"] == [base + "dq9002"]
    # The reply whose parent is not in the export is a top-level comment.
    assert "in-reply-to" not in comments["wp19"]["properties"]


def test_statuses_are_kept_in_the_files(imported):
    folder = imported[0] / "comments" / "ask-before-you-pitch"
    assert "Status: pending" in (folder / "wp15.md").read_text()
    assert "Status: spam" in (folder / "wp14.md").read_text()
    assert "Status: spam" in (folder / "dq9004.md").read_text()
    assert not (folder / "wp18.md").exists()  # trash
    assert not (folder / "dq9005.md").exists()  # deleted in Disqus


def test_trackback_is_a_pingback_and_self_pingback_comes_from_the_link(imported):
    content, result = imported
    folder = content / "comments" / "ask-before-you-pitch"
    assert "Type: pingback" in (folder / "wp16.md").read_text()
    assert not (folder / "wp17.md").exists()  # the site makes this one itself
    urls = [c["properties"]["url"][0] for c in entry(result)["properties"]["comment"]]
    assert "https://salesweekly.example.org/questions-that-open-doors/" in urls
    assert f"{SITE}/posts/price-is-a-conversation/" in urls
    assert urls.count(f"{SITE}/posts/price-is-a-conversation/") == 1


def test_internal_links_became_filename_links(imported):
    text = (imported[0] / "posts" / "price-is-a-conversation.md").read_text()
    assert "({filename}/posts/ask-before-you-pitch.md)" in text
    assert "({filename}/posts/ask-before-you-pitch.md#comments)" in text
    assert "({filename}/pages/about.md)" in text
    assert "oldblog.example.com" not in text


def test_metadata_caption_and_uploads(imported):
    content, result = imported
    text = (content / "posts" / "ask-before-you-pitch.md").read_text()
    assert "Date: 2012-12-19 09:30:00-05:00" in text  # GMT date in the site's zone
    assert "Category: Selling\nTags: Lessons, listening" in text
    assert "Aliases: /2012/12/19/ask-before-you-pitch/" in text
    # The caption is a figcaption, not repeated as alt text; the size is kept.
    assert (
        '<figure class="wp-caption"><img height="200" '
        'src="{static}/images/2012/12/handshake.png" width="300"/>'
        "<figcaption>Two people agreeing on a next step</figcaption></figure>"
    ) in text
    assert "A question is an invitation." in text
    assert (content / "images" / "2012" / "12" / "handshake.png").is_file()
    # The draft is kept beside content/, where no build reads it.
    assert not (content / "posts" / "notes-for-a-third-lesson.md").exists()
    assert (content.parent / "unpublished/posts/notes-for-a-third-lesson.md").is_file()
    assert (result.output / "images" / "2012" / "12" / "handshake.png").is_file()


def test_no_email_reaches_the_output(imported):
    output = imported[1].output
    text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ".json"}
    )
    for address in ("priya@example.net", "noor@example.net", "spam@example.org"):
        assert address not in text


def test_alias_pages_redirect_to_the_post_and_are_valid(imported):
    output = imported[1].output
    page = output / "2012" / "12" / "19" / "ask-before-you-pitch" / "index.html"
    html = page.read_text()
    assert (
        '<meta http-equiv="refresh" content="0; '
        'url=../../../../posts/ask-before-you-pitch/">' in html
    )
    assert '<link rel="canonical" href="/posts/ask-before-you-pitch/">' in html
    assert "<script" not in html
    target = (
        page.parent / "../../../../posts/ask-before-you-pitch/index.html"
    ).resolve()
    assert target.is_file()
    mapping = (output / "aliases.txt").read_text().splitlines()
    assert "/2012/12/19/ask-before-you-pitch/ /posts/ask-before-you-pitch/" in mapping
    assert nu_errors(page.parent) == []


def test_check_reports_no_errors_on_the_imported_tree(imported, capsys):
    assert check_main(["--content", str(imported[0])]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_pelicans_own_export_imports_and_builds_cleanly(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    assert run_import(content, PELICAN_EXPORT) == 0
    out = capsys.readouterr().out
    assert "comment 122 replies to comment 121" in out  # the orphaned reply
    assert "comments in the trash (1)" in out  # the trashed pingback
    folder = content / "comments" / "with-comments"
    assert sorted(p.name for p in folder.iterdir()) == [
        "wp116.md",
        "wp117.md",
        "wp122.md",
    ]
    assert "Replyto: wp116" in (folder / "wp117.md").read_text()
    assert "Replyto" not in (folder / "wp122.md").read_text()
    assert not (content / "posts" / "custpost1cat4.md").exists()
    result = build_site(content, tmp_path / "output", overrides={"SEARCH_INDEX": False})
    assert result.warnings == []
    assert check_main(["--content", str(content)]) == 0
    comments = entry(result, "posts/with-comments/index.html")["properties"]["comment"]
    reply = next(c for c in comments if c["properties"]["url"][0].endswith("wp117"))
    assert reply["properties"]["in-reply-to"][0].endswith("#comment-wp116")


@pytest.mark.browser
def test_a_browser_following_an_old_address_lands_on_the_post(imported, browser_page):
    with serve(imported[1].output) as url:
        browser_page.goto(f"{url}/2012/12/19/ask-before-you-pitch/")
        browser_page.wait_for_url(f"{url}/posts/ask-before-you-pitch/")
        heading = browser_page.locator("h1.p-name").inner_text()
    assert heading == "Ask before you pitch"
