"""Settings of the render cache: defaults in one place, validated once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Reuse unchanged pages; only ever acts when Pelican's content cache is on
    # (CACHE_CONTENT and LOAD_CONTENT_CACHE), so cold builds and `make publish`
    # always render everything.
    "RENDER_CACHE": True,
    # Attributes that plugins attach to posts from files Pelican does not read as
    # content (comment threads). A page is re-rendered when one it read changes;
    # every other change (a post, a setting, a template, plugin code) re-renders
    # every page.
    "RENDER_CACHE_VOLATILE_ATTRIBUTES": (
        "comments",
        "comment_count",
        "comment_ui",
        "pingbacks",
    ),
    # Context values built from those same files.
    "RENDER_CACHE_VOLATILE_CONTEXT": ("comment_stats",),
}


class RenderCacheConfigError(ValueError):
    """A render-cache setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class RenderCacheConfig:
    """Validated render-cache settings."""

    enabled: bool
    volatile_attributes: frozenset[str]
    volatile_context: frozenset[str]


def _bad(name: str, value: object, expected: str) -> RenderCacheConfigError:
    """Log a bad setting by name and return the error to raise."""
    logger.error(
        "render_cache: setting %s=%r is invalid: expected %s", name, value, expected
    )
    return RenderCacheConfigError(f"render_cache: {name} must be {expected}")


def _names(name: str, value: object) -> frozenset[str]:
    """Validate a list of identifier-like names."""
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise _bad(name, value, "a list of names")
    if not all(isinstance(item, str) and item.isidentifier() for item in value):
        raise _bad(name, value, "a list of names")
    return frozenset(value)


def get_config(settings: Mapping[str, Any]) -> RenderCacheConfig:
    """Merge the settings over DEFAULTS and validate them."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    enabled = merged["RENDER_CACHE"]
    if not isinstance(enabled, bool):
        raise _bad("RENDER_CACHE", enabled, "True or False")
    return RenderCacheConfig(
        enabled=enabled,
        volatile_attributes=_names(
            "RENDER_CACHE_VOLATILE_ATTRIBUTES",
            merged["RENDER_CACHE_VOLATILE_ATTRIBUTES"],
        ),
        volatile_context=_names(
            "RENDER_CACHE_VOLATILE_CONTEXT", merged["RENDER_CACHE_VOLATILE_CONTEXT"]
        ),
    )


def is_active(settings: Mapping[str, Any]) -> bool:
    """Tell whether this build keeps records: enabled and content cache on."""
    return get_config(settings).enabled and bool(settings.get("CACHE_CONTENT"))


def may_reuse(settings: Mapping[str, Any]) -> bool:
    """Tell whether this build may reuse pages (not `pelican --ignore-cache`)."""
    return bool(settings.get("LOAD_CONTENT_CACHE"))
