"""Serve a built site on 127.0.0.1 the way a static host does, 404 page included.

The server is `make serve`'s (tools/preview_server.py), run quietly in a thread, so the
tests see what a reader of the served site sees.
"""

from common_ground_tools.preview_server import serving as serve

__all__ = ["serve"]
