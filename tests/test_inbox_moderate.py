"""make moderate with the comment inbox: local database or remote API, one id each."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import requests
from inbox_server import TOKEN, running_inbox
from test_inbox_server import form

from common_ground_tools import comment_ingest, moderate
from common_ground_tools.inbox.client import InboxError, RemoteInbox


def submit(url: str, **changes: str) -> None:
    response = requests.post(f"{url}/comments", data=form(**changes), timeout=30)
    assert response.status_code == 200, response.text


def state_of(db: Path, number: int) -> str:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT state FROM submissions WHERE id = ?", (number,)
        ).fetchone()[0]
    finally:
        connection.close()


def received(db: Path, number: int) -> str:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT received FROM submissions WHERE id = ?", (number,)
        ).fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def content(fixture_content) -> Path:
    return fixture_content("comments_threaded")


def run_moderate(content: Path, db: Path, *args: str) -> int:
    return moderate.main([*args, "--content", str(content), "--inbox-db", str(db)])


def test_approving_writes_the_file_make_comment_writes_and_takes_it_once(
    content, tmp_path, capsys
):
    with running_inbox(
        content, tmp_path / "inbox", INBOX_MIN_FILL_SECONDS="0"
    ) as inbox:
        submit(inbox.url, **{"fields[replyto]": "c002", "fields[body]": "A reply."})
        db = inbox.db
        assert run_moderate(content, db) == 0
        listing = capsys.readouterr().out
        assert "inbox:1  " in listing
        assert "Lee Park on hello-thread: A reply." in listing
        assert "1 inbox submission(s)" in listing

        assert run_moderate(content, db, "--approve", "inbox:1") == 0
        written = content / "comments" / "hello-thread" / "c008.md"
        assert "wrote" in capsys.readouterr().out
        # Listed at the time its file has: the site's TIMEZONE, as files are.
        (dated,) = (
            line[6:]
            for line in written.read_text().splitlines()
            if line[:6] == "Date: "
        )
        assert f"inbox:1  {dated}  Lee Park" in listing
        assert state_of(db, 1) == "taken"

        # The same submission through make comment (a JSON file) and APPROVE=.
        twin = tmp_path / "twin"
        shutil.copytree(content, twin)
        (twin / "comments" / "hello-thread" / "c008.md").unlink()
        sent = form(**{"fields[replyto]": "c002", "fields[body]": "A reply."})
        by_mail = tmp_path / "comment.json"
        by_mail.write_text(
            json.dumps(
                {
                    "fields": {
                        key[7:-1]: value
                        for key, value in sent.items()
                        if key.startswith("fields[") and key != "fields[homepage]"
                    },
                    "options": {"slug": "hello-thread"},
                    "date": received(db, 1),
                }
            ),
            encoding="utf-8",
        )
        assert comment_ingest.main([str(by_mail), "--content", str(twin)]) == 0
        assert (
            moderate.main(["--approve", "hello-thread/c008", "--content", str(twin)])
            == 0
        )
        twin_file = twin / "comments" / "hello-thread" / "c008.md"
        assert written.read_bytes() == twin_file.read_bytes()
        assert "Replyto: c002" in written.read_text(encoding="utf-8")
        assert "Status: published" in written.read_text(encoding="utf-8")

        # Never imported twice: approving again writes nothing new.
        capsys.readouterr()
        assert run_moderate(content, db, "--approve", "inbox:1") == 0
        assert "already taken" in capsys.readouterr().out
        assert sorted(p.name for p in written.parent.iterdir()).count("c009.md") == 0
        assert run_moderate(content, db) == 0
        assert "inbox:1" not in capsys.readouterr().out


def test_reject_and_spam_are_remembered(content, tmp_path, capsys):
    with running_inbox(
        content, tmp_path / "inbox", INBOX_MIN_FILL_SECONDS="0"
    ) as inbox:
        submit(inbox.url, **{"fields[body]": "first"})
        submit(inbox.url, **{"fields[body]": "second"})
        submit(inbox.url, **{"fields[body]": "third"})
        db = inbox.db
        assert run_moderate(content, db, "--reject", "inbox:1") == 0
        assert run_moderate(content, db, "--spam", "inbox:2") == 0
        assert (state_of(db, 1), state_of(db, 2), state_of(db, 3)) == (
            "rejected",
            "spam",
            "pending",
        )
        capsys.readouterr()
        assert run_moderate(content, db) == 0
        listing = capsys.readouterr().out
        assert "inbox:3" in listing
        assert "inbox:1 " not in listing
        assert "inbox:2 " not in listing
        assert run_moderate(content, db, "--approve", "inbox:1") == 0
        assert "already rejected" in capsys.readouterr().out
        assert not (content / "comments" / "hello-thread" / "c008.md").exists()
        # An id the inbox never gave is named, not guessed at.
        assert run_moderate(content, db, "--approve", "inbox:9") == 1
        assert "no submission inbox:9" in capsys.readouterr().err


def test_a_submission_no_longer_valid_is_not_written(content, tmp_path, capsys):
    with running_inbox(
        content, tmp_path / "inbox", INBOX_MIN_FILL_SECONDS="0"
    ) as inbox:
        submit(inbox.url)
        post = content / "posts" / "hello-thread.md"
        post.write_text(
            post.read_text(encoding="utf-8").replace(
                "Slug:", "Comments: closed\nSlug:"
            ),
            encoding="utf-8",
        )
        assert run_moderate(content, inbox.db, "--approve", "inbox:1") == 1
        err = capsys.readouterr().err
        assert "comments are closed" in err
        assert "REJECT=inbox:1" in err
        assert state_of(inbox.db, 1) == "pending"


def test_a_remote_inbox_is_moderated_over_its_api(
    content, tmp_path, capsys, monkeypatch
):
    with running_inbox(
        content, tmp_path / "inbox", INBOX_MIN_FILL_SECONDS="0"
    ) as inbox:
        submit(inbox.url, **{"fields[body]": "From afar."})
        nowhere = str(tmp_path / "no.sqlite3")
        remote = [
            "--inbox-url",
            inbox.url,
            "--inbox-db",
            nowhere,
            "--content",
            str(content),
        ]
        monkeypatch.setenv("INBOX_TOKEN", "wrong")
        assert moderate.main(remote) == 1
        assert "answered 401" in capsys.readouterr().err
        monkeypatch.setenv("INBOX_TOKEN", TOKEN)
        assert moderate.main(remote) == 0
        assert "inbox:1" in capsys.readouterr().out
        assert moderate.main([*remote, "--approve", "inbox:1"]) == 0
        assert state_of(inbox.db, 1) == "taken"
        text = (content / "comments" / "hello-thread" / "c008.md").read_text()
        assert text.endswith("\n\nFrom afar.\n")
    with pytest.raises(InboxError, match="https://"):
        RemoteInbox("http://inbox.example.org", TOKEN)


@pytest.mark.parametrize("key", ["inbox:1", "wm-1"])
def test_a_file_that_is_not_an_inbox_database_is_named(content, tmp_path, capsys, key):
    db = tmp_path / "inbox.sqlite3"
    db.write_bytes(b"these are notes, not a database\n" * 64)
    status = run_moderate(content, db, "--approve", key)
    said = capsys.readouterr()
    assert status == 1
    assert str(db) in said.out + said.err
    assert "not" in said.out + said.err
