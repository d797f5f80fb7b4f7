"""Build summary: one line at the end of every build."""

from .plugin import register

__all__ = ["register"]
