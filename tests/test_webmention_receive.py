"""Receiving: the endpoint's answers, and verification of sources on 127.0.0.1."""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest
from flask import Flask
from mention_server import Page, PeerServer

from common_ground_tools.webmention import db as store
from common_ground_tools.webmention.config import load_config
from common_ground_tools.webmention.fetch import (
    FetchError,
    FetchPolicy,
    fetch,
    is_public,
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
def other_peer():
    with PeerServer() as server:
        yield server


def settings(db, *peers: PeerServer, **extra):
    return {
        "WEBMENTION_SITE_URL": SITE,
        "WEBMENTION_DB": str(db),
        "WEBMENTION_ALLOW_PRIVATE": [p.host for p in peers],
        "WEBMENTION_WORKER": False,
        "WEBMENTION_TIMEOUT": 5,
        **extra,
    }


def make_app(conf):
    app = Flask("inbox-under-test")
    app.config.update(conf)
    app.register_blueprint(blueprint)
    return app


def rows(db):
    conn = store.connect(db)
    try:
        return store.rows(conn)
    finally:
        conn.close()


def entry(target: str, *, prop: str = "", text: str = "Great post, agreed.") -> str:
    link = (
        f'<a class="u-{prop}" href="{target}">that post</a>'
        if prop
        else f'<a href="{target}">that post</a>'
    )
    return f"""<!DOCTYPE html><html><head><title>Page title</title></head><body>
<article class="h-entry">
  <h1 class="p-name">A reply about hello</h1>
  <span class="p-author h-card"><a class="u-url p-name" href="https://alice.example/"
    >Alice</a><img class="u-photo" src="https://alice.example/me.jpg" alt=""></span>
  <time class="dt-published" datetime="2026-11-02T10:00:00+00:00">Nov 2</time>
  <div class="e-content"><p>{text} About {link}.</p></div>
</article></body></html>"""


@pytest.fixture
def db(tmp_path):
    return tmp_path / "inbox.sqlite3"


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        ({}, "both source and target are required"),
        ({"source": "https://a.example/x"}, "both source and target are required"),
        ({"target": TARGET}, "both source and target are required"),
        ({"source": "ftp://a.example/x", "target": TARGET}, "source must be an http"),
        ({"source": "javascript:alert(1)", "target": TARGET}, "source must be an http"),
        ({"source": "https://a.example/", "target": "mailto:x@y"}, "target must be"),
        ({"source": TARGET, "target": TARGET}, "the same URL"),
        (
            {"source": "https://a.example/", "target": "https://evil.example/p/"},
            "target is not on this site",
        ),
        (
            {"source": "https://a.example/", "target": "http://blog.example/p/"},
            "target is not on this site",
        ),
        (
            {"source": "https://a.example/" + "x" * 3000, "target": TARGET},
            "at most 2048 characters",
        ),
        (
            {"source": "https://a.example/\nStatus: published", "target": TARGET},
            "must not contain spaces or control characters",
        ),
    ],
)
def test_bad_requests_get_400_with_the_reason(db, form, reason):
    client = make_app(settings(db)).test_client()
    response = client.post("/webmention", data=form)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert rows(db) == []


def test_badly_encoded_bodies_and_wrong_methods_are_not_500(db):
    client = make_app(settings(db)).test_client()
    raw = client.post(
        "/webmention",
        data=b"source=%FF%FE&target=%C3",
        content_type="application/x-www-form-urlencoded",
    )
    assert raw.status_code == 400
    assert client.get("/webmention").status_code == 405
    assert rows(db) == []


def test_without_a_site_url_the_endpoint_says_it_is_not_configured(db):
    conf = settings(db)
    del conf["WEBMENTION_SITE_URL"]
    client = make_app(conf).test_client()
    response = client.post(
        "/webmention", data={"source": "https://a.example/r", "target": TARGET}
    )
    assert response.status_code == 503
    assert not db.exists()


def test_a_huge_body_gets_413(db):
    client = make_app(settings(db)).test_client()
    response = client.post(
        "/webmention", data={"source": "https://a.example/" + "x" * 20_000}
    )
    assert response.status_code == 413
    assert rows(db) == []


def test_a_database_that_cannot_be_written_gets_503_not_500(db):
    client = make_app(settings(db)).test_client()
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    db.mkdir()  # the file is gone and cannot be made: sqlite cannot open it
    response = client.post(
        "/webmention", data={"source": "https://a.example/r", "target": TARGET}
    )
    assert response.status_code == 503
    assert "could not be stored" in response.get_data(as_text=True)


