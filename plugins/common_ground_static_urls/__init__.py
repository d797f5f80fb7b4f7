"""Valid URLs for static files whose path has spaces or non-ASCII characters."""

from .plugin import register

__all__ = ["register"]
