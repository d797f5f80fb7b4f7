"""Settings of the comments plugin: one DEFAULTS dict, read once into a Config."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Folder under PATH holding <post-slug>/<comment-id>.md files.
    "COMMENTS_DIR": "comments",
    # "oldest" (the source blog's order) or "newest" first, at every level.
    "COMMENTS_ORDER": "oldest",
    # Visual nesting levels; deeper replies are listed flat under the last level.
    "COMMENTS_MAX_DEPTH": 3,
    # Comment files larger than this many bytes are skipped with a warning.
    "COMMENTS_MAX_BYTES": 20_000,
    "COMMENTS_DATE_FORMAT": "%B %-d, %Y at %-I:%M %p",
    # Mixed into the identicon hash so patterns cannot be matched across sites.
    "COMMENTS_IDENTICON_SALT": "",
    # Where the default "Got something to say?" mailto link sends submissions.
    "COMMENTS_EMAIL": None,
    # A Staticman-compatible endpoint; when set, the form posts there instead.
    "COMMENTS_FORM_ENDPOINT": None,
    # The address of the author's comment inbox (make inbox, docs/inbox.md);
    # when set, the form posts to its /comments with a honeypot and a time stamp.
    "COMMENTS_INBOX_URL": None,
    # Names marked as the post's author besides the post's own Author.
    "COMMENTS_AUTHOR_NAMES": (),
    # Atom feeds; written only when SITEURL (or FEED_DOMAIN) is absolute.
    "COMMENTS_FEED_ATOM": "feeds/comments/{slug}.atom.xml",
    "COMMENTS_FEED_ALL_ATOM": "feeds/comments.atom.xml",
    "COMMENTS_FEED_MAX_ITEMS": 20,
    "COMMENTS_PINGBACKS": True,
    # Words kept on each side of the link in an internal pingback's excerpt.
    "COMMENTS_PINGBACK_CONTEXT_WORDS": 12,
}


class ConfigError(ValueError):
    """A comments setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class Config:
    """The validated comments settings for one build."""

    directory: str
    newest_first: bool
    max_depth: int
    max_bytes: int
    date_format: str
    identicon_salt: str
    email: str | None
    form_endpoint: str | None
    inbox: bool
    author_names: tuple[str, ...]
    feed_atom: str | None
    feed_all_atom: str | None
    feed_max_items: int
    pingbacks: bool
    context_words: int
    timezone: str


def _positive_int(settings: Mapping[str, Any], key: str) -> int:
    """Return settings[key] if it is a positive integer, else fail naming it."""
    value = settings[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        logger.error(
            "comments: setting %s must be a positive integer, not %r", key, value
        )
        raise ConfigError(key)
    return value


def _optional_str(settings: Mapping[str, Any], key: str) -> str | None:
    """Return settings[key] as a non-empty string or None, else fail naming it."""
    value = settings[key]
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        logger.error(
            "comments: setting %s must be a string or None, not %r", key, value
        )
        raise ConfigError(key)
    return value


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge DEFAULTS with `settings` and validate every comments setting."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    order = merged["COMMENTS_ORDER"]
    if order not in ("oldest", "newest"):
        logger.error(
            "comments: setting COMMENTS_ORDER must be 'oldest' or 'newest', not %r",
            order,
        )
        raise ConfigError("COMMENTS_ORDER")
    names = merged["COMMENTS_AUTHOR_NAMES"]
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        logger.error(
            "comments: setting COMMENTS_AUTHOR_NAMES must be a list of names, not %r",
            names,
        )
        raise ConfigError("COMMENTS_AUTHOR_NAMES")
    salt = merged["COMMENTS_IDENTICON_SALT"]
    if not isinstance(salt, str):
        logger.error("comments: setting COMMENTS_IDENTICON_SALT must be a string")
        raise ConfigError("COMMENTS_IDENTICON_SALT")
    inbox_url = _optional_str(merged, "COMMENTS_INBOX_URL")
    endpoint = _optional_str(merged, "COMMENTS_FORM_ENDPOINT")
    if inbox_url is not None:
        if not inbox_url.startswith(("https://", "http://")):
            logger.error(
                "comments: setting COMMENTS_INBOX_URL must be an http(s) address, "
                "not %r",
                inbox_url,
            )
            raise ConfigError("COMMENTS_INBOX_URL")
        if endpoint is not None:
            logger.error(
                "comments: set COMMENTS_INBOX_URL or COMMENTS_FORM_ENDPOINT, not both"
            )
            raise ConfigError("COMMENTS_INBOX_URL")
        endpoint = inbox_url.rstrip("/") + "/comments"
    directory = _optional_str(merged, "COMMENTS_DIR")
    if directory is None:
        logger.error("comments: setting COMMENTS_DIR must name a folder")
        raise ConfigError("COMMENTS_DIR")
    return Config(
        directory=directory,
        newest_first=order == "newest",
        max_depth=_positive_int(merged, "COMMENTS_MAX_DEPTH"),
        max_bytes=_positive_int(merged, "COMMENTS_MAX_BYTES"),
        date_format=_optional_str(merged, "COMMENTS_DATE_FORMAT") or "%Y-%m-%d %H:%M",
        identicon_salt=salt,
        email=_optional_str(merged, "COMMENTS_EMAIL"),
        form_endpoint=endpoint,
        inbox=inbox_url is not None,
        author_names=tuple(names),
        feed_atom=_optional_str(merged, "COMMENTS_FEED_ATOM"),
        feed_all_atom=_optional_str(merged, "COMMENTS_FEED_ALL_ATOM"),
        feed_max_items=_positive_int(merged, "COMMENTS_FEED_MAX_ITEMS"),
        pingbacks=bool(merged["COMMENTS_PINGBACKS"]),
        context_words=_positive_int(merged, "COMMENTS_PINGBACK_CONTEXT_WORDS"),
        timezone=str(settings.get("TIMEZONE") or "UTC"),
    )
