"""Percent-encode a static file's URL. Pure: no Pelican import."""

from __future__ import annotations

from urllib.parse import quote


def encoded_url(url: str) -> str:
    """Percent-encode what may not stand in a URL as written (spaces, non-ASCII)."""
    return quote(url, safe="/:@!$&'()*+,;=~")
