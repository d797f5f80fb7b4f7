"""The comment inbox as a reader's browser meets it: a real server, real HTTP."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from inbox_server import TOKEN, RunningInbox, free_port, running_inbox
from processes import alive, children_of, stop_all
from sitebuild import PROJECT_ROOT, SHOWCASE_SETTINGS

from common_ground_tools.inbox.settings import load_config

POST = "hello-thread"


def form(**changes: str) -> dict[str, str]:
    """Return the theme's form as a reader fills it, opened a minute ago."""
    fields = {
        "options[slug]": POST,
        "options[started]": str(int(time.time() * 1000) - 60_000),
        "fields[name]": "Lee Park",
        "fields[email]": "lee@example.org",
        "fields[website]": "https://lee.example.org/",
        "fields[replyto]": "",
        "fields[body]": "A *thoughtful* comment.",
        "fields[homepage]": "",
    }
    fields.update(changes)
    return fields


def rows(db: Path) -> list[sqlite3.Row]:
    """Read the inbox's database as another process would (what is committed)."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute("SELECT * FROM submissions ORDER BY id").fetchall()
    finally:
        connection.close()


@pytest.fixture
def inbox(fixture_content, tmp_path) -> Iterator[RunningInbox]:
    content = fixture_content("comments_threaded")
    with running_inbox(
        content,
        tmp_path / "inbox",
        INBOX_MIN_FILL_SECONDS="2",
        INBOX_RATE_LIMIT="3",
        INBOX_TRUSTED_PROXY="127.0.0.1",
        INBOX_MAX_REQUEST_BYTES="30000",
    ) as running:
        yield running


def post(
    inbox: RunningInbox, data: object, address: str, **kwargs
) -> requests.Response:
    headers = {"X-Forwarded-For": address, **kwargs.pop("headers", {})}
    return requests.post(
        f"{inbox.url}/comments", data=data, headers=headers, timeout=30, **kwargs
    )


def test_a_valid_comment_is_acknowledged_after_its_row_is_committed(inbox):
    response = post(inbox, form(), "192.0.2.1")
    assert response.status_code == 200
    assert "your comment was received" in response.text
    assert "after moderation" in response.text
    assert response.headers["Cache-Control"] == "no-store"
    (row,) = rows(inbox.db)
    assert (row["slug"], row["author"], row["body"], row["state"]) == (
        POST,
        "Lee Park",
        "A *thoughtful* comment.",
        "pending",
    )
    assert f"stored inbox:{row['id']} on {POST}" in inbox.log()
    # The same comment sent twice (a double click) is stored once.
    assert post(inbox, form(), "192.0.2.1").status_code == 200
    assert len(rows(inbox.db)) == 1


BAD = {
    "an unknown post": (form(**{"options[slug]": "no-such-post"}), 422, "no post has"),
    "closed comments": (form(**{"options[slug]": "closed-post"}), 422, "are closed"),
    "a missing reply target": (form(**{"fields[replyto]": "c999"}), 422, "c999"),
    "no name": (form(**{"fields[name]": ""}), 422, "no name"),
    "a path for a slug": (form(**{"options[slug]": "../posts"}), 422, "no post has"),
    "a bad website": (
        form(**{"fields[website]": "javascript:alert(1)"}),
        422,
        "is not an http(s) URL",
    ),
    "a long website": (
        form(**{"fields[website]": "https://e.org/" + "a" * 400}),
        422,
        "longer than",
    ),
    "a filled honeypot": (
        form(**{"fields[homepage]": "http://spam"}),
        400,
        "Leave this field empty",
    ),
    "a form sent too fast": (
        # Opened "now" when the test runs: an hour ahead of the collection time.
        form(**{"options[started]": str(int(time.time() * 1000) + 3_600_000)}),
        400,
        "faster than a person writes",
    ),
    "a forged time stamp": (
        form(**{"options[token]": "123.abc"}),
        400,
        "not one this inbox signed",
    ),
    "an over-long comment": (
        form(**{"fields[body]": "x" * 25_000}),
        422,
        "is over 20000 bytes",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_refused_comment_names_every_reason_and_keeps_the_readers_text(inbox, case):
    data, status, reason = BAD[case]
    body_kept = data["fields[body]"][:200]
    response = post(inbox, data, f"198.51.100.{sorted(BAD).index(case)}")
    assert response.status_code == status
    assert reason in response.text
    assert "Traceback" not in response.text
    assert body_kept in response.text  # the form comes back with the reader's text
    assert 'name="options[token]"' in response.text
    assert rows(inbox.db) == []
    assert f" POST /comments {status} " in inbox.log()
    assert "Traceback" not in inbox.log()


def test_a_form_without_a_time_is_confirmed_once_with_a_signed_one(inbox):
    data = form()
    del data["options[started]"]  # a reader without JavaScript
    first = post(inbox, data, "192.0.2.9")
    assert first.status_code == 400
    assert "send it again" in first.text
    token = first.text.split('name="options[token]" value="')[1].split('"')[0]
    data["options[token]"] = token
    time.sleep(2.1)  # the reader reads the page and presses the button again
    second = post(inbox, data, "192.0.2.9")
    assert second.status_code == 200
    assert len(rows(inbox.db)) == 1


@pytest.mark.parametrize(
    ("method", "status"), [("GET", 405), ("PUT", 405), ("DELETE", 405)]
)
def test_a_wrong_method_is_answered_plainly(inbox, method, status):
    response = requests.request(method, f"{inbox.url}/comments", timeout=30)
    assert response.status_code == status
    assert "POST" in response.text
    assert f" {method} /comments {status} " in inbox.log()


def test_bad_bodies_are_refused_with_a_page_and_a_log_line(inbox):
    huge = post(inbox, form(**{"fields[body]": "x" * 40_000}), "203.0.113.1")
    assert huge.status_code == 413
    assert "larger than 30000 bytes" in huge.text
    raw = b"options%5Bslug%5D=hello-thread&fields%5Bbody%5D=%FF%FEx"
    encoded = post(
        inbox,
        raw,
        "203.0.113.2",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert encoded.status_code == 400
    assert "not valid UTF-8" in encoded.text
    raw_bytes = post(
        inbox,
        b"fields%5Bbody%5D=\xff\xfe",
        "203.0.113.3",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert raw_bytes.status_code == 400
    crowded = post(inbox, {f"f{i}": "x" for i in range(50)}, "203.0.113.5")
    assert crowded.status_code == 400
    assert "too many fields" in crowded.text
    as_json = post(inbox, None, "203.0.113.4", json={"fields": {"body": "x"}})
    assert as_json.status_code == 415
    log = inbox.log()
    for status in (413, 400, 415):
        assert f" POST /comments {status} " in log
    assert "Traceback" not in log
    assert " 500 " not in log
    assert rows(inbox.db) == []


def test_one_address_is_limited_and_others_are_not(inbox):
    answers = [
        post(inbox, form(**{"fields[body]": f"n{i}"}), "192.0.2.50") for i in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "Too many comments" in answers[3].text
    assert post(inbox, form(), "192.0.2.51").status_code == 200
    assert " POST /comments 429 " in inbox.log()
    assert len(rows(inbox.db)) == 4


def test_no_page_shows_one_readers_comment_to_another(inbox):
    assert post(inbox, form(**{"fields[body]": "SECRET-ONE"}), "192.0.2.60").ok
    pages = [
        requests.get(f"{inbox.url}/", timeout=30).text,
        requests.get(f"{inbox.url}/comments", timeout=30).text,
        requests.get(f"{inbox.url}/api/submissions", timeout=30).text,
        post(inbox, form(**{"options[slug]": "nope"}), "192.0.2.61").text,
        post(inbox, form(**{"fields[body]": "other"}), "192.0.2.62").text,
    ]
    assert not any("SECRET-ONE" in page for page in pages)


def test_the_author_api_needs_the_token(inbox):
    assert post(inbox, form(), "192.0.2.70").ok
    api = f"{inbox.url}/api/submissions"
    assert requests.get(api, timeout=30).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert requests.get(api, headers=wrong, timeout=30).status_code == 401
    right = {"Authorization": f"Bearer {TOKEN}"}
    (listed,) = requests.get(api, headers=right, timeout=30).json()["submissions"]
    assert listed["body"] == "A *thoughtful* comment."
    marked = requests.post(
        f"{api}/{listed['id']}", json={"state": "spam"}, headers=right, timeout=30
    )
    assert marked.json()["state"] == "spam"
    assert requests.get(api, headers=right, timeout=30).json()["submissions"] == []
    bad = requests.post(
        f"{api}/{listed['id']}", json={"state": "gone"}, headers=right, timeout=30
    )
    assert bad.status_code == 400


def test_a_full_queue_asks_the_reader_to_come_back(fixture_content, tmp_path):
    content = fixture_content("comments_threaded")
    with running_inbox(
        content, tmp_path / "full", INBOX_MAX_PENDING="1", INBOX_MIN_FILL_SECONDS="0"
    ) as inbox:
        assert post(inbox, form(), "x").status_code == 200
        full = post(inbox, form(**{"fields[body]": "KEPT-TEXT"}), "x")
        assert full.status_code == 503
        assert "KEPT-TEXT" in full.text
        assert len(rows(inbox.db)) == 1


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("INBOX_PORT", "eighty", "INBOX_PORT='eighty': expected a port (0-65535)"),
        ("INBOX_RATE_LIMIT", "0", "INBOX_RATE_LIMIT=0: expected a positive whole"),
        (
            "INBOX_SMTP_STARTTLS",
            "maybe",
            "INBOX_SMTP_STARTTLS='maybe': expected 1 or 0",
        ),
        ("INBOX_SMTP_HOST", "mail.example.org", "INBOX_NOTIFY_TO='': expected a value"),
        ("INBOX_DB", "/no/such/folder/inbox.sqlite3", "expected a database file"),
        ("INBOX_CONTENT", "/no/such/content", "INBOX_CONTENT='/no/such/content'"),
        ("INBOX_SETTINGS", "/no/such/pelicanconf.py", "expected an existing settings"),
    ],
)
def test_a_bad_setting_is_named_at_start(tmp_path, name, value, message):
    result = subprocess.run(
        [sys.executable, "-m", "common_ground_tools.inbox"],
        env={
            # The site's settings file, unless the case is about that setting.
            "INBOX_SETTINGS": str(SHOWCASE_SETTINGS),
            name: value,
            "PATH": "/usr/bin",
        },
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert "inbox: bad setting INBOX_" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_webmention_endpoint_is_part_of_the_inbox(inbox):
    # The fixture site has no SITEURL: the endpoint exists and says it is off.
    response = requests.post(
        f"{inbox.url}/webmention",
        data={"source": "https://a.example/", "target": "https://b.example/"},
        timeout=30,
    )
    assert response.status_code == 503
    assert rows(inbox.db) == []


def test_the_defaults_are_local_and_in_one_place():
    config = load_config(environ={})
    assert (config.inbox_host, config.inbox_port, config.inbox_db) == (
        "127.0.0.1",
        8100,
        "inbox.sqlite3",
    )
    assert config.inbox_token == ""  # the author's API is off until a token is set
    assert not config.notify


def test_sigterm_to_make_inbox_stops_the_inbox(tmp_path):
    port = free_port()
    content = SHOWCASE_SETTINGS.parent / "content"
    make = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            # Never reinstall here: the test venv already holds the inbox's packages.
            "-o",
            ".venv/.installed-inbox-requirements",
            "inbox",
            f"INPUTDIR={content}",
            f"CONFFILE={SHOWCASE_SETTINGS}",
            f"INBOX_DB={tmp_path / 'inbox.sqlite3'}",
            f"INBOX_PORT={port}",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    family: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and make.poll() is None:
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        family = children_of(make.pid)
        assert family, "make started no inbox"
        make.send_signal(signal.SIGTERM)
        make.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in family):
            time.sleep(0.1)
        assert not [pid for pid in family if alive(pid)]
    finally:
        stop_all(make, family, 10)
