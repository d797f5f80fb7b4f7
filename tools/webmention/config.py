"""Webmention settings: one DEFAULTS dict, validated once into a MentionConfig.

The same keys are read from the inbox's Flask config (receiving) and from the
site's settings file (sending, importing, moderating).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.settings import (
    Field,
    SettingsError,
    flag,
    http_url,
    integer,
    list_of,
    number,
    optional,
    read_settings,
    text,
)

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


class MentionConfigError(SettingsError):
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


FIELDS: dict[str, Field] = {
    "WEBMENTION_SITE_URL": optional(http_url()),
    "WEBMENTION_DB": text(),
    "WEBMENTION_TIMEOUT": number(0.01),
    "WEBMENTION_MAX_BYTES": integer(),
    "WEBMENTION_MAX_REDIRECTS": integer(minimum=0),
    "WEBMENTION_ALLOW_PRIVATE": list_of(text(), "a list of 'host:port' strings"),
    "WEBMENTION_WORKER": flag(),
    "WEBMENTION_POLL_SECONDS": number(0.01),
    "WEBMENTION_MAX_QUEUED": integer(),
    "WEBMENTION_SEND_STATE": text(),
    "WEBMENTION_HOST_INTERVAL": number(0),
    "WEBMENTION_RETRIES": integer(minimum=0),
    "WEBMENTION_BACKOFF": number(0),
    "WEBMENTION_IO_API": http_url(),
}


def load_config(settings: Mapping[str, Any]) -> MentionConfig:
    """Merge DEFAULTS with `settings` and validate; raise naming each bad setting."""
    # Without its own address the site's SITEURL is this site's public address.
    site_url = settings.get("WEBMENTION_SITE_URL") or settings.get("SITEURL") or None
    values = read_settings(
        "webmention",
        {**settings, "WEBMENTION_SITE_URL": site_url},
        DEFAULTS,
        FIELDS,
        logger=None,
        error=MentionConfigError,
    )
    policy = FetchPolicy(
        timeout=values["WEBMENTION_TIMEOUT"],
        max_bytes=values["WEBMENTION_MAX_BYTES"],
        max_redirects=values["WEBMENTION_MAX_REDIRECTS"],
        allow_private=frozenset(values["WEBMENTION_ALLOW_PRIVATE"]),
    )
    return MentionConfig(
        site_url=(values["WEBMENTION_SITE_URL"] or "").rstrip("/"),
        db=values["WEBMENTION_DB"],
        policy=policy,
        worker=values["WEBMENTION_WORKER"],
        poll_seconds=values["WEBMENTION_POLL_SECONDS"],
        max_queued=values["WEBMENTION_MAX_QUEUED"],
        send_state=values["WEBMENTION_SEND_STATE"],
        host_interval=values["WEBMENTION_HOST_INTERVAL"],
        retries=values["WEBMENTION_RETRIES"],
        backoff=values["WEBMENTION_BACKOFF"],
        io_api=values["WEBMENTION_IO_API"].rstrip("/"),
    )
