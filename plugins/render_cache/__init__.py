"""Render cache: a cached rebuild re-renders only the pages whose inputs changed."""

from .plugin import register

__all__ = ["register"]
