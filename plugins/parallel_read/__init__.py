"""Parallel read: a second process reads half of the posts on a cold build."""

from .plugin import register

__all__ = ["register"]
