"""Settings of the comments plugin: one DEFAULTS dict, read once into a Config."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_ground_core.contract import COMMENTS_DIR
from common_ground_core.settings import (
    Field,
    SettingsError,
    flag,
    http_url,
    integer,
    list_of,
    one_of,
    optional,
    problem,
    read_settings,
    text,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Folder under PATH holding <post-slug>/<comment-id>.md files.
    "COMMENTS_DIR": COMMENTS_DIR,
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


class ConfigError(SettingsError):
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


FIELDS: dict[str, Field] = {
    "COMMENTS_DIR": text(),
    "COMMENTS_ORDER": one_of("oldest", "newest"),
    "COMMENTS_MAX_DEPTH": integer(),
    "COMMENTS_MAX_BYTES": integer(),
    "COMMENTS_DATE_FORMAT": optional(text()),
    "COMMENTS_IDENTICON_SALT": text(empty=True),
    "COMMENTS_EMAIL": optional(text()),
    "COMMENTS_FORM_ENDPOINT": optional(text()),
    "COMMENTS_INBOX_URL": optional(http_url()),
    "COMMENTS_AUTHOR_NAMES": list_of(text(empty=True)),
    "COMMENTS_FEED_ATOM": optional(text()),
    "COMMENTS_FEED_ALL_ATOM": optional(text()),
    "COMMENTS_FEED_MAX_ITEMS": integer(),
    "COMMENTS_PINGBACKS": flag(),
    "COMMENTS_PINGBACK_CONTEXT_WORDS": integer(),
}


def _one_form_target(values: dict[str, Any]) -> list[str]:
    """Return the problem when both the inbox and another form endpoint are set."""
    inbox = values["COMMENTS_INBOX_URL"]
    if inbox is None or values["COMMENTS_FORM_ENDPOINT"] is None:
        return []
    expected = "None when COMMENTS_FORM_ENDPOINT is set (set one of them)"
    return [problem("COMMENTS_INBOX_URL", inbox, expected)]


def get_config(settings: Mapping[str, Any]) -> Config:
    """Merge DEFAULTS with `settings` and validate every comments setting."""
    values = read_settings(
        "comments",
        settings,
        DEFAULTS,
        FIELDS,
        logger=logger,
        error=ConfigError,
        rules=_one_form_target,
    )
    inbox_url = values["COMMENTS_INBOX_URL"]
    return Config(
        directory=values["COMMENTS_DIR"],
        newest_first=values["COMMENTS_ORDER"] == "newest",
        max_depth=values["COMMENTS_MAX_DEPTH"],
        max_bytes=values["COMMENTS_MAX_BYTES"],
        date_format=values["COMMENTS_DATE_FORMAT"] or "%Y-%m-%d %H:%M",
        identicon_salt=values["COMMENTS_IDENTICON_SALT"],
        email=values["COMMENTS_EMAIL"],
        form_endpoint=(
            inbox_url.rstrip("/") + "/comments"
            if inbox_url is not None
            else values["COMMENTS_FORM_ENDPOINT"]
        ),
        inbox=inbox_url is not None,
        author_names=values["COMMENTS_AUTHOR_NAMES"],
        feed_atom=values["COMMENTS_FEED_ATOM"],
        feed_all_atom=values["COMMENTS_FEED_ALL_ATOM"],
        feed_max_items=values["COMMENTS_FEED_MAX_ITEMS"],
        pingbacks=values["COMMENTS_PINGBACKS"],
        context_words=values["COMMENTS_PINGBACK_CONTEXT_WORDS"],
        timezone=str(settings.get("TIMEZONE") or "UTC"),
    )
