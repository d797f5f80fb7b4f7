"""URL checks shared by rendering, loading and the ingest tool."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def safe_url(raw: str, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """Return `raw` if it is an absolute URL with an allowed scheme, else None."""
    value = raw.strip()
    if not value or URL_UNSAFE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return None
    return value
