"""The whole loop on 127.0.0.1: a published post notifies a site running the endpoint.

The sending site is a real build served by a local server; the receiving site is
a Flask app with the blueprint on a real WSGI server. `make mentions` discovers
the endpoint, the endpoint answers 202, verification fetches the published post.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from flask import Flask, Response
from mention_server import Page, PeerServer, Request
from sitebuild import PROJECT_ROOT, build_site
from werkzeug.serving import make_server

from common_ground_tools.webmention import db as store
from common_ground_tools.webmention.config import load_config
from common_ground_tools.webmention.receive import blueprint
from common_ground_tools.webmention.send import run
from common_ground_tools.webmention.verify import verify_pending

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "webmention_site"


@pytest.fixture
def receiver(tmp_path):
    """Yield (base URL, settings) of a receiving site on a real WSGI server."""
    app = Flask("receiver")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config.update(
        WEBMENTION_SITE_URL=base,
        WEBMENTION_DB=str(tmp_path / "receiver.sqlite3"),
        WEBMENTION_WORKER=False,
    )
    app.register_blueprint(blueprint)

    @app.get("/first")
    def first() -> Response:
        return Response(
            "<p>a post that takes Webmentions</p>",
            headers={"Link": f'<{base}/webmention>; rel="webmention"'},
            mimetype="text/html",
        )

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, dict(app.config)
    server.shutdown()


def serve_folder(folder: Path):
    def answer(request: Request) -> Page:
        path = folder / request.path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return Page("missing", status=404)
        return Page(path.read_bytes())

    return answer


def test_a_published_post_is_received_and_verified(tmp_path, receiver):
    base, receiver_settings = receiver
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    post = content / "posts" / "hello.md"
    post.write_text(post.read_text().replace("PEER", base), encoding="utf-8")
    with PeerServer() as sender_site:
        # Any path of the sending site is its published output.
        sender_site.routes = _AnyPath(serve_folder(output))
        site_url = sender_site.url("")
        build_site(
            content,
            output,
            conf="publishconf.py",
            overrides={"SITEURL": site_url, "SEARCH_INDEX": False},
        )
        cfg = load_config(
            {
                "WEBMENTION_SITE_URL": site_url,
                "WEBMENTION_ALLOW_PRIVATE": [f"127.0.0.1:{base.rsplit(':', 1)[1]}"],
                "WEBMENTION_HOST_INTERVAL": 0,
                "WEBMENTION_BACKOFF": 0,
            }
        )
        outcomes = run(output, tmp_path / "sent.json", cfg, say=lambda _: None)
        sent = [o for o in outcomes if o.kind == "webmention"]
        assert [(o.target, o.status) for o in sent] == [(f"{base}/first", 202)]
        receiver_settings["WEBMENTION_ALLOW_PRIVATE"] = [sender_site.host]
        assert verify_pending(receiver_settings["WEBMENTION_DB"], receiver_settings)
    conn = store.connect(receiver_settings["WEBMENTION_DB"])
    (row,) = store.rows(conn)
    conn.close()
    assert (row.source, row.target) == (f"{site_url}/posts/hello/", f"{base}/first")
    assert (row.verification, row.type, row.title) == (
        "verified",
        "mention",
        "Hello, mentions",
    )


class _AnyPath(dict):
    """A routing table that sends every path to one function."""

    def __init__(self, answer) -> None:
        super().__init__()
        self.answer = answer

    def get(self, path, default=None):
        return self.answer
