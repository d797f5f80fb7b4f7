"""Webmention settings: one DEFAULTS dict, validated once into a MentionConfig.

The same keys are read from the inbox's Flask config (receiving) and from the
site's settings file (sending, importing, moderating).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .fetch import FetchPolicy

DEFAULTS: dict[str, Any] = {
    # This site's public address: a target elsewhere is refused with a 400.
    "WEBMENTION_SITE_URL": "",
    # The SQLite file of received mentions (the inbox's INBOX_DB by default).
    "WEBMENTION_DB": "inbox.sqlite3",
    # Fetch limits for verifying sources, discovering and sending.
    "WEBMENTION_TIMEOUT": 10.0,
    "WEBMENTION_MAX_BYTES": 1_000_000,
    "WEBMENTION_MAX_REDIRECTS": 5,
    # "host:port" pairs that may resolve to private/loopback/link-local
    # addresses (tests, an intranet); empty on a public server.
    "WEBMENTION_ALLOW_PRIVATE": (),
    # Start the verification thread when the blueprint is registered.
    "WEBMENTION_WORKER": True,
    # How often the thread looks for queued mentions besides being woken.
    "WEBMENTION_POLL_SECONDS": 30.0,
    # Refuse new mentions (429) while this many wait for verification.
    "WEBMENTION_MAX_QUEUED": 1000,
    # Sending: where the state is kept, and how politely.
    "WEBMENTION_SEND_STATE": ".webmention-sent.json",
    "WEBMENTION_HOST_INTERVAL": 1.0,
    "WEBMENTION_RETRIES": 3,
    "WEBMENTION_BACKOFF": 2.0,
    # webmention.io (make mentions FETCH=1); the token comes from the environment.
    "WEBMENTION_IO_API": "https://webmention.io",
}


class MentionConfigError(ValueError):
    """A webmention setting cannot be used; the message names it."""


@dataclass(frozen=True)
class MentionConfig:
    """The validated webmention settings."""

    site_url: str
    db: str
    policy: FetchPolicy
    worker: bool
    poll_seconds: float
    max_queued: int
    send_state: str
    host_interval: float
    retries: int
    backoff: float
    io_api: str


def _number(merged: Mapping[str, Any], key: str, *, minimum: float = 0) -> float:
    value = merged[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise MentionConfigError(
            f"setting {key} must be a number of at least {minimum:g}, not {value!r}"
        )
    return value


def load_config(settings: Mapping[str, Any]) -> MentionConfig:
    """Merge DEFAULTS with `settings` and validate; raise naming a bad setting."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    site_url = merged["WEBMENTION_SITE_URL"] or settings.get("SITEURL") or ""
    if site_url and urlsplit(str(site_url)).scheme not in ("http", "https"):
        raise MentionConfigError(
            f"setting WEBMENTION_SITE_URL must be an http(s) URL, not {site_url!r}"
        )
    allow = merged["WEBMENTION_ALLOW_PRIVATE"]
    if isinstance(allow, str) or not all(isinstance(a, str) for a in allow):
        raise MentionConfigError(
            "setting WEBMENTION_ALLOW_PRIVATE must be a list of 'host:port' strings, "
            f"not {allow!r}"
        )
    for key in ("WEBMENTION_DB", "WEBMENTION_SEND_STATE", "WEBMENTION_IO_API"):
        if not isinstance(merged[key], str) or not merged[key]:
            raise MentionConfigError(f"setting {key} must be a non-empty string")
    policy = FetchPolicy(
        timeout=_number(merged, "WEBMENTION_TIMEOUT", minimum=0.01),
        max_bytes=int(_number(merged, "WEBMENTION_MAX_BYTES", minimum=1)),
        max_redirects=int(_number(merged, "WEBMENTION_MAX_REDIRECTS")),
        allow_private=frozenset(allow),
    )
    return MentionConfig(
        site_url=str(site_url).rstrip("/"),
        db=merged["WEBMENTION_DB"],
        policy=policy,
        worker=bool(merged["WEBMENTION_WORKER"]),
        poll_seconds=_number(merged, "WEBMENTION_POLL_SECONDS", minimum=0.01),
        max_queued=int(_number(merged, "WEBMENTION_MAX_QUEUED", minimum=1)),
        send_state=merged["WEBMENTION_SEND_STATE"],
        host_interval=_number(merged, "WEBMENTION_HOST_INTERVAL"),
        retries=int(_number(merged, "WEBMENTION_RETRIES")),
        backoff=_number(merged, "WEBMENTION_BACKOFF"),
        io_api=merged["WEBMENTION_IO_API"].rstrip("/"),
    )
