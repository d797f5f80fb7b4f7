"""The inbox's INBOX_* settings: defaults in one place, read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    # Where waitress listens; put a reverse proxy with HTTPS in front (docs/inbox.md).
    "INBOX_HOST": "127.0.0.1",
    "INBOX_PORT": 8100,
    # The SQLite database (WAL); acknowledged submissions live here until moderated.
    "INBOX_DB": "inbox.sqlite3",
    # Bearer token of the author's API (list, fetch, mark); empty turns the API off.
    "INBOX_TOKEN": "",
    # Key signing the form's timestamps; empty: a random key kept in the database.
    "INBOX_SECRET": "",
    # The site the inbox checks submissions against (make comment's rules).
    "INBOX_SETTINGS": "pelicanconf.py",
    "INBOX_CONTENT": "",  # empty: the settings' PATH
    # Base of the "back to the post" link; empty: the site's SITEURL.
    "INBOX_SITE_URL": "",
    # Seconds the post list is kept before the content tree is read again.
    "INBOX_POSTS_REFRESH": 60,
    # A form sent sooner than this after it was shown is refused as too fast.
    "INBOX_MIN_FILL_SECONDS": 3,
    # Posts per address per window; the rest get 429.
    "INBOX_RATE_LIMIT": 5,
    "INBOX_RATE_WINDOW": 600,
    # The reverse proxy's address (e.g. 127.0.0.1): its X-Forwarded-For then
    # names the reader, for rate limits and logs. Empty: no proxy is trusted.
    "INBOX_TRUSTED_PROXY": "",
    # Pending submissions kept at most; beyond, readers are asked to come back later.
    "INBOX_MAX_PENDING": 1000,
    # Largest request body (bytes) and largest field other than the comment (chars).
    "INBOX_MAX_REQUEST_BYTES": 65_536,
    "INBOX_MAX_FIELD_CHARS": 300,
    # Seconds an idle or slow connection is kept open; worker threads.
    "INBOX_TIMEOUT": 30,
    "INBOX_THREADS": 8,
    # Mail to the author when something arrives: off unless both are set.
    "INBOX_SMTP_HOST": "",
    "INBOX_NOTIFY_TO": "",
    "INBOX_SMTP_PORT": 587,
    "INBOX_SMTP_USER": "",
    "INBOX_SMTP_PASSWORD": "",
    "INBOX_SMTP_STARTTLS": True,
    "INBOX_NOTIFY_FROM": "inbox@localhost",
}


class SettingsError(ValueError):
    """An INBOX_* setting has a value the inbox cannot use; the message names it."""


@dataclass(frozen=True)
class InboxConfig:
    """The validated INBOX_* settings (field names are the keys, lower-cased)."""

    inbox_host: str
    inbox_port: int
    inbox_db: str
    inbox_token: str
    inbox_secret: str
    inbox_settings: str
    inbox_content: str
    inbox_site_url: str
    inbox_posts_refresh: int
    inbox_min_fill_seconds: int
    inbox_rate_limit: int
    inbox_rate_window: int
    inbox_trusted_proxy: str
    inbox_max_pending: int
    inbox_max_request_bytes: int
    inbox_max_field_chars: int
    inbox_timeout: int
    inbox_threads: int
    inbox_smtp_host: str
    inbox_notify_to: str
    inbox_smtp_port: int
    inbox_smtp_user: str
    inbox_smtp_password: str
    inbox_smtp_starttls: bool
    inbox_notify_from: str

    @property
    def notify(self) -> bool:
        """Return True when the author is mailed about new submissions."""
        return bool(self.inbox_smtp_host and self.inbox_notify_to)


TRUE = {"1", "yes", "true", "on"}
FALSE = {"0", "no", "false", "off", ""}
# Settings that may be zero (the others must be at least 1).
MAY_BE_ZERO = {"INBOX_MIN_FILL_SECONDS", "INBOX_POSTS_REFRESH", "INBOX_PORT"}


def _typed(key: str, value: Any) -> Any:
    """Return `value` as the type of the default of `key`, or raise SettingsError."""
    default = DEFAULTS[key]
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE | FALSE:
            return text in TRUE
        raise SettingsError(f"setting {key} must be 1 or 0 (yes/no), not {value!r}")
    if isinstance(default, int):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise SettingsError(
                f"setting {key} must be a whole number, not {value!r}"
            ) from None
        if number < (0 if key in MAY_BE_ZERO else 1):
            raise SettingsError(f"setting {key} must be at least 1, not {number}")
        if key == "INBOX_PORT" and number > 65535:
            raise SettingsError(f"setting {key} must be a port (0-65535), not {number}")
        return number
    return str(value).strip()


def load_config(
    values: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> InboxConfig:
    """Merge DEFAULTS, the environment's INBOX_* and `values`; validate each."""
    environ = os.environ if environ is None else environ
    unknown = sorted(k for k in (values or {}) if k not in DEFAULTS)
    if unknown:
        raise SettingsError(f"unknown setting {unknown[0]} (known: INBOX_HOST, ...)")
    merged: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        raw = (values or {}).get(key, environ.get(key, default))
        merged[key.lower()] = _typed(key, raw)
    config = InboxConfig(**merged)
    if bool(config.inbox_smtp_host) != bool(config.inbox_notify_to):
        raise SettingsError(
            "settings INBOX_SMTP_HOST and INBOX_NOTIFY_TO go together: "
            "set both to be mailed about submissions, or neither"
        )
    if not config.inbox_db:
        raise SettingsError("setting INBOX_DB must name a database file")
    return config


__all__ = ["DEFAULTS", "InboxConfig", "SettingsError", "load_config"]
