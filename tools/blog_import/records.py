"""Plain records read from an export, before any decision about the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class SourceComment:
    """One comment, pingback or trackback as the export holds it."""

    id: str
    author: str
    date: dt.datetime | None
    body: str
    status: str  # published, pending, spam, trash, deleted
    kind: str = "comment"  # comment or pingback
    parent: str | None = None
    email: str = ""
    website: str = ""
    origin: str = "wp"  # the id prefix: wp (WordPress) or dq (Disqus)


@dataclass
class SourcePost:
    """One WordPress item (post, page, attachment, custom type)."""

    wp_id: str
    post_type: str
    title: str
    link: str
    guid: str
    date: dt.datetime | None
    modified: dt.datetime | None
    name: str
    status: str
    author: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    content: str = ""
    excerpt: str = ""
    comments: list[SourceComment] = field(default_factory=list)
    line: int | None = None
    password: str = ""
    # An attachment's file, its alt text and the item it was uploaded to.
    attachment_url: str = ""
    alt: str = ""
    parent: str = ""

    @property
    def label(self) -> str:
        """Name the item for messages: its title, id and link."""
        title = self.title or "(no title)"
        return f"WordPress {self.post_type} {self.wp_id} {title!r}"


@dataclass(frozen=True)
class Attachment:
    """An uploaded image a [gallery] may show: its file, alt text and caption."""

    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class SourceThread:
    """One Disqus thread and the comments posted on it."""

    dsq_id: str
    link: str
    title: str
    comments: list[SourceComment] = field(default_factory=list)


@dataclass
class Export:
    """Everything read from one export file."""

    kind: str  # "wxr" or "disqus"
    version: str
    site_urls: list[str] = field(default_factory=list)
    posts: list[SourcePost] = field(default_factory=list)
    threads: list[SourceThread] = field(default_factory=list)
    # Comments whose thread or post is not in the export: (label, reason).
    stray: list[tuple[str, str]] = field(default_factory=list)
