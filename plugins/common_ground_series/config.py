"""Settings of the series plugin: defaults in one place, read and checked once."""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from common_ground_core.settings import (
    Field,
    SettingsError,
    folder,
    list_of,
    nonblank,
    optional,
    output_path,
    read_settings,
    text_map,
    url_pattern,
)

from .models import Rule, Urls

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Rules put articles into a series without `Series:` metadata; first match wins.
    "SERIES_RULES": (),
    "SERIES_URL": "series/{slug}/",
    "SERIES_SAVE_AS": "series/{slug}/index.html",
    "SERIES_INDEX_URL": "series/",
    "SERIES_INDEX_SAVE_AS": "series/index.html",
    # Written only when SITEURL is set: Atom needs absolute links.
    "SERIES_FEED_ATOM": "feeds/series/{slug}.atom.xml",
    # Folder under PATH holding `<series-slug>.md` descriptions (any format
    # Pelican reads); keep it in ARTICLE_EXCLUDES and PAGE_EXCLUDES.
    "SERIES_DESCRIPTIONS_PATH": "series",
    # {"series name or slug": "one or two plain-text sentences"}; a file wins.
    "SERIES_DESCRIPTIONS": {},
}

RULE_CRITERIA = ("tag", "category", "title")


class SeriesConfigError(SettingsError):
    """A series setting is invalid; the message names the setting."""


@dataclass(frozen=True)
class Config:
    """Validated series settings."""

    rules: tuple[Rule, ...]
    urls: Urls
    index_url: str
    index_save_as: str
    descriptions_path: str
    descriptions: Mapping[str, str]


def _valid_rule(raw: object) -> bool:
    """Tell whether `raw` is a rule: a series name and criteria, all non-blank."""
    if not isinstance(raw, Mapping) or set(raw) - {"series", *RULE_CRITERIA}:
        return False
    criteria = [raw[k] for k in RULE_CRITERIA if raw.get(k) is not None]
    if not criteria or not all(nonblank(v) for v in (raw.get("series"), *criteria)):
        return False
    try:
        re.compile(raw.get("title") or "")
    except re.error:
        return False
    return True


def _rule(raw: Mapping[str, str]) -> Rule:
    """Return the Rule of a valid rule mapping."""
    title = raw.get("title")
    return Rule(
        series=" ".join(raw["series"].split()),
        tag=raw.get("tag"),
        category=raw.get("category"),
        title=re.compile(title) if title is not None else None,
    )


RULE = Field(
    "a dict with a non-empty 'series' and one or more non-empty 'tag', "
    "'category' or 'title' (a regular expression), and no other keys",
    _valid_rule,
    _rule,
)
PATTERN = url_pattern({"slug"})
# Where a file is written: a pattern that also stays inside the output folder.
SAVE_AS = Field(
    f"{PATTERN.expected}, inside the output",
    lambda v: PATTERN.accepts(v) and output_path().accepts(v),
)
FIELDS: dict[str, Field] = {
    # list_of's own wording would pluralise the last word ("keyss").
    "SERIES_RULES": optional(list_of(RULE, f"a list of rules (each {RULE.expected})")),
    "SERIES_URL": PATTERN,
    "SERIES_SAVE_AS": SAVE_AS,
    "SERIES_INDEX_URL": PATTERN,
    "SERIES_INDEX_SAVE_AS": SAVE_AS,
    "SERIES_FEED_ATOM": optional(SAVE_AS),
    "SERIES_DESCRIPTIONS_PATH": folder(),
    "SERIES_DESCRIPTIONS": optional(text_map()),
}


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge the settings over DEFAULTS and validate them, failing by name."""
    values = read_settings(
        "series", settings, DEFAULTS, FIELDS, logger=logger, error=SeriesConfigError
    )
    descriptions = values["SERIES_DESCRIPTIONS"] or {}
    return Config(
        rules=values["SERIES_RULES"] or (),
        urls=Urls(
            url=values["SERIES_URL"],
            save_as=values["SERIES_SAVE_AS"],
            feed_atom=values["SERIES_FEED_ATOM"],
        ),
        index_url=values["SERIES_INDEX_URL"],
        index_save_as=values["SERIES_INDEX_SAVE_AS"],
        descriptions_path=values["SERIES_DESCRIPTIONS_PATH"],
        descriptions=MappingProxyType(
            {" ".join(k.split()): v for k, v in descriptions.items()}
        ),
    )


def read_as_content(folder: str, paths: Iterable[str], excludes: Iterable[str]) -> bool:
    """Return True when Pelican would read files in `folder` as posts or pages.

    Mirrors Pelican's walk: `paths` and `excludes` are relative to PATH, "" is
    PATH itself, and an excluded folder hides everything below it.
    """

    def inside(path: str, parent: str) -> bool:
        parent = posixpath.normpath(parent.strip("/")) if parent.strip("/") else ""
        return parent == "" or path == parent or path.startswith(parent + "/")

    return any(inside(folder, p) for p in paths) and not any(
        e.strip("/") and inside(folder, e) for e in excludes
    )
