"""The import command on bad input, dry runs, re-runs and failures midway."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from import_corpus import export_text
from sitebuild import SHOWCASE_SETTINGS

from common_ground_tools.blog_import.comments import one_line, plan_comments
from common_ground_tools.blog_import.convert import to_markdown, wpautop
from common_ground_tools.blog_import.records import SourceComment
from common_ground_tools.blog_import.summary import Summary
from common_ground_tools.check_content import main as check_main
from common_ground_tools.import_blog import main as import_main

# The showcase's settings, never the author's pelicanconf.py.
SITE = ["--settings", str(SHOWCASE_SETTINGS)]

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "import_hostile"
WXR = FIXTURES / "import_wxr12" / "export.xml"
UPLOADS = FIXTURES / "import_wxr12" / "uploads"
DISQUS = FIXTURES / "import_disqus" / "export.xml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    (folder / "posts").mkdir(parents=True)
    (folder / "posts" / "existing.md").write_text(
        "Title: Existing\nDate: 2020-01-01\n\nAlready here.\n"
    )
    return folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("billion_laughs.xml", "refused: the file declares entities"),
        ("external_entity.xml", "refused: the file declares entities"),
        ("malformed.xml", "malformed.xml:5: not well-formed XML"),
        ("truncated.xml", "not well-formed XML"),
        ("invalid_char.xml", "invalid_char.xml:2: not well-formed XML"),
        ("neither.xml", "neither a WordPress export"),
    ],
)
def test_bad_files_fail_fast_with_a_clear_message(name, expected, content, capsys):
    before = snapshot(content)
    assert import_main([str(HOSTILE / name), "--content", str(content), *SITE]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert snapshot(content) == before


def test_dry_run_prints_the_summary_and_writes_nothing(content, capsys):
    before = snapshot(content)
    assert import_main([str(WXR), "--content", str(content), *SITE, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run, nothing written" in out
    assert "2 posts, 1 page" in out
    assert f"(1 drafts) would go to {content.parent / 'unpublished'}/" in out
    assert "(4 published, 1 pending, 1 spam)" in out
    assert "1 self-pingback left to the site" in out
    assert "slug 'ask-before-you-pitch' is also used by WordPress post 101" in out
    assert "WordPress post 105 'A post that lost its date': no date" in out
    assert "duplicate slugs in the export (1)" in out
    assert snapshot(content) == before
    assert [p.name for p in content.parent.iterdir()] == ["content"]


def test_rerun_writes_no_duplicates(content, capsys):
    args = [str(WXR), "--content", str(content), "--uploads", str(UPLOADS)]
    assert import_main(args) == 0
    first = snapshot(content)
    capsys.readouterr()
    assert import_main(args) == 0
    out = capsys.readouterr().out
    assert snapshot(content) == first
    assert "wrote 0 files" in out
    assert "items already imported (4)" in out


def test_a_taken_slug_is_reported_with_both_paths(content, capsys):
    (content / "posts" / "mine.md").write_text(
        "Title: Mine\nDate: 2020-01-02\nSlug: price-is-a-conversation\n\nMine.\n"
    )
    assert import_main([str(WXR), "--content", str(content), *SITE]) == 0
    out = capsys.readouterr().out
    assert "taken by posts/mine.md; nothing written for posts/price-is-a-" in out
    assert not (content / "posts" / "price-is-a-conversation.md").exists()


def test_the_authors_own_page_at_the_same_path_is_named_not_called_imported(
    content, capsys
):
    # README step 5: the author rewrites pages/about.md; WordPress has an About.
    (content / "pages").mkdir()
    mine = "Title: About\n\nMy own words.\n"
    (content / "pages" / "about.md").write_text(mine)
    assert import_main([str(WXR), "--content", str(content), *SITE]) == 0
    out = capsys.readouterr().out
    assert (
        "pages/about.md is already there and is not this page (its Date differs); "
        "nothing written for it"
    ) in out
    assert "items whose file is already there (1)" in out
    assert "already imported" not in out
    assert (content / "pages" / "about.md").read_text() == mine


def test_a_failure_midway_leaves_content_untouched(content, capsys):
    # A file where the comments folder of the first post must go: placing
    # files fails after others were already placed.
    (content / "comments").mkdir()
    (content / "comments" / "ask-before-you-pitch").write_text("in the way\n")
    before = snapshot(content)
    assert import_main([str(WXR), "--content", str(content), *SITE]) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err
    assert snapshot(content) == before
    assert sorted(p.name for p in content.iterdir()) == ["comments", "posts"]
    assert [p.name for p in content.parent.iterdir()] == ["content"]


def test_wpautop_keeps_paragraphs_and_pre_blocks():
    html = wpautop("One\ntwo\n\nThree\n\n<pre>a\n\nb</pre>")
    assert html == "<p>One<br />\ntwo</p>\n\n<p>Three</p>\n\n<pre>a\n\nb</pre>"


def test_other_shortcodes_stay_visible_and_are_named():
    markdown, kept, _, _ = to_markdown(
        'See [embed]https://v.example/1[/embed] and [sic] [audio src="a.mp3"]',
        lambda url: url,
    )
    # Escaped, so Markdown shows the brackets rather than reading a link.
    assert r"\[embed\]https://v.example/1\[/embed\]" in markdown
    assert r"\[sic\]" in markdown
    assert kept == ["audio", "embed"]


def test_images_without_alt_get_one():
    markdown, _, named, _ = to_markdown('<img src="/up/blue-door.jpg">', lambda u: u)
    assert markdown == "![blue door](/up/blue-door.jpg)"
    assert named == 1


def test_generated_export_imports_every_post_and_comment(tmp_path, capsys):
    export = tmp_path / "big.xml"
    export.write_text(export_text(20, 100), encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    assert import_main([str(export), "--content", str(content), *SITE]) == 0
    out = capsys.readouterr().out
    assert "20 posts, 0 pages" in out
    assert "100 comments (100 published" in out
    assert len(list((content / "comments").rglob("*.md"))) == 100
    assert check_main(["--content", str(content), *SITE]) == 0


def test_make_import_dry_run_touches_nothing(project_root):
    before = snapshot(project_root / "content")
    done = subprocess.run(
        ["make", "-s", "import", f"FROM={WXR}", "DRY_RUN=1"],
        cwd=project_root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "dry run, nothing written" in done.stdout
    assert snapshot(project_root / "content") == before


def test_published_reply_to_a_pending_comment_hangs_under_the_nearest_published():
    zone = ZoneInfo("UTC")
    when = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    comments = [
        SourceComment(id="1", author="A", date=when, body="root", status="published"),
        SourceComment(
            id="2", author="B", date=when, body="held", status="pending", parent="1"
        ),
        SourceComment(
            id="3", author="C", date=when, body="reply", status="published", parent="2"
        ),
        SourceComment(
            id="4", author="D", date=when, body="held", status="pending", parent="2"
        ),
    ]
    files = plan_comments(
        comments,
        slug="p",
        label="post",
        folder="comments",
        zone=zone,
        is_own_post=lambda _url: False,
        existing=set(),
        summary=Summary(),
    )
    assert "Replyto: wp1\n" in files["comments/p/wp3.md"]
    assert "Replyto: wp2\n" in files["comments/p/wp4.md"]
    assert "Status: pending" in files["comments/p/wp4.md"]


def test_disqus_reports_threads_matching_nothing_and_comments_without_thread(
    content, capsys
):
    assert import_main([str(WXR), "--content", str(content), *SITE]) == 0
    capsys.readouterr()
    assert import_main([str(DISQUS), "--content", str(content), *SITE]) == 0
    out = capsys.readouterr().out
    assert (
        "thread matching no post: http://oldblog.example.com/2011/01/01/"
        "a-post-that-was-never-moved/ (1 comment)" in out
    )
    assert "Disqus post 9007: its thread '7777' is not listed" in out
    assert "comments deleted in Disqus (1)" in out
    assert "4 comments (3 published, 0 pending, 1 spam)" in out


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("Ann\u2028Status: spam", "Ann Status: spam"),
        ("Bob\x85\x07 &amp; Co", "Bob & Co"),
        ("  Cy\n\tDee ", "Cy Dee"),
    ],
)
def test_names_with_invalid_characters_become_one_clean_line(raw, line):
    assert one_line(raw) == line


def test_a_title_with_no_usable_slug_is_skipped_by_name(tmp_path, capsys):
    export = tmp_path / "odd.xml"
    export.write_text(
        WXR.read_text()
        .replace("<title>Price is a conversation</title>", "<title>???</title>")
        .replace(
            "<wp:post_name>price-is-a-conversation</wp:post_name>",
            "<wp:post_name></wp:post_name>",
        )
    )
    content = tmp_path / "content"
    content.mkdir()
    assert (
        import_main([str(export), "--content", str(content), *SITE, "--dry-run"]) == 0
    )
    assert "WordPress post 102 '???': no usable slug" in capsys.readouterr().out


def test_no_export_named(content, capsys):
    assert import_main(["", "--content", str(content), *SITE]) == 1
    assert "make import FROM=" in capsys.readouterr().err


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_recognised_by_its_namespace(version, tmp_path, capsys):
    export = tmp_path / "renamed.txt"  # the name says nothing; the content does
    export.write_text(WXR.read_text().replace("export/1.2/", f"export/{version}/"))
    content = tmp_path / "content"
    content.mkdir()
    assert (
        import_main([str(export), "--content", str(content), *SITE, "--dry-run"]) == 0
    )
    assert "2 posts, 1 page, 6 comments" in capsys.readouterr().out


def test_a_root_relative_address_of_the_old_site_points_at_the_old_site():
    from common_ground_tools.blog_import.links import LinkIndex

    links = LinkIndex(hosts={"old.example.org"}, base="https://old.example.org")
    links.add("7", ["https://old.example.org/2012/12/19/meh-sales/"], "posts/meh.md")
    # An imported post: a {filename} link. Anything else on the old site keeps
    # working only at the old site's address, not as a path on the new one.
    assert links.rewrite("/2012/12/19/meh-sales/") == "{filename}/posts/meh.md"
    assert (
        links.rewrite("/theme/img/pelican.png")
        == "https://old.example.org/theme/img/pelican.png"
    )
    assert links.rewrite("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_an_unknown_timezone_stops_the_import_by_name(content, tmp_path, capsys):
    settings = tmp_path / "siteconf.py"
    # The showcase's settings, run as its own file, with a zone nobody has.
    settings.write_text(
        f"__file__ = {str(SHOWCASE_SETTINGS)!r}\n"
        "exec(compile(open(__file__).read(), __file__, 'exec'))\n"
        'TIMEZONE = "Mars/Olympus"\n',
        encoding="utf-8",
    )
    before = snapshot(content)
    status = import_main(
        [str(WXR), "--content", str(content), "--settings", str(settings)]
    )
    assert status == 1
    assert "import: bad setting TIMEZONE='Mars/Olympus'" in capsys.readouterr().err
    assert snapshot(content) == before
