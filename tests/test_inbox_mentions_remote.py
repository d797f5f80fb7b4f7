"""make moderate with a remote inbox's mentions: listed, decided and kept in step.

A real inbox process on 127.0.0.1 receives and verifies the mentions (its
worker thread fetches the sources from a PeerServer); `make moderate` reaches
it only through its API with INBOX_URL and INBOX_TOKEN.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import requests
from inbox_server import TOKEN, RunningInbox, running_inbox
from mention_server import Page, PeerServer
from sitebuild import PROJECT_ROOT
from test_webmention_moderation import SITE, TARGET, source_page

from common_ground_tools import moderate
from common_ground_tools.inbox.client import RemoteInbox

KINDS = ("in-reply-to", "like-of", "repost-of")  # wm-1, wm-2, wm-3


@pytest.fixture
def peer():
    with PeerServer() as server:
        for kind in KINDS:
            server.routes[f"/{kind}"] = source_page(kind, name=f"Ann {kind}")
        yield server


@pytest.fixture
def content(fixture_content) -> Path:
    return fixture_content("webmention_site")


@pytest.fixture
def inbox(content, peer, tmp_path):
    """Run an inbox that is this site's Webmention endpoint."""
    settings = tmp_path / "siteconf.py"
    settings.write_text(
        (PROJECT_ROOT / "pelicanconf.py").read_text(encoding="utf-8")
        + f"\nTHEME = {str(PROJECT_ROOT / 'theme')!r}\n"
        f"WEBMENTION_SITE_URL = {SITE!r}\n"
        f"WEBMENTION_ALLOW_PRIVATE = [{peer.host!r}]\n",
        encoding="utf-8",
    )
    with running_inbox(content, tmp_path / "inbox", settings) as running:
        yield running


def send(inbox: RunningInbox, peer: PeerServer, kind: str) -> None:
    answer = requests.post(
        f"{inbox.url}/webmention",
        data={"source": peer.url(f"/{kind}"), "target": TARGET},
        timeout=30,
    )
    assert answer.status_code == 202, answer.text


def wait_for(inbox: RunningInbox, what: str, count: int) -> list[dict]:
    """Wait until the inbox's worker has checked the mentions just sent."""
    remote = RemoteInbox(inbox.url, TOKEN)
    deadline = time.monotonic() + 60
    while True:
        found = remote.mentions()[what]
        queued = row(
            inbox.db, "SELECT count(*) FROM webmentions WHERE verification = 'queued'"
        )[0]
        if len(found) >= count and queued == 0:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"the inbox did not verify:\n{inbox.log()}")
        time.sleep(0.05)


def row(db: Path, query: str, *args: object) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, args).fetchone()
    finally:
        conn.close()


def remote_args(inbox: RunningInbox, content: Path, tmp_path: Path) -> list[str]:
    nowhere = str(tmp_path / "no.sqlite3")
    return [
        "--inbox-url",
        inbox.url,
        "--inbox-db",
        nowhere,
        "--mentions-db",
        nowhere,
        "--content",
        str(content),
    ]


def test_remote_mentions_are_listed_approved_and_remembered(
    inbox, peer, content, tmp_path, capsys, monkeypatch
):
    for kind in KINDS:
        send(inbox, peer, kind)
    assert [m["key"] for m in wait_for(inbox, "pending", 3)] == ["wm-1", "wm-2", "wm-3"]
    # The local path, on a copy of the inbox's database and of the content.
    local_db = tmp_path / "local.sqlite3"
    source, copy = sqlite3.connect(inbox.db), sqlite3.connect(local_db)
    source.backup(copy)
    source.close()
    copy.close()
    local_content = tmp_path / "local-content"
    shutil.copytree(content, local_content)
    local = ["--content", str(local_content), "--mentions-db", str(local_db)]
    assert moderate.main([*local, "--approve", "wm-1"]) == 0

    monkeypatch.setenv("INBOX_TOKEN", TOKEN)
    remote = remote_args(inbox, content, tmp_path)
    capsys.readouterr()
    assert moderate.main(remote) == 0
    out = capsys.readouterr().out
    assert "wm-1  2026-11-02T10:00:00+00:00  reply  Ann in-reply-to" in out
    assert f"3 pending mention(s) in {inbox.url}" in out

    assert moderate.main([*remote, "--approve", "wm-1"]) == 0
    written = content / "comments" / "hello" / "wm-1.md"
    assert (
        written.read_bytes()
        == (local_content / "comments" / "hello" / "wm-1.md").read_bytes()
    )
    assert row(inbox.db, "SELECT decision, file FROM webmentions WHERE id = 1") == (
        "approved",
        "comments/hello/wm-1.md",
    )
    # Taken once: not listed again, and a second APPROVE writes nothing.
    written.write_text("the author's own edit\n", encoding="utf-8")
    capsys.readouterr()
    assert moderate.main([*remote, "--approve", "wm-1"]) == 0
    assert "already approved" in capsys.readouterr().out
    assert written.read_text(encoding="utf-8") == "the author's own edit\n"

    assert moderate.main([*remote, "--reject", "wm-2"]) == 0
    assert moderate.main([*remote, "--spam", "wm-3"]) == 0
    capsys.readouterr()
    assert moderate.main(remote) == 0
    out = capsys.readouterr().out
    assert "wm-" not in out.replace("APPROVE=wm-N", "")
    assert "0 pending mention(s)" in out
    # Re-sent, they stay refused: the inbox remembers.
    send(inbox, peer, "like-of")
    send(inbox, peer, "repost-of")
    assert wait_for(inbox, "pending", 0) == []
    decisions = row(inbox.db, "SELECT group_concat(decision) FROM webmentions")
    assert decisions == ("approved,rejected,spam",)
    assert sorted(p.name for p in (content / "comments" / "hello").iterdir()) == [
        "c001.md",
        "wm-1.md",
    ]


