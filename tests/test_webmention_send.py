"""Sending: `make mentions` reads a published build and notifies what changed."""

from __future__ import annotations

import json
import shutil
import xmlrpc.client
from pathlib import Path

import pytest
from mention_server import Page, PeerServer, Request
from sitebuild import PROJECT_ROOT, build_site

from common_ground_tools import mentions
from common_ground_tools.webmention.config import load_config
from common_ground_tools.webmention.send import read_post, run

SITE = "https://blog.example"
HELLO = f"{SITE}/posts/hello/"
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "webmention_site"


@pytest.fixture
def peer():
    with PeerServer() as server:
        server.routes["/first"] = Page(
            "<p>first</p>", headers=[("Link", '</wm>; rel="webmention"')]
        )
        server.routes["/second"] = Page(
            '<html><head><link rel="pingback" href="/xmlrpc.php"></head></html>'
        )
        server.routes["/plain"] = Page("<p>no endpoint</p>")
        server.routes["/wm"] = Page("Accepted", status=202, content_type="text/plain")
        server.routes["/xmlrpc.php"] = Page(
            xmlrpc.client.dumps(("ok",), methodresponse=True), content_type="text/xml"
        )
        yield server


class Site:
    """A copy of the fixture whose links point at the peer, built as publish does."""

    def __init__(self, root: Path, peer: PeerServer) -> None:
        self.content = root / "content"
        self.output = root / "output"
        self.state = root / "state.json"
        self.peer = peer
        shutil.copytree(FIXTURE, self.content)
        self.edit("hello.md", "PEER", peer.url(""))

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.content / "posts" / name
        path.write_text(path.read_text().replace(old, new), encoding="utf-8")

    def build(self) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        result = build_site(
            self.content,
            self.output,
            conf="publishconf.py",
            overrides={"SITEURL": SITE, "SEARCH_INDEX": False},
        )
        assert not result.warnings

    def send(self, sleeps: list[float] | None = None, **settings):
        cfg = load_config(
            {
                "WEBMENTION_SITE_URL": SITE,
                "WEBMENTION_ALLOW_PRIVATE": [self.peer.host],
                "WEBMENTION_HOST_INTERVAL": 0,
                "WEBMENTION_BACKOFF": 0,
                **settings,
            }
        )
        record = sleeps if sleeps is not None else []
        return run(
            self.output, self.state, cfg, sleep=record.append, say=lambda _: None
        )


@pytest.fixture
def site(tmp_path, peer) -> Site:
    built = Site(tmp_path, peer)
    built.build()
    return built


def sent(peer: PeerServer) -> list[tuple[str, str]]:
    """Return (endpoint path, target path) of every notification received."""
    out = []
    for request in peer.requests:
        if request.method != "POST":
            continue
        if request.path == "/wm":
            out.append(("/wm", request.form["target"].removeprefix(peer.url(""))))
        else:
            params, _ = xmlrpc.client.loads(request.body)
            out.append((request.path, params[1].removeprefix(peer.url(""))))
    return out


def test_posts_and_their_external_links_are_read_from_the_published_page(site):
    html = (site.output / "posts/hello/index.html").read_text()
    post = read_post(html, "unused", SITE)
    assert post.url == HELLO
    # The site's own link is not external; the theme's links are not content.
    assert post.links == [site.peer.url(p) for p in ("/first", "/plain", "/second")]


def test_a_first_run_sends_each_link_once_and_a_second_run_nothing(site, peer):
    outcomes = site.send()
    assert sent(peer) == [("/wm", "/first"), ("/xmlrpc.php", "/second")]
    assert all(o.done for o in outcomes)
    assert {o.target.rsplit("/", 1)[1]: o.kind for o in outcomes} == {
        "first": "webmention",
        "plain": "none",
        "second": "pingback",
    }
    state = site.state.read_bytes()
    assert json.loads(state)["sources"][HELLO]["sent"][peer.url("/first")] == {
        "done": True,
        "endpoint": peer.url("/wm"),
        "error": "",
        "kind": "webmention",
        "status": 202,
    }
    peer.requests.clear()
    assert site.send() == []
    assert peer.requests == []
    # Nothing changed, so the state file is byte for byte the same.
    assert site.state.read_bytes() == state