def test_a_good_request_is_committed_before_the_202(db):
    client = make_app(settings(db)).test_client()
    response = client.post(
        "/webmention", data={"source": "https://a.example/reply", "target": TARGET}
    )
    assert response.status_code == 202
    # A fresh connection sees the row: it was committed before answering.
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        found = conn.execute(
            "SELECT source, target, verification, decision FROM webmentions"
        ).fetchall()
    assert found == [("https://a.example/reply", TARGET, "queued", "pending")]


def test_a_full_queue_answers_429(db):
    client = make_app(settings(db, WEBMENTION_MAX_QUEUED=2)).test_client()
    codes = [
        client.post(
            "/webmention", data={"source": f"https://a.example/{i}", "target": TARGET}
        ).status_code
        for i in range(3)
    ]
    assert codes == [202, 202, 429]


@pytest.mark.parametrize(
    ("prop", "kind"),
    [
        ("in-reply-to", "reply"),
        ("like-of", "like"),
        ("repost-of", "repost"),
        ("bookmark-of", "bookmark"),
        ("", "mention"),
    ],
)
def test_verification_reads_the_microformats_of_the_source(db, peer, prop, kind):
    peer.routes["/reply"] = Page(entry(TARGET, prop=prop))
    conf = settings(db, peer)
    client = make_app(conf).test_client()
    client.post("/webmention", data={"source": peer.url("/reply"), "target": TARGET})
    assert verify_pending(str(db), load_config(conf)) == 1
    (row,) = rows(db)
    assert (row.verification, row.type, row.error) == ("verified", kind, None)
    assert row.author_name == "Alice"
    assert row.author_url == "https://alice.example/"
    assert row.author_photo == "https://alice.example/me.jpg"
    assert row.title == "A reply about hello"
    assert row.excerpt.startswith("Great post, agreed. About that post.")
    assert row.published == "2026-11-02T10:00:00+00:00"


def queue_and_verify(db, conf, source):
    make_app(conf).test_client().post(
        "/webmention", data={"source": source, "target": TARGET}
    )
    verify_pending(str(db), load_config(conf))
    return rows(db)[-1]


def test_a_source_that_does_not_link_is_refused(db, peer):
    peer.routes["/nolink"] = Page(entry("https://elsewhere.example/"))
    row = queue_and_verify(db, settings(db, peer), peer.url("/nolink"))
    assert row.verification == "gone"
    assert row.error == "the source does not link to the target"


def test_a_link_only_in_text_or_a_comment_does_not_count(db, peer):
    peer.routes["/text"] = Page(f"<p>{TARGET}</p><!-- <a href='{TARGET}'>x</a> -->")
    row = queue_and_verify(db, settings(db, peer), peer.url("/text"))
    assert row.verification == "gone"


def test_a_loopback_source_is_refused_unless_allowed(db, peer):
    peer.routes["/reply"] = Page(entry(TARGET))
    row = queue_and_verify(db, settings(db), peer.url("/reply"))
    assert row.verification == "invalid"
    assert "private, loopback or link-local" in row.error


def test_a_redirect_to_a_private_address_is_refused(db, peer, other_peer):
    # The first hop is the allowed test host; it redirects to another local
    # port that is not allowed: the check runs again on every redirect.
    other_peer.routes["/internal"] = Page(entry(TARGET))
    peer.routes["/reply"] = Page(
        "", status=302, headers=[("Location", other_peer.url("/internal"))]
    )
    row = queue_and_verify(db, settings(db, peer), peer.url("/reply"))
    assert row.verification == "invalid"
    assert "127.0.0.1 resolves to 127.0.0.1" in row.error
    assert other_peer.requests == []


def test_a_redirect_within_allowed_hosts_is_followed(db, peer, other_peer):
    other_peer.routes["/moved"] = Page(entry(TARGET, prop="in-reply-to"))
    peer.routes["/reply"] = Page(
        "", status=301, headers=[("Location", other_peer.url("/moved"))]
    )
    row = queue_and_verify(db, settings(db, peer, other_peer), peer.url("/reply"))
    assert (row.verification, row.type) == ("verified", "reply")


