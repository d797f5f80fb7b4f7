"""The settings check `make check` and `make publish` run before the content's.

Every plugin's settings are read as the build reads them when it starts, so a
value the build would stop on is found before anything is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from common_ground_core.settings import (
    SettingsError,
    plugin_loaded,
    timezone_problem,
)
from pelican.plugins.common_ground_aliases import config as aliases
from pelican.plugins.common_ground_comments import config as comments
from pelican.plugins.common_ground_reading_time import config as reading_time
from pelican.plugins.common_ground_relative_links import config as relative_links
from pelican.plugins.common_ground_search import config as search
from pelican.plugins.common_ground_series import config as series
from pelican.plugins.common_ground_sitemap import config as sitemap

__all__ = ["bad_settings"]

# Every plugin's settings reader, as the build calls it when the plugin starts.
CONFIGS: tuple[tuple[str, Callable[[Mapping[str, Any]], object]], ...] = tuple(
    (module.__name__.rsplit(".", 1)[0], module.get_config)
    for module in (
        aliases,
        comments,
        reading_time,
        relative_links,
        search,
        series,
        sitemap,
    )
)


def bad_settings(settings: Mapping[str, Any], say: Callable[[str], None]) -> int:
    """Read the settings the build would stop on; return how many are bad.

    Each plugin logs its bad settings by name, as in the build; `say` shows
    a TIMEZONE Python does not know (Pelican would fail on every post).
    """
    bad = 0
    for package, get_config in CONFIGS:
        if not plugin_loaded(settings, package):
            continue
        try:
            get_config(settings)
        except SettingsError as error:
            bad += len(error.problems)
    zone = timezone_problem(settings)
    if zone is not None:
        say(f"bad setting {zone}")
        bad += 1
    return bad
