"""Pelican glue for the aliases plugin: handlers and register() only."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, Template
from markupsafe import Markup
from pelican import Pelican, signals
from pelican.generators import PelicanTemplateNotFound

from .config import ConfigError, get_config
from .core import Claim, map_text, parse_aliases, redirect_fields, resolve
from .output import reserved_files, write_outputs

logger = logging.getLogger(__name__)

# Content lists whose objects become public pages (the generators' public
# attributes); only these may own an alias.
PUBLISHED = ("articles", "translations", "pages", "hidden_pages", "hidden_translations")


@dataclass
class PendingBuild:
    """What one build has claimed and written, from its claims to `finalized`."""

    claims: list[Claim]
    settings: dict[str, Any]
    # The redirect page's template and the site context it is rendered with.
    template: Template
    context: dict[str, Any]
    written: set[str] = field(default_factory=set)


# One entry per output folder, made when a build has read its content and
# removed when that build finishes: the paths the writer announces arrive
# through `content_written`/`feed_written`, which carry no generator, and
# `finalized` carries only the Pelican object. Nothing outlives the build.
_PENDING: dict[str, PendingBuild] = {}


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
                    logger.warning(
                        "aliases: %s: %s; skipped", item.source_path, problem
                    )
                claims += [
                    Claim(a, item.source_path, item.url, item.title) for a in aliases
                ]
    return claims


def _static_files(generators: list[Any]) -> set[str]:
    """Return the output paths of the content's static files (copied, not written)."""
    return {
        item.save_as
        for gen in generators
        for item in getattr(gen, "staticfiles", None) or ()
        if getattr(item, "save_as", "")
    }


# A theme without redirect.html (any foreign theme) gets this plugin's own.
FALLBACK_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _redirect_template(generator: Any) -> Template:
    """Return the theme's redirect template, else the plugin's own.

    The generator's Jinja environment is the site's (theme, overrides,
    filters), so a site restyles redirect pages as it restyles any page.
    """
    try:
        return generator.get_template("redirect")
    except PelicanTemplateNotFound:
        env = generator.env.overlay(loader=FileSystemLoader(FALLBACK_TEMPLATES))
        return env.get_template("redirect.html")


# all_generators_finalized: every post's aliases and URL are known; the files
# the build writes are collected as the writer announces them.
def collect_claims(generators: list[Any]) -> None:
    """Start recording this build: its claims and its static files."""
    if not generators:
        return
    settings = generators[0].settings
    output = os.path.abspath(settings["OUTPUT_PATH"])
    _PENDING.pop(output, None)
    try:
        get_config(settings)
    except ConfigError:
        return
    claims = _claims(generators)
    if not claims:
        return  # nothing to place: no pages, no map, nothing to record
    pending = PendingBuild(
        claims,
        settings,
        _redirect_template(generators[0]),
        generators[0].context,
    )
    pending.written |= _static_files(generators)
    _PENDING[output] = pending


def _record(path: str) -> None:
    """Remember one file the writer wrote, under the build whose output holds it."""
    absolute = os.path.abspath(path)
    for output, pending in _PENDING.items():
        if absolute.startswith(output + os.sep):
            pending.written.add(Path(os.path.relpath(absolute, output)).as_posix())
            return


def record_written(path: str, **_kwargs: Any) -> None:
    """Record a page, feed or other file Pelican's writer (or a plugin) wrote."""
    _record(path)


def _reserved(pelican: Pelican, settings: dict[str, Any]) -> set[str]:
    """Return the files copied or made at the end of the build, not announced."""
    return reserved_files({**settings, "THEME": pelican.theme})


# finalized: every writer is done, so every file the build writes is known and
# a redirect can never take its place (or a folder it needs).
def write_redirects(pelican: Pelican) -> None:
    """Write a redirect page per usable alias and the map file of all of them."""
    pending = _PENDING.pop(os.path.abspath(pelican.output_path), None)
    if pending is None or not pending.claims:
        return
    settings = pending.settings
    cfg = get_config(settings)
    written = pending.written | _reserved(pelican, settings)
    if cfg.map_save_as:
        written.add(cfg.map_save_as)
    redirects, warnings = resolve(pending.claims, written)
    for warning in warnings:
        logger.warning("aliases: %s", warning)
    files: dict[str, str] = {}
    if cfg.redirect_pages:
        for redirect in redirects:
            fields = redirect_fields(redirect, siteurl=cfg.siteurl, lang=cfg.lang)
            # Escaped once already, so a theme with autoescape on shows them as is.
            page = pending.template.render(
                pending.context, **{k: Markup(v) for k, v in fields.items()}
            )
            # Jinja drops a template's last newline; the page ends with one.
            files[redirect.save_as] = page if page.endswith("\n") else page + "\n"
    if cfg.map_save_as:
        files[cfg.map_save_as] = map_text(redirects, siteurl=cfg.siteurl)
    write_outputs(Path(pelican.output_path), files)


def check_settings(pelican: Pelican) -> None:
    """Validate the aliases settings before anything is read or written."""
    try:
        get_config(pelican.settings)
    except ConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None


def register() -> None:
    """Connect the aliases plugin to Pelican's signals."""
    # A bad setting should stop the build before any content is read.
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(collect_claims)
    signals.content_written.connect(record_written)
    signals.feed_written.connect(record_written)
    signals.finalized.connect(write_redirects)
