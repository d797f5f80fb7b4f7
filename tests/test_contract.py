"""The content rules stated once in common_ground_core.contract."""

from __future__ import annotations

import pytest

from common_ground_core import contract
from pelican.plugins.common_ground_relative_links.config import DEFAULTS


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("<em>Tea</em> &amp; cake", "Tea & cake"),
        ("  Two\n  lines ", "Two lines"),
        (["First &lt;b&gt;", "Second"], "First <b>"),
        ([], ""),
    ],
)
def test_title_text_is_one_line_of_plain_text(title, text):
    assert contract.title_text(title) == text


@pytest.mark.parametrize(
    ("comment_id", "valid"),
    [("c001", True), ("c001_1-x", True), ("-c1", False), ("a/b", False)],
)
def test_comment_ids_are_plain(comment_id, valid):
    assert contract.valid_comment_id(comment_id) is valid


def test_the_reserved_ids_are_the_anchors_comments_and_pingbacks_get():
    reserved = DEFAULTS["RELATIVE_LINKS_RESERVED_IDS"]
    for anchor in (contract.comment_anchor("c1"), contract.pingback_anchor("post")):
        assert any(anchor.startswith(p.rstrip("*")) for p in reserved)


def test_control_characters_go_but_tab_and_line_ends_stay():
    assert contract.strip_control("a\x00b\tc\r\nd\x7f\x85") == "ab\tc\r\nd"


@pytest.mark.parametrize(
    ("address", "path"),
    [
        ("/a/b/", "a/b"),
        ("a/b/index.html", "a/b"),
        ("index.html", ""),
        ("a/b%20c.html", "a/b c.html"),
        # Only a whole `index.html` segment is the folder's page.
        ("a/myindex.html", "a/myindex.html"),
    ],
)
def test_url_path_is_how_site_addresses_compare(address, path):
    assert contract.url_path(address) == path
