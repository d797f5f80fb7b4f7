"""The inbox's INBOX_* settings: defaults in one place, read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.settings import Field, integer, problem, read_settings, text
from common_ground_core.settings import SettingsError as CoreSettingsError

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


class SettingsError(CoreSettingsError):
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
SWITCH = Field("1 or 0 (yes/no)", lambda v: isinstance(v, bool))
PORT = Field("a port (0-65535)", lambda v: integer(minimum=0).accepts(v) and v < 65536)
# Settings that may be zero are listed; the other numbers must be at least 1.
FIELDS: dict[str, Field] = {
    key: SWITCH
    if isinstance(default, bool)
    else integer()
    if isinstance(default, int)
    else text(empty=True)
    for key, default in DEFAULTS.items()
} | {
    "INBOX_PORT": PORT,
    "INBOX_DB": text(),
    "INBOX_POSTS_REFRESH": integer(minimum=0),
    "INBOX_MIN_FILL_SECONDS": integer(minimum=0),
}


def _from_text(key: str, value: Any) -> Any:
    """Read an environment string as the type of the default of `key`, if it is one."""
    default = DEFAULTS[key]
    if not isinstance(value, str):
        return value
    if isinstance(default, bool):
        word = value.strip().lower()
        return word in TRUE if word in TRUE | FALSE else value
    if isinstance(default, int):
        try:
            return int(value.strip())
        except ValueError:
            return value  # refused by its field, shown as it was given
    return value.strip()


def _mail_both_or_neither(values: dict[str, Any]) -> list[str]:
    """Return the problem when only one of the two mail settings is set."""
    host, to = values["INBOX_SMTP_HOST"], values["INBOX_NOTIFY_TO"]
    if bool(host) == bool(to):
        return []
    name, value = ("INBOX_NOTIFY_TO", to) if host else ("INBOX_SMTP_HOST", host)
    other = "INBOX_SMTP_HOST" if host else "INBOX_NOTIFY_TO"
    return [problem(name, value, f"a value too, since {other} is set (or neither)")]


def load_config(
    values: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> InboxConfig:
    """Merge DEFAULTS, the environment's INBOX_* and `values`; validate each."""
    environ = os.environ if environ is None else environ
    given = {k: environ[k] for k in DEFAULTS if k in environ} | dict(values or {})
    checked = read_settings(
        "inbox",
        {k: _from_text(k, v) if k in DEFAULTS else v for k, v in given.items()},
        DEFAULTS,
        FIELDS,
        logger=None,
        error=SettingsError,
        prefix="INBOX_",
        rules=_mail_both_or_neither,
    )
    return InboxConfig(**{key.lower(): value for key, value in checked.items()})


__all__ = ["DEFAULTS", "InboxConfig", "SettingsError", "load_config"]