def test_changes_after_approval_reach_the_remote_author(
    inbox, peer, content, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("INBOX_TOKEN", TOKEN)
    remote = remote_args(inbox, content, tmp_path)
    send(inbox, peer, "in-reply-to")
    wait_for(inbox, "pending", 1)
    assert moderate.main([*remote, "--approve", "wm-1"]) == 0
    path = content / "comments" / "hello" / "wm-1.md"

    peer.routes["/in-reply-to"] = source_page("in-reply-to", text="Edited: nice")
    send(inbox, peer, "in-reply-to")
    assert [c["change"] for c in wait_for(inbox, "changes", 1)] == ["changed"]
    capsys.readouterr()
    assert moderate.main(remote) == 0
    assert f"moderate: wm-1: updated {path}" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8").endswith("\n\nEdited: nice hello\n")

    peer.routes["/in-reply-to"] = Page("Gone", status=410)
    send(inbox, peer, "in-reply-to")
    assert [c["change"] for c in wait_for(inbox, "changes", 1)] == ["gone"]
    assert moderate.main(remote) == 0
    assert "moderate: wm-1: removed (the source answered 410)" in (
        capsys.readouterr().out
    )
    assert not path.exists()
    # Acknowledged: the next run has nothing to apply.
    assert moderate.main(remote) == 0
    assert "wm-1" not in capsys.readouterr().out
    assert row(inbox.db, "SELECT file, file_stale FROM webmentions") == (None, 0)


def test_a_file_the_inbox_names_outside_the_comments_is_never_deleted(
    inbox, peer, content, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("INBOX_TOKEN", TOKEN)
    send(inbox, peer, "in-reply-to")
    wait_for(inbox, "pending", 1)
    api = f"{inbox.url}/api/mentions/1"
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    verified_at = requests.get(api, headers=bearer, timeout=30).json()["verified_at"]
    answer = requests.post(
        api,
        json={
            "decision": "approved",
            "file": "posts/hello.md",
            "verified_at": verified_at,
        },
        headers=bearer,
        timeout=30,
    )
    assert answer.status_code == 200
    assert answer.json()["verified_at"] == verified_at
    assert answer.json()["change"] is None
    assert (
        moderate.main([*remote_args(inbox, content, tmp_path), "--reject", "wm-1"]) == 1
    )
    assert "'posts/hello.md' is not a mention file of this site" in (
        capsys.readouterr().out
    )
    assert (content / "posts" / "hello.md").is_file()


def test_every_bad_api_request_gets_a_clear_4xx(inbox, peer):
    send(inbox, peer, "in-reply-to")
    wait_for(inbox, "pending", 1)
    url = f"{inbox.url}/api/mentions"
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    cases = [
        ("get", url, {}, 401, "INBOX_TOKEN"),
        ("get", url, {"headers": {"Authorization": "Bearer wrong"}}, 401, "TOKEN"),
        ("post", f"{url}/1", {"json": {"decision": "spam"}}, 401, "TOKEN"),
        ("get", f"{url}/99", {"headers": bearer}, 404, "no mention wm-99"),
        (
            "post",
            f"{url}/99",
            {"headers": bearer, "json": {"decision": "spam"}},
            404,
            "no mention wm-99",
        ),
        (
            "post",
            f"{url}/1",
            {
                "headers": {**bearer, "Content-Type": "application/json"},
                "data": b"{not json",
            },
            400,
            "JSON object",
        ),
        ("post", f"{url}/1", {"headers": bearer, "json": [1, 2]}, 400, "JSON object"),
        (
            "post",
            f"{url}/1",
            {"headers": bearer, "data": b"\xff\xfe"},
            400,
            "JSON object",
        ),
        (
            "post",
            f"{url}/1",
            {"headers": bearer, "json": {"decision": "taken"}},
            400,
            "decision",
        ),
        (
            "post",
            f"{url}/1",
            {"headers": bearer, "json": {"decision": "approved"}},
            400,
            "file must be",
        ),
        (
            "post",
            f"{url}/1",
            {"headers": bearer, "json": {"synced": "x"}},
            409,
            "no change waiting",
        ),
    ]
    for method, address, options, status, message in cases:
        answer = getattr(requests, method)(address, timeout=30, **options)
        assert answer.status_code == status, (address, options, answer.text)
        assert message in answer.json()["error"]
    approve = {"decision": "approved", "file": "comments/hello/wm-1.md"}
    ok = requests.post(f"{url}/1", headers=bearer, json=approve, timeout=30)
    assert ok.status_code == 200
    # Without the verified_at it saw, the file may be older: offered as a change.
    assert ok.json()["change"] == "changed"
    again = requests.post(f"{url}/1", headers=bearer, json=approve, timeout=30)
    assert again.status_code == 409
    assert "already approved" in again.json()["error"]
    for address in (f"{url}/x", f"{url}/-1"):
        assert requests.get(address, headers=bearer, timeout=30).status_code == 404
    assert requests.delete(f"{url}/1", headers=bearer, timeout=30).status_code == 405
    assert " 500 " not in inbox.log()
    assert "Traceback" not in inbox.log()
