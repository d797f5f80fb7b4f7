"""Endpoint discovery: the webmention.rocks discovery tests 1–23 as local pages.

Each case serves a target page on 127.0.0.1 the way webmention.rocks does,
sends a Webmention to it, and checks that the right endpoint (and only it)
received `source` and `target`. Decoy endpoints answer 500 and must stay silent.
"""

from __future__ import annotations

import pytest
from mention_server import Page, PeerServer

from common_ground_tools.webmention.config import load_config
from common_ground_tools.webmention.discover import (
    Endpoint,
    discover,
    link_header_endpoints,
)
from common_ground_tools.webmention.send import Outcome, Sender

SOURCE = "https://blog.example/posts/hello/"


@pytest.fixture
def peer():
    with PeerServer() as server:
        yield server


@pytest.fixture
def other_peer():
    with PeerServer() as server:
        yield server


def page(body: str = "", headers=(), content_type="text/html; charset=utf-8"):
    html = f"<!DOCTYPE html><html><head><title>t</title>{body}</html>"
    return Page(html, headers=list(headers), content_type=content_type)


def html(head: str = "", body: str = "") -> str:
    return f"{head}</head><body>{body}</body>"


def rocks_cases(p: PeerServer) -> dict[int, tuple[Page, str]]:
    """Return {test number: (the target page, the endpoint path that must get it)}."""
    n = "/test/{}/webmention"
    return {
        1: (page(headers=[("Link", f"<{n.format(1)}>; rel=webmention")]), n.format(1)),
        2: (
            page(headers=[("Link", f"<{p.url(n.format(2))}>; rel=webmention")]),
            n.format(2),
        ),
        3: (page(html(f'<link rel="webmention" href="{n.format(3)}">')), n.format(3)),
        4: (
            page(html(f'<link rel="webmention" href="{p.url(n.format(4))}">')),
            n.format(4),
        ),
        5: (
            page(html(body=f'<a rel="webmention" href="{n.format(5)}">e</a>')),
            n.format(5),
        ),
        6: (
            page(html(body=f'<a rel="webmention" href="{p.url(n.format(6))}">e</a>')),
            n.format(6),
        ),
        7: (
            page(headers=[("LinK", f'<{n.format(7)}>; REL="webmention"')]),
            n.format(7),
        ),
        8: (
            page(headers=[("Link", f'<{n.format(8)}>; rel="webmention"')]),
            n.format(8),
        ),
        9: (
            page(html(f'<link rel="webmention somethingelse" href="{n.format(9)}">')),
            n.format(9),
        ),
        10: (
            page(
                headers=[("Link", f'<{n.format(10)}>; rel="webmention somethingelse"')]
            ),
            n.format(10),
        ),
        11: (
            page(
                html(
                    '<link rel="webmention" href="/test/11/error">',
                    '<a rel="webmention" href="/test/11/error">e</a>',
                ),
                headers=[("Link", f"<{n.format(11)}>; rel=webmention")],
            ),
            n.format(11),
        ),
        12: (
            page(
                html(
                    '<link rel="not-webmention" href="/test/12/error">'
                    f'<link rel="webmention" href="{n.format(12)}">'
                )
            ),
            n.format(12),
        ),
        13: (
            page(
                html(
                    '<!-- <link rel="webmention" href="/test/13/error"> -->'
                    f'<link rel="webmention" href="{n.format(13)}">'
                )
            ),
            n.format(13),
        ),
        14: (
            page(
                html(
                    body='<code>&lt;a href="/test/14/error" rel="webmention"&gt;'
                    "&lt;/a&gt;</code>"
                    f'<a rel="webmention" href="{n.format(14)}">e</a>'
                )
            ),
            n.format(14),
        ),
        # An empty href is the page itself: the page's own URL gets the POST.
        15: (page(html('<link rel="webmention" href="">')), "/test/15"),
        16: (
            page(
                html(
                    body=f'<a rel="webmention" href="{n.format(16)}">e</a>'
                    '<link rel="webmention" href="/test/16/error">'
                )
            ),
            n.format(16),
        ),
        17: (
            page(
                html(
                    f'<link rel="webmention" href="{n.format(17)}">',
                    '<a rel="webmention" href="/test/17/error">e</a>',
                )
            ),
            n.format(17),
        ),
        18: (
            page(
                headers=[
                    ("Link", '</test/18/error>; rel="other"'),
                    ("Link", f'<{n.format(18)}>; rel="webmention"'),
                ]
            ),
            n.format(18),
        ),
        19: (
            page(
                headers=[
                    (
                        "Link",
                        f'</test/19/error>; rel="other", <{n.format(19)}>; '
                        'rel="webmention"',
                    )
                ]
            ),
            n.format(19),
        ),
        20: (
            page(
                html(
                    '<link rel="webmention">',
                    f'<a rel="webmention" href="{n.format(20)}">e</a>',
                )
            ),
            n.format(20),
        ),
        21: (
            page(html(f'<link rel="webmention" href="{n.format(21)}?query=yes">')),
            n.format(21),
        ),
        # Relative to the page's path: /test/22 + "22/webmention" = /test/22/webmention.
        22: (page(html('<link rel="webmention" href="22/webmention">')), n.format(22)),
    }


def config(*peers: PeerServer):
    return load_config(
        {
            "WEBMENTION_SITE_URL": "https://blog.example",
            "WEBMENTION_ALLOW_PRIVATE": [p.host for p in peers],
            "WEBMENTION_HOST_INTERVAL": 0,
            "WEBMENTION_BACKOFF": 0,
            "WEBMENTION_TIMEOUT": 10,
        }
    )


