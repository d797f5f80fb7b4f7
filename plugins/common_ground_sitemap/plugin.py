"""Pelican glue: add the sitemap generator."""

from __future__ import annotations

from pelican import Pelican, signals

from .config import SitemapConfigError, get_config
from .generator import SitemapGenerator


def add_generator(pelican: Pelican) -> type[SitemapGenerator]:
    """Hand Pelican the generator class."""
    return SitemapGenerator


def check_settings(pelican: Pelican) -> None:
    """Validate the sitemap settings before anything is read or written."""
    try:
        get_config(pelican.settings)
    except SitemapConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None


def register() -> None:
    """Connect the handlers."""
    # A bad setting should stop the build before any content is read.
    signals.initialized.connect(check_settings)
    # A generator (not `finalized`) gets the shared context with every article,
    # page, category, tag and series URL, and runs after their context is built.
    signals.get_generators.connect(add_generator)
