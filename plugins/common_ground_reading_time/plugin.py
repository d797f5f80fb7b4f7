"""Pelican glue: estimate reading time on every article and page; badge feeds."""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Content

from common_ground_core.settings import plugin_loaded
from common_ground_core.source import generated_contents

from .config import (
    DEFAULTS,
    Config,
    ReadingTimeConfigError,
    config_for,
    get_config,
)
from .core import estimate, parse_override
from .feeds import add_badges
from .models import ReadingTime

logger = logging.getLogger(__name__)

# The name Pelican lists this plugin under in PLUGINS once it is loaded.
PLUGIN_NAME = (__package__ or "reading_time").rsplit(".", 1)[-1]
# Where a build's context keeps the URL -> badge text map for its feeds.
FEED_BADGES_KEY = "reading_time_feed_badges"


def _enabled(settings: Mapping[str, Any]) -> bool:
    """Tell whether this run loaded the plugin (signals are process-wide)."""
    return plugin_loaded(settings, PLUGIN_NAME)


def check_settings(pelican: Pelican) -> None:
    """Validate the settings once, before anything is read or written."""
    if not _enabled(pelican.settings):
        return
    try:
        get_config(pelican.settings)
    except ReadingTimeConfigError:
        # The bad settings are already logged by name; SystemExit stops both
        # `pelican` and `make html` with status 1 and no traceback (an ordinary
        # exception would be logged by Pelican's main() with one).
        raise SystemExit(1) from None


# The template global holding `Config.badge_words`: the theme's badge macro
# takes its label and unit from it, the feeds' badge_text from the same method.
# A Jinja global, not a context variable: Pelican's content cache pickles the
# context with every post, and nothing of ours may be in that cache.
BADGE_WORDS_KEY = "reading_time_badge_words"


def add_display_settings(generator: Any) -> None:
    """Give templates every display setting, defaults included, and badge_words."""
    if not _enabled(generator.settings):
        return
    for key, value in DEFAULTS.items():
        generator.context.setdefault(key, value)
    try:
        config = config_for(generator.settings)
    except ReadingTimeConfigError:
        return  # logged by name already; check_settings stops the build
    generator.env.globals[BADGE_WORDS_KEY] = config.badge_words


def add_reading_time(instance: Content, config: Config) -> None:
    """Attach a ReadingTime to one article or page, estimated with `config`."""
    override = None
    raw = instance.metadata.get("reading_time")
    if raw is not None:
        try:
            override = parse_override(raw)
        except ValueError:
            override = None
    # _content is the reader's HTML before Pelican rewrites links: the same
    # visible text, without triggering the link-replacing `content` property.
    reading_time = estimate(instance._content or "", config.rates, override)
    if raw is not None and override is None:
        logger.warning(
            "reading_time: %s: Reading_time %r is not a positive integer of "
            "minutes, using the computed %d",
            instance.source_path,
            raw,
            reading_time.minutes,
        )
    instance.reading_time = reading_time


def add_reading_times(generators: list[Any]) -> None:
    """Attach a ReadingTime to every article and page (drafts and hidden ones too)."""
    settings = next((g.settings for g in generators), None)
    if settings is None or not _enabled(settings):
        return
    try:
        config = config_for(settings)
    except ReadingTimeConfigError:
        return
    for item in generated_contents(generators):
        add_reading_time(item, config)


def badge_feed_entries(context: MutableMapping[str, Any], feed: Any) -> None:
    """Start every article entry of a feed with its reading-time badge."""
    if not _enabled(context):
        return
    config = config_for(context)
    if not config.in_feeds:
        return
    badges = context.get(FEED_BADGES_KEY)
    if badges is None:
        # Once per build, not per feed: Content.url is formatted anew on every
        # access, and a site has a feed per category and tag. The context is
        # made fresh for each build, so devserver rebuilds never see old URLs.
        badges = context[FEED_BADGES_KEY] = {
            str(item.url).lstrip("/"): config.badge_text(item.reading_time.minutes)
            for item in context.get("generated_content", {}).values()
            if isinstance(getattr(item, "reading_time", None), ReadingTime)
        }
    # Pelican's writer joins each item's URL to the context's SITEURL.
    add_badges(feed.items, badges, str(context.get("SITEURL", "")))


def register() -> None:
    """Connect the handlers."""
    # At start, so a bad setting stops the build before any file is read.
    signals.initialized.connect(check_settings)
    # Each build's shared template context, before any template renders.
    signals.generator_init.connect(add_display_settings)
    # After both content generators are done, so after Pelican pickled their
    # objects into its content cache: nothing of ours is in the cache, and the
    # estimate follows this build's settings and HTML even for cached posts.
    signals.all_generators_finalized.connect(add_reading_times)
    # After Pelican filled a feed's entries and before it writes them: feeds
    # get the badge while the article's own content stays untouched.
    signals.feed_generated.connect(badge_feed_entries)
