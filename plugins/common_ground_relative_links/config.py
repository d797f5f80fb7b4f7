"""Settings of the relative_links plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.contract import COMMENT_ANCHOR_PREFIX, PINGBACK_ANCHOR_PREFIX
from common_ground_core.settings import (
    Field,
    SettingsError,
    list_of,
    read_settings,
    url_pattern,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Where plain Pelican put a post before it moved here (its default
    # ARTICLE_URL); raw relative links in the post were written from there.
    # Set these to the old site's values if it changed Pelican's defaults.
    "RELATIVE_LINKS_ARTICLE_URL": "{slug}.html",
    "RELATIVE_LINKS_ARTICLE_LANG_URL": "{slug}-{lang}.html",
    # ... and where it put a page (its default PAGE_URL).
    "RELATIVE_LINKS_PAGE_URL": "pages/{slug}.html",
    "RELATIVE_LINKS_PAGE_LANG_URL": "pages/{slug}-{lang}.html",
    # Ids the theme writes around a post that its templates do not spell out
    # (those are read from the templates): `name`, or `prefix*` for a family.
    # An author's id among them is renamed `content-<id>` on every view.
    "RELATIVE_LINKS_RESERVED_IDS": (
        f"{COMMENT_ANCHOR_PREFIX}*",
        f"{PINGBACK_ANCHOR_PREFIX}*",
    ),
}
RESERVED_ID = re.compile(r"[^\s*]+\*?")

# The names Pelican offers when it formats a URL setting (Content.url_format).
URL_FIELDS = frozenset({"slug", "lang", "date", "category", "author", "path"})


class RelativeLinksConfigError(SettingsError):
    """A relative_links setting has a value the plugin cannot use."""


@dataclass(frozen=True, slots=True)
class Config:
    """Validated relative_links settings: the old URL patterns."""

    article_url: str
    article_lang_url: str
    page_url: str
    page_lang_url: str
    reserved_ids: tuple[str, ...] = ()


RESERVED = Field(
    "an id, or an id prefix ending in '*'",
    lambda v: isinstance(v, str) and RESERVED_ID.fullmatch(v) is not None,
)
FIELDS: dict[str, Field] = {
    **{
        f"RELATIVE_LINKS_{kind}_URL": url_pattern(URL_FIELDS, needs={"slug"})
        for kind in ("ARTICLE", "ARTICLE_LANG", "PAGE", "PAGE_LANG")
    },
    "RELATIVE_LINKS_RESERVED_IDS": list_of(
        RESERVED, "a list of ids and id prefixes ending in '*'", lone=True
    ),
}


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge the settings over DEFAULTS and validate; log each bad key by name."""
    values = read_settings(
        "relative_links",
        settings,
        DEFAULTS,
        FIELDS,
        logger=logger,
        error=RelativeLinksConfigError,
    )
    *patterns, reserved = values.values()
    return Config(*patterns, reserved_ids=reserved)
