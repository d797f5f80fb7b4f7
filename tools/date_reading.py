"""How Pelican reads a written date, and when a reader could read it otherwise.

Pure functions; Pelican's own reading is dateutil's month-first parse
(pelican.utils.get_date), so `06.12.2026` is June 12 to Pelican and December 6
to a European author. Such a date is reported, never changed.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

import dateutil.parser
from dateutil.parser import UnknownTimezoneWarning

# Year-first dates (2026-12-06, 2026/12/06 18:49) have one reading in practice:
# nobody writes year, day, month.
YEAR_FIRST = re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T_]|$)")
_DEFAULT = dt.datetime(2000, 1, 1)


def other_reading(value: str) -> tuple[dt.date, dt.date] | None:
    """Return (Pelican's reading, the day-first reading) when they differ, else None.

    None too for a year-first date and for one dateutil cannot read at all (the
    missing or invalid date is reported elsewhere).
    """
    text = re.sub(" +", " ", value.replace("_", " ")).strip()
    if not text or YEAR_FIRST.match(text):
        return None
    try:
        month_first = dateutil.parser.parse(text, default=_DEFAULT)
        day_first = dateutil.parser.parse(text, default=_DEFAULT, dayfirst=True)
    except (TypeError, ValueError, OverflowError):
        return None
    if month_first.date() == day_first.date():
        return None
    return month_first.date(), day_first.date()


def unknown_zone(value: str) -> str | None:
    """Return the time zone name dateutil sees in a date but cannot place, or None.

    dateutil reads `2024-05-01 10:00 PST` as 10:00 with no zone (a warning
    that names no file), so Pelican dates the post in the site's TIMEZONE.
    """
    text = re.sub(" +", " ", value.replace("_", " ")).strip()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnknownTimezoneWarning)
        try:
            dateutil.parser.parse(text, default=_DEFAULT)
        except (TypeError, ValueError, OverflowError):
            return None
    for warning in caught:
        found = re.match(r"tzname (\S+) identified", str(warning.message))
        if issubclass(warning.category, UnknownTimezoneWarning) and found:
            return found.group(1)
    return None


def zone_message(key: str, value: str) -> str | None:
    """Return the `make check` warning for a time zone name Pelican ignores."""
    name = unknown_zone(value)
    if name is None:
        return None
    return (
        f"{key.title()} {value.strip()!r}: the time zone {name!r} is not understood, "
        "so the time is read in the site's TIMEZONE; write a UTC offset instead "
        "(2024-05-01T10:00-08:00)"
    )


def ambiguity_message(key: str, value: str) -> str | None:
    """Return the `make check` warning for an ambiguous date, or None."""
    readings = other_reading(value)
    if readings is None:
        return None
    read_as, other = readings
    return (
        f"{key.title()} {value.strip()!r} is read as {read_as:%B %-d, %Y} "
        f"({read_as.isoformat()}), not {other:%B %-d, %Y}; write "
        f"{other.isoformat()} or {read_as.isoformat()} (year-month-day) to say which"
    )
