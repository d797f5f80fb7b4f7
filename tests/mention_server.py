"""A real HTTP server on 127.0.0.1 for the Webmention tests (source, target, API).

Each path answers what the test put in `routes`; every request is recorded.
A route may answer slowly (`dribble`: seconds between bytes) or be a function
of the request (an endpoint that answers what it received).
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Page:
    """One answer: status, headers and body (a str body is sent as UTF-8)."""

    body: str | bytes = b""
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str | None = "text/html; charset=utf-8"
    dribble: float = 0.0


@dataclass
class Request:
    """What one request sent."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str]
    body: bytes


Route = Page | Callable[[Request], Page]


class PeerServer:
    """A threaded HTTP server with a routing table, started on a free port."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        self.scheme = "https" if tls else "http"
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet tests
                pass

            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    self.command,
                    parts.path,
                    dict(parse_qsl(parts.query)),
                    {k.lower(): v for k, v in self.headers.items()},
                    dict(parse_qsl(body.decode("utf-8", "replace"))),
                    body,
                )
                server.requests.append(request)
                route = server.routes.get(parts.path)
                page = route(request) if callable(route) else route
                if page is None:
                    page = Page("not here", status=404, content_type="text/plain")
                data = page.body.encode() if isinstance(page.body, str) else page.body
                self.send_response(page.status)
                if page.content_type:
                    self.send_header("Content-Type", page.content_type)
                for key, value in page.headers:
                    self.send_header(key, value)
                if not page.dribble:
                    self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                if self.command == "HEAD":
                    return
                try:
                    if page.dribble:
                        for index in range(len(data)):
                            if server.stopping.wait(page.dribble):
                                return
                            self.wfile.write(data[index : index + 1])
                            self.wfile.flush()
                    else:
                        self.wfile.write(data)
                except OSError:
                    pass  # the client gave up, as it should on a slow source

            do_GET = do_POST = do_HEAD = _answer  # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    @property
    def host(self) -> str:
        """Return "127.0.0.1:port", as WEBMENTION_ALLOW_PRIVATE takes it."""
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Return the absolute URL of `path` on this server."""
        return f"{self.scheme}://{self.host}{path}"

    def posts_to(self, path: str) -> list[Request]:
        """Return the POST requests received at `path`."""
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    def __enter__(self) -> PeerServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving and end any slow answer."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
