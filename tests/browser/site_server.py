"""Serve a built site on 127.0.0.1 the way a static host does, 404 page included."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from serve import SiteHandler, make_server


class StaticSiteHandler(SiteHandler):
    """`make serve`'s handler (tools/serve.py), without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free port of 127.0.0.1 and yield its base URL."""
    server = make_server(root, "127.0.0.1", 0, handler=StaticSiteHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
