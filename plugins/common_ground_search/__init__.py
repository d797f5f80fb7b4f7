"""Index the built site with Pagefind so readers can search it without a server."""

from .plugin import register

__all__ = ["register"]
