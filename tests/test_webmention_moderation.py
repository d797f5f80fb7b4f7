"""Moderating received mentions into comment files, and how the site shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from mention_server import Page, PeerServer
from sitebuild import PROJECT_ROOT

from common_ground_core.source import load_settings
from common_ground_tools import moderate
from common_ground_tools.webmention import db as store
from common_ground_tools.webmention.config import load_config
from common_ground_tools.webmention.moderation import (
    ModerationError,
    approve,
    pending_mentions,
    reject,
    spam,
    sync_files,
)
from common_ground_tools.webmention.receive import blueprint
from common_ground_tools.webmention.verify import verify_pending

SITE = "https://blog.example"
TARGET = f"{SITE}/posts/hello/"


@pytest.fixture
def peer():
    with PeerServer() as server:
        yield server


@pytest.fixture
def content(fixture_content) -> Path:
    return fixture_content("webmention_site")


@pytest.fixture
def settings(content):
    return load_settings(PROJECT_ROOT / "pelicanconf.py", content)


def source_page(prop: str, *, name: str = "Alice", text: str = "Nice one") -> Page:
    return Page(f"""<html><head><title>t</title></head><body><div class="h-entry">
<span class="p-author h-card"><a class="p-name u-url" href="https://a.example/"
>{name}</a></span><h1 class="p-name">{name}'s note on hello</h1>
<time class="dt-published" datetime="2026-11-02T10:00:00Z">x</time>
<div class="e-content">{text} <a class="u-{prop}" href="{TARGET}">hello</a></div>
</div></body></html>""")


def receive(db: Path, peer: PeerServer, path: str) -> None:
    conf = {
        "WEBMENTION_SITE_URL": SITE,
        "WEBMENTION_DB": str(db),
        "WEBMENTION_ALLOW_PRIVATE": [peer.host],
        "WEBMENTION_WORKER": False,
    }
    app = Flask("inbox")
    app.config.update(conf)
    app.register_blueprint(blueprint)
    answer = app.test_client().post(
        "/webmention", data={"source": peer.url(path), "target": TARGET}
    )
    assert answer.status_code == 202
    verify_pending(str(db), load_config(conf))


@pytest.fixture
def db(tmp_path, peer):
    """Return a database with a verified reply (wm-1), like (wm-2), repost (wm-3)."""
    path = tmp_path / "inbox.sqlite3"
    for kind in ("in-reply-to", "like-of", "repost-of"):
        peer.routes[f"/{kind}"] = source_page(kind, name=f"Ann {kind}")
        receive(path, peer, f"/{kind}")
    return path


def test_pending_mentions_lists_verified_undecided_ones(db):
    assert [(m.key, m.type) for m in pending_mentions(str(db))] == [
        ("wm-1", "reply"),
        ("wm-2", "like"),
        ("wm-3", "repost"),
    ]


def test_approving_writes_the_comment_file_next_to_the_comments(db, content, settings):
    path = approve(str(db), 1, content, settings)
    assert path == content / "comments" / "hello" / "wm-1.md"
    assert path.read_text(encoding="utf-8") == (
        "Type: pingback\n"
        "Author: Ann in-reply-to\n"
        "Title: Ann in-reply-to's note on hello\n"
        f"Source: {pending_source(db, 1)}\n"
        "Date: 2026-11-02T05:00:00-05:00\n"
        "Website: https://a.example/\n"
        "Webmention: reply\n"
        "Status: published\n\n"
        "Nice one hello\n"
    )
    assert [m.key for m in pending_mentions(str(db))] == ["wm-2", "wm-3"]


def pending_source(db: Path, mention_id: int) -> str:
    conn = store.connect(db)
    try:
        return store.get(conn, mention_id).source
    finally:
        conn.close()


def test_likes_and_reposts_are_counted_and_replies_listed(
    db, content, settings, site_builder
):
    for mention_id in (1, 2, 3):
        approve(str(db), mention_id, content, settings)
    assert (content / "comments/hello/wm-2.md").read_text().startswith("Type: like\n")
    assert (content / "comments/hello/wm-3.md").read_text().startswith("Type: repost")
    result = site_builder(content)
    assert not [w for w in result.warnings if "wm-" in w]
    page = result.read("posts/hello/index.html")
    assert "Ann in-reply-to&#39;s note on hello" in page
    assert '<p class="mention-reactions">1 like, 1 repost</p>' in page
    # Counted, not listed: neither shows as an entry of its own.
    assert "Ann like-of" not in page
    assert "Ann repost-of" not in page


def test_a_post_with_only_likes_still_shows_the_count(db, content, settings, tmp_path):
    (content / "comments" / "hello" / "c001.md").unlink()
    approve(str(db), 2, content, settings)
    from sitebuild import build_site

    page = build_site(
        content, tmp_path / "out", overrides={"SEARCH_INDEX": False}
    ).read("posts/hello/index.html")
    assert '<p class="mention-reactions">1 like</p>' in page


def test_reject_and_spam_are_remembered_when_the_mention_is_resent(
    db, peer, content, settings
):
    reject(str(db), 1)
    spam(str(db), 2)
    receive(db, peer, "/in-reply-to")
    receive(db, peer, "/like-of")
    assert [m.key for m in pending_mentions(str(db))] == ["wm-3"]


def test_an_approved_mention_is_updated_when_its_source_changes(
    db, peer, content, settings
):
    path = approve(str(db), 1, content, settings)
    peer.routes["/in-reply-to"] = source_page("in-reply-to", text="Edited: still nice")
    receive(db, peer, "/in-reply-to")
    assert sync_files(str(db), content, settings) == [f"wm-1: updated {path}"]
    assert path.read_text(encoding="utf-8").endswith("Edited: still nice hello\n")


@pytest.mark.parametrize(
    "gone",
    [
        Page("Gone", status=410),
        Page("<p>I took the link out.</p>"),
    ],
)
def test_an_approved_mention_is_removed_when_its_source_goes(
    db, peer, content, settings, gone
):
    path = approve(str(db), 1, content, settings)
    peer.routes["/in-reply-to"] = gone
    receive(db, peer, "/in-reply-to")
    (line,) = sync_files(str(db), content, settings)
    assert line.startswith("wm-1: removed")
    assert not path.exists()
    assert sync_files(str(db), content, settings) == []


def test_approving_an_unverified_or_unknown_mention_is_refused(
    db, peer, content, settings
):
    peer.routes["/in-reply-to"] = Page("no link here")
    receive(db, peer, "/in-reply-to")
    with pytest.raises(ModerationError, match="gone, not verified"):
        approve(str(db), 1, content, settings)
    with pytest.raises(ModerationError, match="no mention wm-99"):
        approve(str(db), 99, content, settings)


def test_make_moderate_lists_mentions_and_takes_their_ids(db, content, capsys):
    root = ["--content", str(content), "--mentions-db", str(db)]
    assert moderate.main(root) == 0
    out = capsys.readouterr().out
    assert "0 pending comment(s)" in out
    assert "wm-1  2026-11-02T10:00:00+00:00  reply  Ann in-reply-to" in out
    assert "3 pending mention(s)" in out
    assert "APPROVE=wm-N" in out

    assert moderate.main([*root, "--approve", "wm-1"]) == 0
    assert (content / "comments" / "hello" / "wm-1.md").is_file()
    assert moderate.main([*root, "--reject", "wm-2"]) == 0
    assert moderate.main([*root, "--spam", "wm-3"]) == 0
    capsys.readouterr()
    assert moderate.main(root) == 0
    assert "0 pending mention(s)" in capsys.readouterr().out
    assert moderate.main([*root, "--approve", "wm-42"]) == 1
    assert moderate.main([*root, "--reject", "c001"]) == 2


def test_the_endpoint_is_advertised_only_when_configured(content, site_builder):
    plain = site_builder(content).read("posts/hello/index.html")
    assert 'rel="webmention"' not in plain
    page = site_builder(
        content,
        overrides={"WEBMENTION_ENDPOINT": "https://inbox.example/webmention?a=1&b=2"},
    ).read("posts/hello/index.html")
    assert (
        '<link rel="webmention" href="https://inbox.example/webmention?a=1&amp;b=2">'
        in page
    )


def test_a_like_file_needs_an_http_source(content, site_builder):
    (content / "comments" / "hello" / "wm-7.md").write_text(
        "Type: like\nAuthor: X\nSource: javascript:alert(1)\n"
        "Date: 2026-11-02T10:00:00\n\n",
        encoding="utf-8",
    )
    result = site_builder(content)
    assert any(
        "wm-7.md" in w and "a like needs an http(s) Source" in w
        for w in result.warnings
    )
    assert "mention-reactions" not in result.read("posts/hello/index.html")
