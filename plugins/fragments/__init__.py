"""Fragments: render a listed post's summary once per build, not once per listing."""

from .plugin import register

__all__ = ["register"]