def serve_case(p: PeerServer, number: int) -> str:
    """Serve webmention.rocks test `number`; return the endpoint path expected."""
    target_page, endpoint = rocks_cases(p)[number]
    p.routes[f"/test/{number}"] = target_page
    if endpoint != f"/test/{number}":
        p.routes[endpoint] = Page("Accepted", status=202, content_type="text/plain")
    for decoy in ("error",):
        p.routes[f"/test/{number}/{decoy}"] = Page("decoy", status=500)
    return endpoint


@pytest.mark.parametrize("number", range(1, 23))
def test_webmention_rocks_discovery_case_is_sent_to_the_right_endpoint(peer, number):
    endpoint = serve_case(peer, number)
    if number == 15:
        peer.routes["/test/15"] = lambda r: (
            Page("Accepted", status=202, content_type="text/plain")
            if r.method == "POST"
            else rocks_cases(peer)[15][0]
        )
    target = peer.url(f"/test/{number}")
    outcome = Sender(config(peer)).notify(Outcome(SOURCE, target, "new post"))
    assert outcome.kind == "webmention"
    assert outcome.status == 202, outcome.error
    posts = [r for r in peer.requests if r.method == "POST"]
    assert [r.path for r in posts] == [endpoint]
    assert posts[0].form == {"source": SOURCE, "target": target}
    assert posts[0].headers["content-type"] == "application/x-www-form-urlencoded"
    if number == 21:
        assert posts[0].query == {"query": "yes"}


def test_webmention_rocks_23_relative_endpoint_after_a_redirect(peer):
    # The target redirects; the endpoint is relative to the page it lands on.
    peer.routes["/test/23/page"] = Page(
        "", status=302, headers=[("Location", "/test/23/page/abc")]
    )
    peer.routes["/test/23/page/abc"] = page(
        html('<link rel="webmention" href="webmention-endpoint/abc">')
    )
    peer.routes["/test/23/page/webmention-endpoint/abc"] = Page("", status=202)
    target = peer.url("/test/23/page")
    outcome = Sender(config(peer)).notify(Outcome(SOURCE, target, "new post"))
    assert outcome.endpoint == peer.url("/test/23/page/webmention-endpoint/abc")
    assert outcome.status == 202
    # The target sent is the link as written, not where it redirected.
    assert peer.posts_to("/test/23/page/webmention-endpoint/abc")[0].form == {
        "source": SOURCE,
        "target": target,
    }


def test_endpoints_in_non_html_documents_are_not_read(peer):
    peer.routes["/doc.txt"] = Page(
        '<link rel="webmention" href="/wm">', content_type="text/plain"
    )
    assert discover(peer.url("/doc.txt"), config(peer).policy) is None


def test_a_target_without_any_endpoint_is_recorded_as_such(peer):
    peer.routes["/plain"] = page(html(body="<p>nothing to see</p>"))
    outcome = Sender(config(peer)).notify(Outcome(SOURCE, peer.url("/plain"), "new"))
    assert outcome.kind == "none"
    assert outcome.done
    assert not [r for r in peer.requests if r.method == "POST"]


def test_a_webmention_endpoint_wins_over_a_pingback_endpoint(peer):
    peer.routes["/both"] = page(
        html('<link rel="pingback" href="/xmlrpc"><link rel="webmention" href="/wm">'),
        headers=[("X-Pingback", peer.url("/xmlrpc"))],
    )
    found = discover(peer.url("/both"), config(peer).policy)
    assert found == Endpoint("webmention", peer.url("/wm"))


@pytest.mark.parametrize("how", ["header", "link"])
def test_a_pingback_only_target_gets_an_xml_rpc_pingback(peer, how):
    import xmlrpc.client

    headers = [("X-Pingback", peer.url("/xmlrpc.php"))] if how == "header" else []
    head = '<link rel="pingback" href="/xmlrpc.php">' if how == "link" else ""
    peer.routes["/wp-post"] = page(html(head), headers=headers)
    peer.routes["/xmlrpc.php"] = Page(
        xmlrpc.client.dumps(("Pingback registered",), methodresponse=True),
        content_type="text/xml",
    )
    target = peer.url("/wp-post")
    outcome = Sender(config(peer)).notify(Outcome(SOURCE, target, "new post"))
    assert (outcome.kind, outcome.status, outcome.done) == ("pingback", 200, True)
    call = peer.posts_to("/xmlrpc.php")[0]
    params, method = xmlrpc.client.loads(call.body)
    assert (method, params) == ("pingback.ping", (SOURCE, target))


def test_a_pingback_fault_is_recorded_and_retried_later(peer):
    import xmlrpc.client

    peer.routes["/wp-post"] = page(headers=[("X-Pingback", "/xmlrpc.php")])
    peer.routes["/xmlrpc.php"] = Page(
        xmlrpc.client.dumps(xmlrpc.client.Fault(17, "no link"), methodresponse=True),
        content_type="text/xml",
    )
    outcome = Sender(config(peer)).notify(Outcome(SOURCE, peer.url("/wp-post"), "n"))
    assert not outcome.done
    assert "pingback fault 17" in outcome.error


def test_link_header_parsing_keeps_order_and_exact_rel():
    values = [
        '<a>; rel="other", <b>; rel="webmention alternate"',
        "<c>; rel=webmention; title=x",
        '<d>; rel="not-webmention"',
    ]
    assert link_header_endpoints(values, "webmention") == ["b", "c"]
