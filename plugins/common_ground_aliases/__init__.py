"""Redirect pages and a server map for the old addresses named in `Aliases:`."""

from .plugin import register

__all__ = ["register"]