def test_an_edited_post_is_sent_again_and_a_new_link_alone_is_new(site, peer):
    site.send()
    peer.requests.clear()
    site.edit("hello.md", "A post about", "An edited post about")
    site.build()
    outcomes = site.send()
    assert {o.why for o in outcomes} == {"post edited"}
    assert sent(peer) == [("/wm", "/first"), ("/xmlrpc.php", "/second")]
    peer.requests.clear()
    site.edit(
        "other.md", "Nothing links out of here.", f"See [this]({peer.url('/first')})."
    )
    site.build()
    outcomes = site.send()
    assert [(o.source, o.why) for o in outcomes] == [
        (f"{SITE}/posts/other/", "new link")
    ]


def test_a_removed_link_is_sent_again_so_the_receiver_notices(site, peer):
    site.send()
    peer.requests.clear()
    site.edit("hello.md", f"[the first peer page]({peer.url('/first')})", "nothing")
    site.build()
    outcomes = site.send()
    assert ("link removed", peer.url("/first")) in [(o.why, o.target) for o in outcomes]
    assert ("/wm", "/first") in sent(peer)
    state = json.loads(site.state.read_text())
    assert peer.url("/first") not in state["sources"][HELLO]["sent"]
    peer.requests.clear()
    assert site.send() == []


def test_a_deleted_post_has_its_links_sent_again(site, peer):
    site.send()
    peer.requests.clear()
    (site.content / "posts" / "hello.md").unlink()
    shutil.rmtree(site.content / "comments" / "hello")
    site.build()
    outcomes = site.send()
    assert {o.why for o in outcomes} == {"post deleted"}
    assert sent(peer) == [("/wm", "/first"), ("/xmlrpc.php", "/second")]
    assert HELLO not in json.loads(site.state.read_text())["sources"]


def test_a_failing_endpoint_is_retried_with_back_off_then_next_run(site, peer):
    answers = iter([503, 503, 202, 202])

    def flaky(_: Request) -> Page:
        return Page("", status=next(answers))

    peer.routes["/wm"] = lambda r: flaky(r) if r.method == "POST" else None
    peer.routes["/second"] = Page("<p>no endpoint now</p>")
    sleeps: list[float] = []
    outcomes = site.send(sleeps, WEBMENTION_RETRIES=1, WEBMENTION_BACKOFF=2.0)
    first = next(o for o in outcomes if o.target.endswith("/first"))
    assert (first.status, first.done) == (503, False)
    assert sleeps == [2.0]  # one retry after 2 s, then given up for this run
    outcomes = site.send(sleeps, WEBMENTION_RETRIES=1, WEBMENTION_BACKOFF=2.0)
    assert [(o.why, o.status) for o in outcomes] == [("retry", 202)]


def test_requests_to_one_host_are_spaced_by_the_host_interval(site, peer):
    sleeps: list[float] = []
    site.send(sleeps, WEBMENTION_HOST_INTERVAL=30)
    # Every request after the first to 127.0.0.1:port waited for its turn.
    assert len(sleeps) == len(peer.requests) - 1
    assert all(0 < s <= 30 for s in sleeps)


def test_dry_run_lists_and_sends_nothing(site, peer, monkeypatch, capsys):
    monkeypatch.setenv("COMMON_GROUND_SITEURL", SITE)
    argv = [
        "send",
        "--output",
        str(site.output),
        "--state",
        str(site.state),
        "--content",
        str(site.content),
        "--settings",
        str(PROJECT_ROOT / "publishconf.py"),
        "--dry-run",
    ]
    assert mentions.main(argv) == 0
    out = capsys.readouterr().out
    assert f"would send: {HELLO} -> {peer.url('/first')} (new post)" in out
    assert "3 to send (dry run: nothing sent)" in out
    assert peer.requests == []
    assert not site.state.exists()


def test_a_page_linked_from_several_posts_is_discovered_once_per_run(site, peer):
    site.edit(
        "other.md", "Nothing links out of here.", f"See [it]({peer.url('/first')})."
    )
    site.build()
    site.send()
    gets = [r for r in peer.requests if r.method == "GET" and r.path == "/first"]
    assert len(gets) == 1
    assert len(peer.posts_to("/wm")) == 2
