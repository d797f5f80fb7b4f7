"""Pelican glue for the aliases plugin: handlers and register() only."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from .config import ConfigError, get_config
from .core import Claim, map_text, parse_aliases, redirect_page, resolve
from .output import write_outputs

logger = logging.getLogger(__name__)

# Content lists whose objects become output pages (the generators' public
# attributes); only the published ones may own an alias.
PUBLISHED = ("articles", "translations", "pages", "hidden_pages", "hidden_translations")
UNPUBLISHED = (
    "hidden_articles",
    "drafts",
    "drafts_translations",
    "draft_pages",
    "draft_translations",
    "staticfiles",
)


def _real_pages(generators: list[Any], settings: dict[str, Any]) -> dict[str, str]:
    """Map the save_as of every page the build writes to what it comes from."""
    pages: dict[str, str] = {}
    for gen in generators:
        for name in PUBLISHED + UNPUBLISHED:
            for item in getattr(gen, name, None) or ():
                if getattr(item, "save_as", ""):
                    pages.setdefault(item.save_as, item.source_path)
        for name in ("categories", "authors"):
            for wrapper, _posts in getattr(gen, name, None) or ():
                pages.setdefault(wrapper.save_as, f"the {name[:-1]} page {wrapper}")
        for wrapper in getattr(gen, "tags", None) or {}:
            pages.setdefault(wrapper.save_as, f"the tag page {wrapper}")
        for archives in (getattr(gen, "period_archives", None) or {}).values():
            for archive in archives:
                pages.setdefault(archive["save_as"], "a period archive page")
    for template in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            pages.setdefault(save_as, f"the {template} page")
    for save_as in settings.get("TEMPLATE_PAGES", {}).values():
        pages.setdefault(save_as, f"the template page {save_as}")
    return pages


def _claims(generators: list[Any]) -> list[Claim]:
    """Read `Aliases:` of every published post and page, warning about bad ones."""
    claims = []
    for gen in generators:
        for name in PUBLISHED:
            for item in getattr(gen, name, None) or ():
                raw = item.metadata.get("aliases")
                if not raw:
                    continue
                aliases, problems = parse_aliases(str(raw))
                for problem in problems:
                    logger.warning("aliases: %s: %s", item.source_path, problem)
                claims += [
                    Claim(a, item.source_path, item.url, item.title) for a in aliases
                ]
    return claims


# all_generators_finalized: every page's save_as is known, and nothing is
# written yet, so a real page written later always wins over a redirect.
def write_redirects(generators: list[Any]) -> None:
    """Write a redirect page per alias and the map file of all of them."""
    if not generators:
        return
    settings = generators[0].settings
    try:
        cfg = get_config(settings)
    except ConfigError:
        return
    claims = _claims(generators)
    if not claims:
        return
    redirects, warnings = resolve(claims, _real_pages(generators, settings))
    for warning in warnings:
        logger.warning("aliases: %s", warning)
    files: dict[str, str] = {}
    if cfg.redirect_pages:
        for redirect in redirects:
            files[redirect.save_as] = redirect_page(
                redirect, siteurl=cfg.siteurl, lang=cfg.lang
            )
    if cfg.map_save_as:
        files[cfg.map_save_as] = map_text(redirects, siteurl=cfg.siteurl)
    write_outputs(Path(settings["OUTPUT_PATH"]), files)


def register() -> None:
    """Connect the aliases plugin to Pelican's signals."""
    signals.all_generators_finalized.connect(write_redirects)
