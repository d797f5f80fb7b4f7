"""Settings of the reading_time plugin: defaults in one place, validated once."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from common_ground_core.settings import (
    Field,
    SettingsError,
    flag,
    integer,
    number,
    optional,
    problem,
    read_settings,
    text,
)

from .core import Rates

logger = logging.getLogger(__name__)

PREFIX = "READING_TIME_"

DEFAULTS: dict[str, Any] = {
    # The source blog's badges: 200 words per minute.
    "READING_TIME_WPM": 200,
    # Words inside <pre> blocks; None means half of READING_TIME_WPM.
    "READING_TIME_CODE_WPM": None,
    # Han, Hiragana, Katakana and Hangul characters per minute.
    "READING_TIME_CJK_CPM": 500,
    # Medium's rule: the first image adds 12 s, each next one a second less ...
    "READING_TIME_IMAGE_SECONDS": 12,
    # ... but never less than 3 s.
    "READING_TIME_IMAGE_MIN_SECONDS": 3,
    # The badge reads "<label> <minutes> <unit>": "Reading time: 2 min."
    "READING_TIME_LABEL": "Reading time:",
    "READING_TIME_UNIT_SINGULAR": "min.",
    "READING_TIME_UNIT_PLURAL": "min.",
    # Start each Atom/RSS entry with the badge's text.
    "READING_TIME_IN_FEEDS": True,
    # Display toggle for the badges in post headers and listings (PaperMod's name).
    "SHOW_READING_TIME": True,
}


class ReadingTimeConfigError(SettingsError):
    """A reading_time setting has a value the plugin cannot use."""


@dataclass(frozen=True, slots=True)
class Config:
    """Validated reading_time settings."""

    rates: Rates
    label: str
    unit_singular: str
    unit_plural: str
    in_feeds: bool
    show: bool

    def badge_words(self, minutes: int) -> tuple[str, str]:
        """Return the badge label and unit for `minutes` ("Reading time:", "min.")."""
        return self.label, self.unit_singular if minutes == 1 else self.unit_plural

    def badge_text(self, minutes: int) -> str:
        """Return the badge as plain text, e.g. "Reading time: 2 min."."""
        label, unit = self.badge_words(minutes)
        return " ".join(part for part in (label, str(minutes), unit) if part)


FIELDS: dict[str, Field] = {
    "READING_TIME_WPM": number(convert=Fraction),
    "READING_TIME_CODE_WPM": optional(number(convert=Fraction)),
    "READING_TIME_CJK_CPM": number(convert=Fraction),
    "READING_TIME_IMAGE_SECONDS": integer(minimum=0),
    "READING_TIME_IMAGE_MIN_SECONDS": integer(minimum=0),
    "READING_TIME_LABEL": text(empty=True),
    "READING_TIME_UNIT_SINGULAR": text(),
    "READING_TIME_UNIT_PLURAL": text(),
    "READING_TIME_IN_FEEDS": flag(),
    "SHOW_READING_TIME": flag(),
}


def _image_floor(values: dict[str, Any]) -> list[str]:
    """Return the problem when the per-image floor exceeds the first image's time."""
    first, floor = (values[f"READING_TIME_IMAGE{s}_SECONDS"] for s in ("", "_MIN"))
    if floor <= first:
        return []
    name = "READING_TIME_IMAGE_MIN_SECONDS"
    return [problem(name, floor, f"at most READING_TIME_IMAGE_SECONDS ({first!r})")]


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge the settings over DEFAULTS, validate them, and return the Config.

    Every bad or unknown setting is logged as an error naming it; then
    ReadingTimeConfigError is raised.
    """
    values = read_settings(
        "reading_time",
        settings,
        DEFAULTS,
        FIELDS,
        logger=logger,
        error=ReadingTimeConfigError,
        prefix=PREFIX,
        rules=_image_floor,
    )
    wpm = values["READING_TIME_WPM"]
    code_wpm = values["READING_TIME_CODE_WPM"]
    return Config(
        rates=Rates(
            wpm=wpm,
            code_wpm=wpm / 2 if code_wpm is None else code_wpm,
            cjk_cpm=values["READING_TIME_CJK_CPM"],
            image_seconds=values["READING_TIME_IMAGE_SECONDS"],
            image_min_seconds=values["READING_TIME_IMAGE_MIN_SECONDS"],
        ),
        label=values["READING_TIME_LABEL"],
        unit_singular=values["READING_TIME_UNIT_SINGULAR"],
        unit_plural=values["READING_TIME_UNIT_PLURAL"],
        in_feeds=values["READING_TIME_IN_FEEDS"],
        show=values["SHOW_READING_TIME"],
    )


def config_for(settings: Mapping[str, Any]) -> Config:
    """Return the Config of `settings`, validated once per distinct set of values.

    Called for every post and page; the values of the plugin's own settings are
    the whole key, so a changed value is always validated anew. Unknown
    `READING_TIME_*` names are reported once, at start, by `get_config`.
    """
    values = tuple(
        (key, settings.get(key, default)) for key, default in DEFAULTS.items()
    )
    try:
        return _config_of_values(values)
    except TypeError:  # an unhashable value: validate it the long way (and fail)
        return get_config(settings)


@functools.lru_cache(maxsize=8)
def _config_of_values(values: tuple[tuple[str, Any], ...]) -> Config:
    """Return the Config for these (name, value) pairs of the plugin's settings."""
    return get_config(dict(values))
