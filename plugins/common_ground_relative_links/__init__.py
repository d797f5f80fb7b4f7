"""Raw relative links of existing Pelican posts resolved; unique ids in listings."""

from .plugin import register

__all__ = ["register"]
