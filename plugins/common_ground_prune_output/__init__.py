"""Remove from the output what this build did not write (deleted or renamed posts)."""

from .plugin import register

__all__ = ["register"]
