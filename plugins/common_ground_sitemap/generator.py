"""A Pelican generator that writes sitemap.xml and robots.txt after the content."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from .config import get_config
from .core import collect_entries, is_absolute, keep, render_robots, render_sitemap

logger = logging.getLogger(__name__)


class SitemapGenerator:
    """Write the two discovery files from the shared generation context."""

    def __init__(
        self,
        context: dict[str, Any],
        settings: dict[str, Any],
        path: str,
        theme: str,
        output_path: str,
        **kwargs: Any,
    ) -> None:
        self.context = context
        self.settings = settings
        self.output_path = Path(output_path)

    def generate_output(self, writer: object) -> None:
        """Write the files; every other generator has filled the context by now."""
        config = get_config(self.settings)
        siteurl = self.settings.get("SITEURL", "")
        sitemap_url = None
        if config.save_as and is_absolute(siteurl):
            entries = keep(collect_entries(self.context), config.exclude)
            self._write(config.save_as, render_sitemap(siteurl, entries))
            sitemap_url = f"{siteurl.rstrip('/')}/{config.save_as}"
        elif config.save_as:
            # Development builds have no public address; a sitemap needs one.
            logger.info("sitemap: SITEURL %r is not absolute, no sitemap", siteurl)
        if config.robots_save_as:
            robots = render_robots(sitemap_url, config.exclude)
            self._write(config.robots_save_as, robots)

    def _write(self, save_as: str, text: str) -> None:
        """Write one file below the output folder."""
        target = self.output_path / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        # Announced like Pelican's own pages, so prune_output keeps it.
        signals.content_written.send(str(target), context=self.context)
        logger.info("Writing %s", target)
        # Announced like the writer's own files, so plugins that must not take
        # an address the build writes (aliases) know about it.
        signals.content_written.send(str(target), context=self.context)
