"""Moving in is safe: private stays private, every export comes in, a stop undoes.

Real imports (tools/import_blog.py in a subprocess, as `make import` runs it),
then real checks and builds of what they wrote.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from import_corpus import export_text
from sitebuild import PROJECT_ROOT, build_site_in_fresh_process, run_pelican

FIXTURES = Path(__file__).parent / "fixtures" / "import_statuses"
WXR = FIXTURES / "export.xml"
DISQUS = FIXTURES / "disqus.xml"
OLD = "https://old.example.net"
# Words that appear only in what the old blog kept from the public.
PRIVATE_WORDS = [
    "DRAFTSECRETWORDS",
    "PENDINGSECRETWORDS",
    "FUTURESECRETWORDS",
    "PRIVATESECRETWORDS",
    "PASSWORDSECRETWORDS",
    "DRAFTCOMMENTWORDS",
    "PRIVATECOMMENTWORDS",
    "PASSWORDCOMMENTWORDS",
    "PENDINGCOMMENTWORDS",
    "SPAMCOMMENTWORDS",
    "DISQUSSPAMWORDS",
    "DISQUSDELETEDWORDS",
    "DISQUSPRIVATEWORDS",
    "Secret draft",
    "Only for me",
    "Members only",
    "draftonlytag",
    "Privatecat",
    "Lockedcat",
    "Futurecat",
    "Pendingcat",
]
HELD_POSTS = [
    "secret-draft",
    "waiting-review",
    "scheduled-post",
    "only-for-me",
    "members-only",
]


def run_import(export: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "import_blog.py"),
            str(export),
            "--content",
            str(content),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def every_text(output: Path) -> dict[str, str]:
    """Return every output file's text, pagefind's gzip fragments unpacked."""
    texts = {}
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[path.relative_to(output).as_posix()] = data.decode("utf-8", "replace")
    return texts


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Import the statuses export and its Disqus thread, then check and publish."""
    root = tmp_path_factory.mktemp("statuses")
    content = root / "content"
    content.mkdir()
    wxr = run_import(WXR, content)
    assert wxr.returncode == 0, wxr.stderr
    disqus = run_import(DISQUS, content)
    assert disqus.returncode == 0, disqus.stderr
    check = subprocess.run(
        [sys.executable, "tools/check_content.py", "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    publish = subprocess.run(
        [
            sys.executable,
            "tools/publish.py",
            "--content",
            str(content),
            "--output",
            str(root / "output"),
            "--settings",
            "publishconf.py",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    return {
        "root": root,
        "content": content,
        "held": root / "unpublished",
        "summary": wxr.stdout,
        "disqus": disqus.stdout,
        "check": check,
        "publish": publish,
    }


def test_nothing_kept_from_the_public_reaches_the_published_site(imported):
    publish = imported["publish"]
    assert publish.returncode == 0, publish.stdout + publish.stderr
    texts = every_text(imported["root"] / "output")
    assert "feeds/all.atom.xml" in texts
    assert "sitemap.xml" in texts
    assert any(name.startswith("pagefind/fragment/") for name in texts)
    assert not (imported["root"] / "output" / "drafts").exists()
    leaks = {
        (name, word)
        for name, text in texts.items()
        for word in PRIVATE_WORDS
        if word in text
    }
    assert leaks == set()
    # The public post, its published comments and the Disqus reply are there.
    page = texts["posts/open-letter/index.html"]
    assert "A public comment on the open letter." in page
    assert "Disqus public reply." in page


def test_nothing_kept_from_the_public_enters_content(imported):
    files = every_text(imported["content"])
    leaks = {
        (name, word)
        for name, text in files.items()
        for word in [*PRIVATE_WORDS[:8], "DISQUSDELETEDWORDS", "DISQUSPRIVATEWORDS"]
        if word in text
    }
    assert leaks == set()
    assert not any("Status: draft" in text for text in files.values())
    assert not (imported["content"] / "comments" / "open-letter" / "dq9103.md").exists()


def test_kept_posts_and_their_comments_are_files_beside_content(imported):
    held = imported["held"]
    for slug in HELD_POSTS:
        text = (held / "posts" / f"{slug}.md").read_text()
        assert f"Slug: {slug}\n" in text
        assert "Status:" not in text  # moved into content/, it is published
    assert "DRAFTCOMMENTWORDS" in (held / "comments/secret-draft/wp4.md").read_text()
    assert "PRIVATECOMMENTWORDS" in (held / "comments/only-for-me/wp5.md").read_text()
    assert "PASSWORDCOMMENTWORDS" in (held / "comments/members-only/wp6.md").read_text()
    # A Disqus thread of a private post joins it there.
    assert "DISQUSPRIVATEWORDS" in (held / "comments/only-for-me/dq9104.md").read_text()
    summary = imported["summary"]
    assert (
        "5 posts and pages the old blog kept from the public (1 drafts, "
        "1 password-protected, 1 pending review, 1 private, 1 scheduled) are in "
        f"{held}/, which the build never reads" in summary
    )


def test_check_html_and_publish_pass_after_an_ordinary_import(imported, tmp_path):
    check = imported["check"]
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stdout
    status, said = run_pelican(imported["content"], tmp_path / "html")
    assert status == 0, said
    assert "WARNING" not in said
    assert "ERROR" not in said
    assert "publish: done" in imported["publish"].stdout


def test_an_untitled_post_is_kept_with_a_title_from_its_first_words(imported):
    slug = "quick-thought-without-a-title-about-listening-closely"
    text = (imported["content"] / "posts" / f"{slug}.md").read_text()
    assert text.startswith(
        "Title: Quick thought without a title about listening closely…\n"
    )
    assert (
        "WordPress post 208 '(no title)' had no title; it is titled "
        "'Quick thought without a title about listening closely…'"
    ) in imported["summary"]
    assert (imported["root"] / "output" / "posts" / slug / "index.html").is_file()


def test_comments_on_pages_are_kept_as_files_and_named(imported):
    folder = imported["held"] / "page-comments" / "about"
    assert "PAGECOMMENTWORDS" in (folder / "wp7.md").read_text()
    assert "Replyto: wp7\n" in (folder / "wp8.md").read_text()
    assert (
        "WordPress page 302 'About': 2 comments on a page; pages have no threads "
        "on this site, so they are kept as files in page-comments/about/ of the "
        "folder of unpublished posts"
    ) in imported["summary"]


def test_links_by_other_old_addresses_point_at_the_new_one(imported):
    text = (imported["content"] / "posts" / "links-to-the-letter.md").read_text()
    assert text.count("({filename}/posts/open-letter.md)") == 4
    assert "({filename}/pages/archives-page.md)" in text
    assert OLD not in text
    html = (
        imported["root"] / "output" / "posts" / "links-to-the-letter" / "index.html"
    ).read_text()
    assert html.count("/posts/open-letter/") >= 4


def test_a_page_named_archives_is_renamed_and_builds(imported):
    out = imported["root"] / "output"
    page = (imported["content"] / "pages" / "archives-page.md").read_text()
    assert "Title: Archives\n" in page
    assert "Slug: archives-page\n" in page
    assert (
        "My hand-made archive page." in (out / "archives-page/index.html").read_text()
    )
    assert "My hand-made archive page." not in (out / "archives/index.html").read_text()
    assert (
        "WordPress page 301 'Archives': slug 'archives' is an address the site "
        "builds itself; imported as 'archives-page'"
    ) in imported["summary"]


def test_a_300_character_post_name_is_cut_and_named(imported):
    slug = "-".join(["a-very-long-post-name-that-keeps-going"] * 2) + "-a"
    assert (imported["content"] / "posts" / f"{slug}.md").is_file()
    assert (imported["root"] / "output" / "posts" / slug / "index.html").is_file()
    assert f"its 300-character slug is cut to '{slug}'" in imported["summary"]


def test_a_second_run_writes_nothing(imported):
    before = snapshot(imported["root"])
    again = run_import(WXR, imported["content"])
    assert again.returncode == 0, again.stderr
    assert "wrote 0 files" in again.stdout
    assert snapshot(imported["root"]) == before


@pytest.mark.parametrize(
    ("wp", "excerpt"),
    [
        (
            "http://wordpress.org/export/1.0/",
            "http://wordpress.org/export/1.0/excerpt/",
        ),
        (
            "http://wordpress.org/export/1.1/",
            "http://wordpress.org/export/1.1/excerpt/",
        ),
        (
            "http://wordpress.org/export/1.2/",
            "http://wordpress.org/export/1.2/excerpt/",
        ),
        (
            "https://wordpress.org/export/1.2/",
            "http://wordpress.org/export/1.2/excerpt/",
        ),
        (
            "https://wordpress.org/export/1.2/",
            "https://wordpress.org/export/1.2/excerpt/",
        ),
    ],
)
def test_every_wxr_namespace_is_read_whole(wp, excerpt, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(
        WXR.read_text()
        .replace("https://wordpress.org/export/1.2/excerpt/", excerpt)
        .replace('xmlns:wp="https://wordpress.org/export/1.2/"', f'xmlns:wp="{wp}"')
    )
    content = tmp_path / "content"
    content.mkdir()
    done = run_import(export, content)
    assert done.returncode == 0, done.stderr
    assert "4 posts, 2 pages, 8 comments (6 published, 1 pending, 1 spam)" in (
        done.stdout
    )
    text = (content / "posts" / "open-letter.md").read_text()
    assert "Summary: A letter to every reader.\n" in text


def test_an_export_without_channel_links_still_gets_redirects(tmp_path):
    export = tmp_path / "export.xml"
    text = WXR.read_text()
    for element in ("link", "wp:base_site_url", "wp:base_blog_url"):
        text = text.replace(f"<{element}>{OLD}</{element}>", "")
    assert "<link>https://old.example.net</link>" not in text
    export.write_text(text)
    content = tmp_path / "content"
    content.mkdir()
    done = run_import(export, content)
    assert done.returncode == 0, done.stderr
    post = (content / "posts" / "open-letter.md").read_text()
    assert "Aliases: /2014/03/01/open-letter/\n" in post
    links = (content / "posts" / "links-to-the-letter.md").read_text()
    assert links.count("({filename}/posts/open-letter.md)") == 4


@pytest.mark.parametrize(
    ("article_url", "save_as", "old_path", "built"),
    [
        (
            "{category}/{slug}.html",
            "{category}/{slug}.html",
            "/field-work/open-letter.html",
            "field-work/open-letter.html",
        ),
        (
            "{date:%Y}/{date:%m}/{slug}/",
            "{date:%Y}/{date:%m}/{slug}/index.html",
            "/2014/03/open-letter/",
            "2014/03/open-letter/index.html",
        ),
    ],
)
def test_new_addresses_come_from_pelican(
    article_url, save_as, old_path, built, tmp_path
):
    settings = tmp_path / "siteconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT_ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"ARTICLE_URL = {article_url!r}\nARTICLE_SAVE_AS = {save_as!r}\n"
    )
    export = tmp_path / "export.xml"
    # The old blog had the same address: the post needs no redirect to itself.
    export.write_text(
        WXR.read_text().replace(f"{OLD}/2014/03/01/open-letter/", OLD + old_path)
    )
    content = tmp_path / "content"
    content.mkdir()
    done = run_import(export, content, "--settings", str(settings))
    assert done.returncode == 0, done.stderr
    post = (content / "posts" / "open-letter.md").read_text()
    assert "Aliases:" not in post
    assert "namespace(" not in done.stdout
    other = (content / "posts" / "links-to-the-letter.md").read_text()
    assert "Aliases: /2014/03/01/links-to-the-letter/\n" in other
    result = build_site_in_fresh_process(
        content,
        tmp_path / "output",
        overrides={
            "ARTICLE_URL": article_url,
            "ARTICLE_SAVE_AS": save_as,
            "SEARCH_INDEX": False,
        },
    )
    assert result.warnings == []
    assert "The public post everyone may read." in result.read(built)


def test_uploads_never_follow_a_symlink_out_of_the_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG not for the site")
    uploads = tmp_path / "uploads"
    (uploads / "2014" / "03").mkdir(parents=True)
    (uploads / "2014" / "03" / "real.png").write_bytes(b"\x89PNG real")
    (uploads / "2014" / "03" / "escape.png").symlink_to(outside / "secret.png")
    (uploads / "2014" / "03" / "same.png").symlink_to(uploads / "2014/03/real.png")
    (uploads / "linked").symlink_to(outside, target_is_directory=True)
    body = (
        "".join(
            f'<img src="{OLD}/wp-content/uploads/{name}" alt="{name}">'
            for name in ("2014/03/real.png", "2014/03/escape.png", "2014/03/same.png")
        )
        + f'<img src="{OLD}/wp-content/uploads/linked/secret.png" alt="x">'
    )
    export = tmp_path / "export.xml"
    export.write_text(
        WXR.read_text().replace("<p>The public post everyone may read.</p>", body)
    )
    content = tmp_path / "content"
    content.mkdir()
    done = run_import(export, content, "--uploads", str(uploads))
    assert done.returncode == 0, done.stderr
    copied = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.png"))
    assert copied == ["images/2014/03/real.png", "images/2014/03/same.png"]
    assert "2 missing from UPLOADS" in done.stdout
    assert not any(
        b"not for the site" in p.read_bytes() for p in content.rglob("*") if p.is_file()
    )


@pytest.mark.parametrize(
    ("signum", "moment"),
    [(signal.SIGTERM, "placing"), (signal.SIGINT, "staging")],
)
def test_a_stopped_import_leaves_content_as_it_was(signum, moment, tmp_path):
    export = tmp_path / "big.xml"
    export.write_text(export_text(400, 6000), encoding="utf-8")
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "mine.md").write_text("Title: Mine\nDate: 2020-01-01\n\nHi.\n")
    before = snapshot(content)
    process = subprocess.Popen(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "import_blog.py"),
            str(export),
            "--content",
            str(content),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )

    def reached() -> bool:
        if moment == "staging":
            return any(p.name.startswith(".import-") for p in tmp_path.iterdir())
        # Placing runs in path order: the comments folder comes first.
        return (content / "comments").exists()

    # Wait (by what is on disk, not by time) for the moment, then stop it.
    while not reached():
        assert process.poll() is None, "the import ended before it could be stopped"
    os.kill(process.pid, signum)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, out + err
    assert "Traceback" not in err
    assert f"stopped by {signal.Signals(signum).name}; nothing was written" in err
    assert snapshot(content) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.xml", "content"]


def test_git_ignores_the_staging_folder_and_the_unpublished_posts():
    for path in (".import-k3x9q/posts/a.md", "unpublished/posts/secret-draft.md"):
        done = subprocess.run(
            ["git", "check-ignore", "--no-index", "-q", path],
            cwd=PROJECT_ROOT,
            check=False,
        )
        assert done.returncode == 0, f"{path} is not ignored by .gitignore"


def test_the_unpublished_folder_cannot_be_inside_content(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    done = run_import(WXR, content, "--unpublished", str(content / "unpublished"))
    assert done.returncode == 1
    assert "is inside" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(content.iterdir()) == []