def test_too_many_redirects_are_refused(db, peer):
    peer.routes["/loop"] = Page("", status=302, headers=[("Location", "/loop")])
    row = queue_and_verify(
        db, settings(db, peer, WEBMENTION_MAX_REDIRECTS=3), peer.url("/loop")
    )
    assert row.verification == "invalid"
    assert "more than 3 redirects" in row.error


def test_an_oversized_source_is_refused(db, peer):
    peer.routes["/big"] = Page(entry(TARGET) + " " * 5000)
    row = queue_and_verify(
        db, settings(db, peer, WEBMENTION_MAX_BYTES=4000), peer.url("/big")
    )
    assert row.verification == "invalid"
    assert "larger than 4000 bytes" in row.error


def test_an_oversized_source_without_length_is_cut_off(db, peer):
    # Dribbled: no Content-Length, so the limit is enforced while reading.
    peer.routes["/big"] = Page(entry(TARGET) + " " * 200, dribble=0.0001)
    row = queue_and_verify(
        db, settings(db, peer, WEBMENTION_MAX_BYTES=300), peer.url("/big")
    )
    assert row.verification == "invalid"
    assert "larger than 300 bytes" in row.error


def test_a_slow_source_is_given_up(db, peer):
    peer.routes["/slow"] = Page(entry(TARGET), dribble=1.0)
    row = queue_and_verify(
        db, settings(db, peer, WEBMENTION_TIMEOUT=0.3), peer.url("/slow")
    )
    assert row.verification == "invalid"
    assert "took longer than 0.3 s" in row.error


def test_the_worker_thread_verifies_without_being_called(db, peer):
    peer.routes["/reply"] = Page(entry(TARGET, prop="like-of"))
    conf = settings(db, peer, WEBMENTION_WORKER=True, WEBMENTION_POLL_SECONDS=60)
    client = make_app(conf).test_client()
    client.post("/webmention", data={"source": peer.url("/reply"), "target": TARGET})
    # Woken by the request, not by its 60 s poll: wait for it (bounded).
    for _ in range(200):
        if rows(db)[0].verification != "queued":
            break
        time.sleep(0.05)
    assert (rows(db)[0].verification, rows(db)[0].type) == ("verified", "like")


def test_a_resent_mention_is_verified_again_and_keeps_its_decision(db, peer):
    peer.routes["/reply"] = Page(entry(TARGET))
    conf = settings(db, peer)
    row = queue_and_verify(db, conf, peer.url("/reply"))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE webmentions SET decision = 'spam'")
    peer.routes["/reply"] = Page(entry(TARGET, text="Edited words."))
    again = queue_and_verify(db, conf, peer.url("/reply"))
    assert again.id == row.id
    assert len(rows(db)) == 1
    assert again.excerpt.startswith("Edited words.")
    assert again.decision == "spam"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_private_loopback_and_link_local_addresses_are_not_public(address):
    assert not is_public(address)


def test_public_addresses_are_public():
    assert is_public("93.184.215.14")
    assert is_public("2606:2800:21f:cb07:6820:80da:af6b:8b2c")


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "http://[::1]:9/", "http://10.0.0.1/"],
)
def test_fetching_a_private_address_is_refused_before_connecting(url):
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        fetch(url, FetchPolicy(timeout=1))


@pytest.fixture
def localhost_cert(tmp_path):
    """Return (cert, key) of a self-signed certificate for the name localhost."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes"),
            *("-days", "2", "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_https_is_verified_against_the_url_host_not_the_checked_address(
    localhost_cert, monkeypatch
):
    with PeerServer(tls=localhost_cert) as server:
        server.routes["/page"] = Page("<p>over TLS</p>")
        port = server.port
        policy = FetchPolicy(
            timeout=5, allow_private=frozenset({f"localhost:{port}", server.host})
        )
        # An unknown certificate is refused.
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            fetch(f"https://localhost:{port}/page", policy)
        monkeypatch.setenv("SSL_CERT_FILE", str(localhost_cert[0]))
        # Trusted: connected to the checked 127.0.0.1, verified as localhost.
        response = fetch(f"https://localhost:{port}/page", policy)
        assert (response.status, response.body) == (200, b"<p>over TLS</p>")
        # The same address under a name the certificate does not hold: refused.
        with pytest.raises(FetchError, match=r"match|mismatch"):
            fetch(f"https://127.0.0.1:{port}/page", policy)
