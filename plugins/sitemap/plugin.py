"""Pelican glue: add the sitemap generator."""

from __future__ import annotations

from pelican import Pelican, signals

from .generator import SitemapGenerator


def add_generator(pelican: Pelican) -> type[SitemapGenerator]:
    """Hand Pelican the generator class."""
    return SitemapGenerator


def register() -> None:
    """Connect the handler."""
    # A generator (not `finalized`) gets the shared context with every article,
    # page, category, tag and series URL, and runs after their context is built.
    signals.get_generators.connect(add_generator)
