"""Series plugin: linked series of posts, series pages and per-series feeds."""

from .plugin import register

__all__ = ["register"]
