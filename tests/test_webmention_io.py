"""`make mentions FETCH=1`: webmention.io's jf2 feed becomes pending comment files.

A local server plays webmention.io's API with a feed shaped like its answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mention_server import Page, PeerServer, Request
from sitebuild import PROJECT_ROOT

from common_ground_core.source import load_settings
from common_ground_tools import mentions, moderate
from common_ground_tools.webmention.config import load_config
from common_ground_tools.webmention.webmentionio import (
    WebmentionIOError,
    import_mentions,
)

FEED = PROJECT_ROOT / "tests" / "fixtures" / "webmention_io" / "mentions.jf2"
TOKEN = "s3cret-token"


@pytest.fixture
def api():
    with PeerServer() as server:

        def mentions_jf2(request: Request) -> Page:
            if request.query.get("token") != TOKEN:
                return Page('{"error": "forbidden"}', status=403)
            body = FEED.read_text() if request.query.get("page") == "0" else "{}"
            return Page(body, content_type="application/json")

        server.routes["/api/mentions.jf2"] = mentions_jf2
        yield server


@pytest.fixture
def content(fixture_content) -> Path:
    return fixture_content("webmention_site")


def run_import(api: PeerServer, content: Path, token: str = TOKEN):
    settings = load_settings(PROJECT_ROOT / "pelicanconf.py", content)
    cfg = load_config(
        {
            "WEBMENTION_IO_API": api.url(""),
            "WEBMENTION_ALLOW_PRIVATE": [api.host],
        }
    )
    return import_mentions(cfg, token, content, settings)


def test_mentions_become_pending_files_once(api, content):
    written, skipped = run_import(api, content)
    names = sorted(p.relative_to(content / "comments").as_posix() for p in written)
    assert names == [
        "hello/wmio-1850001.md",
        "hello/wmio-1850002.md",
        "hello/wmio-1850004.md",
        "other/wmio-1850003.md",
    ]
    assert skipped == [
        "wm-id 1850005: no post of this site is at "
        "https://blog.example/posts/no-such-post/",
        "wm-id 1850006: no http(s) source or no usable date",
    ]
    reply = (content / "comments/hello/wmio-1850001.md").read_text()
    assert reply == (
        "Type: pingback\n"
        "Author: Alice Example\n"
        "Title: https://alice.example/notes/2026/11/reply\n"
        "Source: https://alice.example/notes/2026/11/reply\n"
        "Date: 2026-11-02T05:00:00-05:00\n"
        "Website: https://alice.example/\n"
        "Webmention: reply\n"
        "Status: pending\n\n"
        "Agreed, and here is why.\n"
    )
    like = (content / "comments/hello/wmio-1850002.md").read_text()
    assert like.startswith("Type: like\nAuthor: Bob\n")
    assert "Date: 2026-11-03T03:00:00-05:00" in like  # no published: wm-received
    assert (
        (content / "comments/other/wmio-1850003.md")
        .read_text()
        .startswith("Type: repost\n")
    )
    # A second run finds nothing new, even after moderation changed the files.
    assert run_import(api, content)[0] == []


def test_a_wrong_token_is_a_clear_error_that_does_not_print_the_token(api, content):
    with pytest.raises(WebmentionIOError, match="answered 403") as error:
        run_import(api, content, token="wrong")
    assert "wrong" not in str(error.value)
    with pytest.raises(WebmentionIOError, match="WEBMENTION_IO_TOKEN"):
        run_import(api, content, token="")


def test_imported_mentions_are_moderated_and_shown_inert(api, content, site_builder):
    run_import(api, content)
    root = ["--content", str(content)]
    for key in ("wmio-1850001", "wmio-1850002", "wmio-1850004"):
        assert moderate.main([*root, "--approve", f"hello/{key}"]) == 0
    page = site_builder(content).read("posts/hello/index.html")
    assert "https://alice.example/notes/2026/11/reply" in page
    assert '<p class="mention-reactions">1 like</p>' in page
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page


def test_make_mentions_fetch_reads_the_token_from_the_environment(
    api, content, monkeypatch, capsys, tmp_path
):
    conf = tmp_path / "conf.py"
    conf.write_text(
        f"from pelicanconf import *\n"
        f"WEBMENTION_IO_API = {api.url('')!r}\n"
        f"WEBMENTION_ALLOW_PRIVATE = [{api.host!r}]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(PROJECT_ROOT))
    monkeypatch.setenv("WEBMENTION_IO_TOKEN", TOKEN)
    argv = ["fetch", "--content", str(content), "--settings", str(conf)]
    assert mentions.main(argv) == 0
    assert "4 new pending mention(s), 2 skipped" in capsys.readouterr().out
    monkeypatch.setenv("WEBMENTION_IO_TOKEN", "nope")
    assert mentions.main(argv) == 1
    assert "webmention.io answered 403" in capsys.readouterr().err
