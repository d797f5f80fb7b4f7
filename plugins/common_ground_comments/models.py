"""Data shapes of the comments plugin.

`article.comments` is a list of top-level `Comment`s, each with `.replies`;
`article.pingbacks` a list of `Pingback`s; `article.comment_count` their total.
A `Comment` never holds the commenter's email: the loader drops it on purpose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from common_ground_core.contract import comment_anchor


@dataclass(eq=False)
class Comment:
    """One comment (or external pingback) file, parsed."""

    id: str
    slug: str
    source_path: str
    author: str
    date: dt.datetime
    body: str
    status: str = "published"
    kind: str = "comment"
    website: str | None = None
    replyto: str | None = None
    # The line of the `Replyto:` key, so a threading problem names it.
    replyto_line: int = 0
    source: str | None = None
    title: str | None = None
    digest: str = ""
    # Filled by rendering and threading.
    html: str = ""
    date_text: str = ""
    identicon: str = ""
    by_post_author: bool = False
    # The "Reply" target: fixed ("" or "#respond"), or a mailto made on demand
    # by the post's composer; kept as text, 15,000 of them held ~7 MiB.
    reply_target: str = ""
    reply_composer: Any = field(default=None, repr=False)
    parent: Comment | None = None
    replies: list[Comment] = field(default_factory=list)
    depth: int = 0
    # What the template nests under this comment (replies, unless flattened).
    nested: list[Comment] = field(default_factory=list)
    # True when shown outside its parent's nested list (past the visual depth).
    flattened: bool = False

    @property
    def reply_url(self) -> str:
        """Return where this comment's "Reply" link points ("" for nowhere)."""
        if self.reply_composer is not None:
            return self.reply_composer.reply(self.id, self.author)
        return self.reply_target

    @property
    def anchor(self) -> str:
        """Return the HTML id of this comment's permalink anchor."""
        return comment_anchor(self.id)

    def __repr__(self) -> str:
        return f"Comment({self.slug}/{self.id})"


@dataclass(eq=False)
class Pingback:
    """A response from another page: an internal post or an external site."""

    anchor: str
    title: str
    url: str
    date: dt.datetime
    date_text: str = ""
    # Plain text "[…] words around the link […]" for internal pingbacks.
    excerpt: str = ""
    # Sanitized HTML body for external pingback files.
    html: str = ""
    # True when `url` is relative to SITEURL (a post of this site).
    internal: bool = False
    source_path: str = ""


@dataclass
class ThreadUI:
    """What the comment templates need besides the contract attributes."""

    thread: list[Comment]
    open: bool
    mailto: str | None
    endpoint: str | None
    feed_url: str | None
    all_feed_url: str | None
    reply_choices: list[Comment]
    # Webmention likes and reposts of the post: shown as counts only.
    likes: list[Pingback] = field(default_factory=list)
    reposts: list[Pingback] = field(default_factory=list)
    # The form posts to the author's inbox: it adds a honeypot and a time stamp.
    inbox: bool = False


@dataclass
class Stats:
    """Counts over the whole build for context["comment_stats"]."""

    published: int = 0
    pending: int = 0
    spam: int = 0
    pingbacks: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counts as the contract's plain dict."""
        return {
            "published": self.published,
            "pending": self.pending,
            "spam": self.spam,
            "pingbacks": self.pingbacks,
        }
