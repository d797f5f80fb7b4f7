"""Settings of the series plugin: defaults in one place, read and checked once."""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

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


class SeriesConfigError(ValueError):
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


def _fail(setting: str, problem: str) -> SeriesConfigError:
    """Log a bad setting by name and return the error to raise."""
    logger.error("series: setting %s: %s", setting, problem)
    return SeriesConfigError(f"series: setting {setting}: {problem}")


def _pattern(settings: Mapping[str, Any], name: str) -> str:
    """Return a URL/file pattern setting after checking it takes only {slug}."""
    value = settings.get(name, DEFAULTS[name])
    if not isinstance(value, str) or not value:
        raise _fail(name, f"expected a non-empty string, got {value!r}")
    try:
        value.format(slug="x")
    except (KeyError, IndexError, ValueError) as error:
        raise _fail(name, f"{value!r} may only use {{slug}} ({error})") from None
    return value


def _optional_pattern(settings: Mapping[str, Any], name: str) -> str | None:
    """Return a pattern setting, or None when it is switched off."""
    return _pattern(settings, name) if settings.get(name, DEFAULTS[name]) else None


def _rule(setting: str, raw: Any) -> Rule:
    """Return one validated rule from its settings mapping."""
    if not isinstance(raw, Mapping):
        raise _fail(setting, f"expected a dict, got {raw!r}")
    unknown = sorted(set(raw) - {"series", *RULE_CRITERIA})
    if unknown:
        raise _fail(
            setting, f"unknown keys {unknown}; use series, tag, category, title"
        )
    series = raw.get("series")
    if not isinstance(series, str) or not series.strip():
        raise _fail(setting, "needs a non-empty 'series' name")
    criteria = {k: raw[k] for k in RULE_CRITERIA if raw.get(k) is not None}
    if not criteria:
        raise _fail(setting, "needs at least one of 'tag', 'category', 'title'")
    for key, value in criteria.items():
        if not isinstance(value, str) or not value.strip():
            raise _fail(setting, f"{key!r} must be a non-empty string")
    title = None
    if "title" in criteria:
        try:
            title = re.compile(criteria["title"])
        except re.error as error:
            raise _fail(setting, f"bad title pattern: {error}") from None
    return Rule(
        series=" ".join(series.split()),
        tag=criteria.get("tag"),
        category=criteria.get("category"),
        title=title,
    )


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge the settings over DEFAULTS and validate them, failing by name."""
    raw_rules = settings.get("SERIES_RULES", DEFAULTS["SERIES_RULES"]) or ()
    if isinstance(raw_rules, (str, Mapping)):
        raise _fail("SERIES_RULES", "expected a list of dicts")
    rules = tuple(_rule(f"SERIES_RULES[{i}]", r) for i, r in enumerate(raw_rules))
    urls = Urls(
        url=_pattern(settings, "SERIES_URL"),
        save_as=_pattern(settings, "SERIES_SAVE_AS"),
        feed_atom=_optional_pattern(settings, "SERIES_FEED_ATOM"),
    )
    return Config(
        rules=rules,
        urls=urls,
        index_url=_pattern(settings, "SERIES_INDEX_URL"),
        index_save_as=_pattern(settings, "SERIES_INDEX_SAVE_AS"),
        descriptions_path=_folder(settings, "SERIES_DESCRIPTIONS_PATH"),
        descriptions=_descriptions(settings),
    )


def _folder(settings: Mapping[str, Any], name: str) -> str:
    """Return a folder setting relative to PATH, as a clean POSIX path."""
    value = settings.get(name, DEFAULTS[name])
    if not isinstance(value, str) or not value.strip("/ "):
        raise _fail(name, f"expected a folder name under PATH, got {value!r}")
    return posixpath.normpath(value.strip().strip("/"))


def _descriptions(settings: Mapping[str, Any]) -> Mapping[str, str]:
    """Return SERIES_DESCRIPTIONS after checking it maps names to text."""
    name = "SERIES_DESCRIPTIONS"
    raw = settings.get(name, DEFAULTS[name]) or {}
    if not isinstance(raw, Mapping):
        raise _fail(name, f"expected a dict of series name to text, got {raw!r}")
    for key, value in raw.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise _fail(name, f"{key!r}: names and descriptions must be strings")
    return MappingProxyType({" ".join(k.split()): v for k, v in raw.items()})


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
