"""jsonld plugin: schema.org BlogPosting JSON-LD for every post, built in Python."""

from .plugin import register

__all__ = ["register"]
