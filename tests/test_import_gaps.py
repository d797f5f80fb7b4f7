"""Moving in loses nothing: shared images, private links, embeds, galleries, pages.

One WordPress export and one Disqus export of the same blog
(tests/fixtures/import_gaps/), imported as `make import` does, then built.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import SHOWCASE_SETTINGS, build_site

from common_ground_tools.blog_import.convert import to_markdown
from common_ground_tools.check_content import main as check_main
from common_ground_tools.import_blog import main as import_main

FIXTURES = Path(__file__).parent / "fixtures" / "import_gaps"
WXR = FIXTURES / "export.xml"
DISQUS = FIXTURES / "disqus.xml"
UPLOADS = FIXTURES / "uploads"
SITE = ["--settings", str(SHOWCASE_SETTINGS)]
WALK = "WordPress post 301 'Harbour walk'"
SECOND = "WordPress post 302 'Second walk'"


def _import(*args: str) -> str:
    """Run one import and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert import_main([*args, *SITE]) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("gaps")
    content = root / "content"
    content.mkdir()
    wxr = _import(str(WXR), "--content", str(content), "--uploads", str(UPLOADS))
    disqus = _import(str(DISQUS), "--content", str(content))
    return root, wxr, disqus


@pytest.fixture(scope="module")
def built(imported):
    root = imported[0]
    result = build_site(
        root / "content",
        root / "output",
        overrides={"SEARCH_INDEX": False, "SITEURL": ""},
    )
    return result


def _post(imported, slug: str) -> str:
    return (imported[0] / "content" / "posts" / f"{slug}.md").read_text()


def test_a_missing_image_is_named_with_every_post_that_uses_it(imported):
    out = imported[1]
    assert f"{WALK}: image 2020/05/shared.png is missing from UPLOADS" in out
    assert f"{SECOND}: image 2020/05/shared.png is missing from UPLOADS" in out
    assert "1 missing from UPLOADS" in out


def test_a_disqus_thread_on_a_page_is_kept_with_the_page(imported):
    root, _, out = imported
    held = root / "unpublished" / "page-comments" / "about-the-harbour" / "dq9201.md"
    assert "PAGECOMMENTWORDS" in held.read_text()
    assert "thread matching no post" not in out
    assert (
        "Disqus thread https://old.example.org/about-the-harbour/: 1 comment on a "
        "page; pages have no threads on this site, so they are kept as files in "
        "page-comments/about-the-harbour/" in out
    )
    # Nothing of it enters the site; the post's thread still does.
    content = root / "content"
    assert not any("PAGECOMMENTWORDS" in p.read_text() for p in content.rglob("*.md"))
    assert (content / "comments" / "harbour-walk" / "dq9202.md").is_file()


def test_embed_blocks_become_links_never_third_party_frames(imported, built, capsys):
    text = _post(imported, "harbour-walk")
    assert (
        '<a href="https://www.youtube.com/watch?v=HARBOURVID">'
        "YouTube: https://www.youtube.com/watch?v=HARBOURVID</a>"
        "<figcaption>The boats leaving at dawn</figcaption>" in text
    )
    assert '<a href="https://example.com/harbour-talk">' in text
    page = BeautifulSoup(built.read("posts/harbour-walk/index.html"), "html.parser")
    body = page.find("article")
    assert body.find("iframe") is None
    links = [a["href"] for a in body.select("figure.wp-block-embed a")]
    assert links == [
        "https://www.youtube.com/watch?v=HARBOURVID",
        "https://example.com/harbour-talk",
        "https://vimeo.com/1234",
    ]
    # Only the embed that lost something (its player frame) is named.
    out = imported[1]
    assert "Vimeo embed of https://vimeo.com/1234: <iframe> (kept as a link)" in out
    assert "YouTube embed" not in out
    assert "harbour-talk" not in out
    # The links and figures pass the same checks as the build.
    assert check_main(["--content", str(imported[0] / "content"), *SITE]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_embed_without_an_address_is_named():
    converted = to_markdown(
        '<!-- wp:embed --><figure class="wp-block-embed is-provider-x">'
        '<div class="wp-block-embed__wrapper">javascript:alert(1)</div></figure>',
        str,
    )
    assert "alert" not in converted.markdown
    assert converted.lost == ["X embed without an http(s) address"]


def test_a_link_to_a_private_post_keeps_its_text_and_is_named(imported, built):
    text = _post(imported, "harbour-walk")
    assert "See my private notes for the rest." in text
    assert "only-me" not in text
    assert (
        f"{WALK}: its link to WordPress post 303 'Only me' (private) is now plain "
        "text" in imported[1]
    )
    html = built.read("posts/harbour-walk/index.html")
    assert "my private notes" in html
    assert "only-me" not in html
    assert "PRIVATEHARBOURWORDS" not in html


def test_a_gallery_becomes_its_images_copied_like_others(imported, built):
    root, out, _ = imported
    images = root / "content" / "images" / "2020" / "05"
    assert sorted(p.name for p in images.iterdir()) == ["boat.png", "pier.png"]
    text = _post(imported, "second-walk")
    assert "[gallery" not in text
    assert (
        '<figure class="wp-block-image"><img alt="A red boat" '
        'src="{static}/images/2020/05/boat.png"/>'
        "<figcaption>The boat at dawn</figcaption></figure>" in text
    )
    assert 'src="{static}/images/2020/05/pier.png"' in text
    assert f"{SECOND}: not kept (unsafe or unsupported): gallery image 499" in out
    # Other shortcodes stay visible and named.
    assert f"{SECOND}: shortcodes kept as text: contact-form" in out
    assert built.warnings == []
    page = BeautifulSoup(built.read("posts/second-walk/index.html"), "html.parser")
    sources = [img["src"] for img in page.select("article figure img")]
    assert sources == [
        "../../images/2020/05/boat.png",
        "../../images/2020/05/pier.png",
    ]
