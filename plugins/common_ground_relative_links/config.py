"""Settings of the relative_links plugin: defaults in one place, validated once."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Any

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
    "RELATIVE_LINKS_RESERVED_IDS": ("comment-*", "pingback-*"),
}
RESERVED_ID = re.compile(r"[^\s*]+\*?")

# The names Pelican offers when it formats a URL setting (Content.url_format).
URL_FIELDS = frozenset({"slug", "lang", "date", "category", "author", "path"})


class RelativeLinksConfigError(ValueError):
    """A relative_links setting has a value the plugin cannot use."""


@dataclass(frozen=True, slots=True)
class Config:
    """Validated relative_links settings: the old URL patterns."""

    article_url: str
    article_lang_url: str
    page_url: str
    page_lang_url: str
    reserved_ids: tuple[str, ...] = ()


def _pattern(name: str, value: object, errors: list[str]) -> str:
    """Return a URL pattern, or record why `value` is not one."""
    if not isinstance(value, str) or not value.strip("/"):
        errors.append(
            f"{name}={value!r}: expected a URL pattern such as '{{slug}}.html'"
        )
        return ""
    try:
        fields = {
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in Formatter().parse(value)
            if field is not None
        }
    except ValueError as error:
        errors.append(f"{name}={value!r}: {error}")
        return ""
    unknown = sorted(fields - URL_FIELDS)
    if unknown or "slug" not in fields:
        errors.append(
            f"{name}={value!r}: must contain {{slug}} and only "
            f"{', '.join('{' + f + '}' for f in sorted(URL_FIELDS))}"
        )
    return value


def _reserved_ids(name: str, value: object, errors: list[str]) -> tuple[str, ...]:
    """Return the reserved id patterns, or record why `value` is not a list of them."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        value = [value]
    bad = [v for v in value if not isinstance(v, str) or not RESERVED_ID.fullmatch(v)]
    if bad:
        errors.append(
            f"{name}={value!r}: expected a list of ids and id prefixes ending "
            f"in '*', such as ['comment-*', 'respond'] (bad: {bad!r})"
        )
        return ()
    return tuple(value)


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge the settings over DEFAULTS and validate; log each bad key by name."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    errors: list[str] = []
    reserved_key = "RELATIVE_LINKS_RESERVED_IDS"
    reserved = _reserved_ids(reserved_key, merged.pop(reserved_key), errors)
    patterns = [_pattern(key, value, errors) for key, value in merged.items()]
    if errors:
        for error in errors:
            logger.error("relative_links: setting %s", error)
        raise RelativeLinksConfigError("; ".join(errors))
    return Config(*patterns, reserved_ids=reserved)
