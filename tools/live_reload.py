"""Reload the open page after a devserver rebuild that changed it (preview only).

The browser side and the protocol are the `livereload` package's: its
livereload.js and its LiveReload websocket handler, served on a port of their
own by a Tornado loop in a background thread. `tools/serve.py` adds one
<script> line to the HTML it serves while `make devserver` runs; the files in
output/ never hold it, so nothing of it reaches a published build.

What changed is decided by content, not by file times (Pelican writes every
page on every rebuild): once the output folder has been still for a moment
after a change, each page whose bytes differ from before (or that is gone) is
reloaded in the browsers showing it, and no other.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import escape, netutil, web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop, PeriodicCallback

# How often the output folder is looked at (stat only), in milliseconds.
POLL_MS = 150
# Files that change together with every page (stylesheets, scripts, the search
# bundle) reload every open page.
SITE_WIDE_SUFFIXES = (".css", ".js")


# --- pure ------------------------------------------------------------------------
def page_file(url: str) -> str:
    """Return the output-relative file a page URL is served from."""
    path = unquote(urlsplit(url).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def changed_files(before: Mapping[str, str], after: Mapping[str, str]) -> set[str]:
    """Return the files whose digest differs, added or removed."""
    return {
        name
        for name in before.keys() | after.keys()
        if before.get(name) != after.get(name)
    }


def needs_reload(url: str, changed: Iterable[str], bundle_dir: str) -> bool:
    """Tell whether a browser showing `url` should reload after `changed`."""
    changed = set(changed)
    if page_file(url) in changed:
        return True
    return any(
        name.endswith(SITE_WIDE_SUFFIXES) and not name.startswith(bundle_dir + "/")
        for name in changed
    )


def script_tag(host: str, port: int) -> bytes:
    """Return the <script> line that loads the library's livereload.js."""
    return (
        f'<script src="http://{host}:{port}/livereload.js?port={port}" async></script>'
    ).encode()


def with_script(body: bytes, tag: bytes) -> bytes:
    """Put `tag` before the closing </body> (or at the end) of an HTML page."""
    at = body.lower().rfind(b"</body>")
    return body + tag if at < 0 else body[:at] + tag + body[at:]


# --- the folder ----------------------------------------------------------------
def _stats(output: Path) -> dict[str, tuple[int, int]]:
    """Return (mtime_ns, size) of every file below `output`, by relative path."""
    found = {}
    for folder, _dirs, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found[os.path.relpath(path, output)] = (info.st_mtime_ns, info.st_size)
    return found


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


class _PageHandler(LiveReloadHandler):
    """The library's handler, remembering which page each browser shows."""

    def on_message(self, message: str) -> None:
        decoded = escape.json_decode(message)
        if isinstance(decoded, dict) and decoded.get("command") == "info":
            self.page_url = str(decoded.get("url", ""))
        super().on_message(message)


class LiveReload:
    """The reload side of `make devserver`: a websocket port and a folder watch."""

    def __init__(self, output: Path, bind: str, bundle_dir: str = "pagefind") -> None:
        self.output = output
        self.bundle_dir = bundle_dir
        self.sockets = netutil.bind_sockets(0, bind)
        self.port = self.sockets[0].getsockname()[1]
        self._stats: dict[str, tuple[int, int]] = {}
        self._digests: dict[str, str] = {}
        # The (mtime, size) each digest was taken at.
        self._hashed: dict[str, tuple[int, int]] = {}
        self._pending = False
        self._loop: IOLoop | None = None
        self._ready = threading.Event()
        self.reloads = 0

    def start(self) -> None:
        """Serve the websocket and livereload.js, and watch, in a daemon thread."""
        self._stats = _stats(self.output)
        self._digests = {n: _digest(self.output / n) for n in self._stats}
        self._hashed = dict(self._stats)
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait(timeout=30)

    def _run(self) -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        self._loop = IOLoop.current()
        app = web.Application(
            [(r"/livereload", _PageHandler), (r"/livereload.js", LiveReloadJSHandler)]
        )
        server = HTTPServer(app)
        server.add_sockets(self.sockets)
        PeriodicCallback(self._poll, POLL_MS).start()
        self._ready.set()
        self._loop.start()

    def stop(self) -> None:
        """Stop the loop (the thread is a daemon; nothing is left behind)."""
        if self._loop is not None:
            self._loop.add_callback(self._loop.stop)

    def _poll(self) -> None:
        """Reload after the folder changed and then stayed still for one poll."""
        stats = _stats(self.output)
        if stats != self._stats:
            self._stats = stats
            self._pending = True
            return
        if not self._pending:
            return
        self._pending = False
        # Only files whose time or size moved are read again.
        digests = {
            name: self._digests[name]
            if self._hashed.get(name) == stat and name in self._digests
            else _digest(self.output / name)
            for name, stat in stats.items()
        }
        self._hashed = dict(stats)
        changed = changed_files(self._digests, digests)
        self._digests = digests
        if changed:
            self._reload(changed)

    def _reload(self, changed: set[str]) -> None:
        message = {"command": "reload", "path": "/", "liveCSS": False}
        for waiter in list(LiveReloadHandler.waiters):
            url = getattr(waiter, "page_url", "")
            if needs_reload(url, changed, self.bundle_dir):
                waiter.send_message(message)
                self.reloads += 1
