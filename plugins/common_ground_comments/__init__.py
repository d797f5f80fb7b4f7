"""Comment threads, moderation, safe rendering, pingbacks and feeds for Pelican."""

from .plugin import register

__all__ = ["register"]
