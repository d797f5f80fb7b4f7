"""Pelican glue for the jsonld plugin: handlers and register() only.

Sets `article.jsonld` (a JSON string, safe inside <script>) on every article
Pelican writes; partials/jsonld.html prints it.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .core import JsonLdSettings, blog_posting, script_json


def attach_jsonld(generator: Any, content: Any) -> None:
    """Describe the article about to be written."""
    settings = generator.settings
    site = JsonLdSettings(
        siteurl=settings.get("SITEURL", ""),
        author=settings.get("AUTHOR"),
        lang=settings.get("DEFAULT_LANG", "en"),
    )
    content.jsonld = script_json(blog_posting(content, site))


def register() -> None:
    """Connect the handler."""
    # Sent just before each article is written: every plugin's attributes are
    # final by then, whatever the order of PLUGINS.
    signals.article_generator_write_article.connect(attach_jsonld)
