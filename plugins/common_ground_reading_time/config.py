"""Settings of the reading_time plugin: defaults in one place, validated once."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

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


class ReadingTimeConfigError(ValueError):
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


def _is_number(value: object) -> bool:
    """Tell whether `value` is an int or float (bool is neither here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rate(name: str, value: object, errors: list[str]) -> Fraction:
    """Return a positive finite rate, or record why `value` is not one."""
    if _is_number(value) and 0 < value < float("inf"):  # type: ignore[operator]
        return Fraction(value)  # type: ignore[arg-type]
    errors.append(f"{name}={value!r}: expected a positive number")
    return Fraction(1)


def _seconds(name: str, value: object, errors: list[str]) -> int:
    """Return a whole number of seconds >= 0, or record why `value` is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    errors.append(f"{name}={value!r}: expected a whole number of seconds >= 0")
    return 0


def _text(name: str, value: object, errors: list[str], *, empty: bool) -> str:
    """Return a string setting, or record why `value` is not one."""
    if isinstance(value, str) and (empty or value.strip()):
        return value
    expected = "a string" if empty else "a non-empty string"
    errors.append(f"{name}={value!r}: expected {expected}")
    return ""


def _flag(name: str, value: object, errors: list[str]) -> bool:
    """Return a boolean setting, or record why `value` is not one."""
    if isinstance(value, bool):
        return value
    errors.append(f"{name}={value!r}: expected True or False")
    return False


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge the settings over DEFAULTS, validate them, and return the Config.

    Every bad or unknown setting is logged as an error naming it; then
    ReadingTimeConfigError is raised.
    """
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    # A misspelt name would otherwise be ignored without a word.
    errors: list[str] = [
        f"{name}={settings[name]!r}: unknown setting; the known ones are "
        + ", ".join(sorted(DEFAULTS))
        for name in sorted(settings)
        if isinstance(name, str) and name.startswith(PREFIX) and name not in DEFAULTS
    ]
    wpm = _rate("READING_TIME_WPM", merged["READING_TIME_WPM"], errors)
    code_wpm = (
        wpm / 2
        if merged["READING_TIME_CODE_WPM"] is None
        else _rate("READING_TIME_CODE_WPM", merged["READING_TIME_CODE_WPM"], errors)
    )
    cjk_cpm = _rate("READING_TIME_CJK_CPM", merged["READING_TIME_CJK_CPM"], errors)
    known_errors = len(errors)
    first = _seconds(
        "READING_TIME_IMAGE_SECONDS", merged["READING_TIME_IMAGE_SECONDS"], errors
    )
    floor = _seconds(
        "READING_TIME_IMAGE_MIN_SECONDS",
        merged["READING_TIME_IMAGE_MIN_SECONDS"],
        errors,
    )
    # Compared only when both are valid, so one bad value is one error.
    if len(errors) == known_errors and floor > first:
        errors.append(
            f"READING_TIME_IMAGE_MIN_SECONDS={floor!r}: expected at most "
            f"READING_TIME_IMAGE_SECONDS ({first!r})"
        )
    config = Config(
        rates=Rates(
            wpm=wpm,
            code_wpm=code_wpm,
            cjk_cpm=cjk_cpm,
            image_seconds=first,
            image_min_seconds=floor,
        ),
        label=_text(
            "READING_TIME_LABEL", merged["READING_TIME_LABEL"], errors, empty=True
        ),
        unit_singular=_text(
            "READING_TIME_UNIT_SINGULAR",
            merged["READING_TIME_UNIT_SINGULAR"],
            errors,
            empty=False,
        ),
        unit_plural=_text(
            "READING_TIME_UNIT_PLURAL",
            merged["READING_TIME_UNIT_PLURAL"],
            errors,
            empty=False,
        ),
        in_feeds=_flag(
            "READING_TIME_IN_FEEDS", merged["READING_TIME_IN_FEEDS"], errors
        ),
        show=_flag("SHOW_READING_TIME", merged["SHOW_READING_TIME"], errors),
    )
    for error in errors:
        logger.error("reading_time: bad setting %s", error)
    if errors:
        names = ", ".join(error.split("=", 1)[0].split(":", 1)[0] for error in errors)
        raise ReadingTimeConfigError(f"reading_time: bad settings: {names}")
    return config


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
