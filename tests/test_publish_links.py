"""The post-build link check of `make publish` (tools/sitelinks.py)."""

from __future__ import annotations

import pytest

from common_ground_tools.sitelinks import broken_references, target_file

SITE = "https://example.org/blog"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("https://other.example.net/x/", None),
        ("mailto:me@example.org", None),
        ("#main", None),
        ("data:image/png;base64,AAAA", None),
        ("https://example.org/blog/posts/a/", "posts/a/index.html"),
        ("https://example.org/blog/", "index.html"),
        ("/blog/theme/css/main.css", "theme/css/main.css"),
        ("../b/", "posts/b/index.html"),
        ("img%20one.png", "posts/a/img one.png"),
        ("?page=2", "posts/a/index.html"),
    ],
)
def test_target_file_maps_same_site_references_into_the_output(
    tmp_path, reference, expected
):
    page = tmp_path / "posts/a/index.html"
    target = target_file(tmp_path, page, reference, SITE)
    assert target == (None if expected is None else tmp_path / expected)


def test_absolute_links_to_the_site_itself_are_checked(tmp_path):
    (tmp_path / "posts/a").mkdir(parents=True)
    (tmp_path / "index.html").write_text(
        f'<a href="{SITE}/posts/a/">ok</a> <a href="{SITE}/posts/gone/">gone</a>'
        '<img src="/blog/missing.png" alt="">'
    )
    (tmp_path / "posts/a/index.html").write_text('<a href="../../">home</a>')
    assert broken_references(tmp_path, SITE) == [
        f"index.html: {SITE}/posts/gone/",
        "index.html: /blog/missing.png",
    ]
    # Without the site's address, absolute links are external and not checked.
    assert broken_references(tmp_path) == ["index.html: /blog/missing.png"]
