"""The preview server behind `make serve` and `make devserver`, and `serving`.

A missing address gets the site's own 404.html with status 404. A site built by
`make publish` names its production address (SITEURL) in every link; it is
served with that address replaced by the local one, so the preview looks as
the published site will. `serving` runs one in a thread for tools and tests.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from common_ground_tools.live_reload import script_tag, with_script
from common_ground_tools.publish_state import marker_path

# Files whose text may carry the site's address: pages, styles, scripts,
# feeds, the sitemap, robots.txt, the search bundle's JSON.
TEXT_SUFFIXES = frozenset(
    {".html", ".htm", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg"}
)
# A Host header goes into pages, scripts and feeds, so only a plain host name,
# IPv4 or bracketed IPv6 address with an optional port is used; anything else is
# a stranger's text and the server's own address is used instead.
PLAIN_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)
HTML_SUFFIXES = frozenset({".html", ".htm"})


def localize(body: bytes, site_url: str, local_url: str) -> bytes:
    """Replace the production address by the local one (JSON-escaped form too)."""
    site_url, local_url = site_url.rstrip("/"), local_url.rstrip("/")
    for old, new in (
        (site_url, local_url),
        (site_url.replace("/", "\\/"), local_url.replace("/", "\\/")),
    ):
        body = body.replace(old.encode(), new.encode())
    return body


def published_site_url(output: Path) -> str:
    """Return SITEURL if `output` holds a successful `make publish`, else ""."""
    try:
        record = json.loads(marker_path(output).read_text(encoding="utf-8"))
        index = (output / "index.html").read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return ""
    if not isinstance(record, dict):
        return ""
    site_url = str(record.get("site_url") or "")
    # A `make html` after the publish rewrote the pages with relative links.
    if record.get("status") != "ok" or not site_url or site_url not in index:
        return ""
    return site_url


class SiteHandler(SimpleHTTPRequestHandler):
    """Serve files; answer a missing path with the site's 404.html, status 404."""

    def __init__(
        self, *args: Any, site_url: str = "", live_port: int = 0, **kwargs: Any
    ) -> None:
        """Remember the production address to replace ("" serves files as they are).

        `live_port` (devserver only) is the live-reload port whose script every
        HTML page gets as it is served; the files themselves never hold it.
        """
        self.site_url = site_url
        self.live_port = live_port
        super().__init__(*args, **kwargs)

    def _local_url(self) -> str:
        """Return the address the browser used to reach this server."""
        own = "{}:{}".format(*self.server.server_address[:2])
        host = self.headers.get("Host") or own
        return f"http://{host if PLAIN_HOST.fullmatch(host) else own}"

    def _body(self, path: Path) -> bytes:
        """Return a file's bytes, with the production address made local."""
        body = path.read_bytes()
        if self.site_url and path.suffix.lower() in TEXT_SUFFIXES:
            body = localize(body, self.site_url, self._local_url())
        if self.live_port and path.suffix.lower() in HTML_SUFFIXES:
            host = urlsplit(self._local_url()).hostname or "127.0.0.1"
            body = with_script(body, script_tag(host, self.live_port))
        return body

    def _start(self, code: int, path: Path, body: bytes) -> None:
        """Send the status line and headers for `body`."""
        self.send_response(code)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()

    def send_head(self) -> Any:
        """Serve a file, or answer 400 for a path no file can have."""
        # A NUL byte, a control character or bytes that are not UTF-8 make the
        # file system calls raise ValueError, which would drop the connection.
        target = self.translate_path(self.path)
        if any(ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in target):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None
        try:
            return self._send_head()
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None

    def _send_head(self) -> Any:
        """Serve text files of a published site with local addresses."""
        if not self.site_url and not self.live_port:
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        rewritten = TEXT_SUFFIXES if self.site_url else HTML_SUFFIXES
        if not path.is_file() or path.suffix.lower() not in rewritten:
            return super().send_head()
        body = self._body(path)
        self._start(HTTPStatus.OK, path, body)
        return BytesIO(body)

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        """Send the site's own 404 page for every missing path, as static hosts do."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = self._body(page)
        self._start(code, page, body)
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(
    output: Path,
    bind: str,
    port: int,
    site_url: str = "",
    handler: type[SiteHandler] = SiteHandler,
    live_port: int = 0,
) -> ThreadingHTTPServer:
    """Return a server for `output` on bind:port (port 0 picks a free one)."""
    bound = partial(
        handler, directory=str(output), site_url=site_url, live_port=live_port
    )
    return ThreadingHTTPServer((bind, port), bound)


class QuietSiteHandler(SiteHandler):
    """SiteHandler without a log line per request, for tools and tests."""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: the caller reports what matters."""


@contextmanager
def serving(
    output: Path, handler: type[SiteHandler] = QuietSiteHandler
) -> Iterator[str]:
    """Serve `output` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = make_server(output, "127.0.0.1", 0, handler=handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
