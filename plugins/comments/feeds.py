"""Atom feeds of comments: one per post and one of the latest site-wide."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import feedgenerator


@dataclass(frozen=True)
class FeedEntry:
    """One comment as a feed item; `html` is already sanitized."""

    title: str
    link: str
    author: str
    date: dt.datetime
    html: str


def atom_feed(
    *, title: str, link: str, feed_url: str, entries: list[FeedEntry], language: str
) -> str:
    """Return an Atom document listing `entries` (newest first)."""
    feed = feedgenerator.Atom1Feed(
        title=title,
        link=link,
        description="",
        language=language,
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    for entry in sorted(entries, key=lambda e: (e.date, e.link), reverse=True):
        # Author only by name: the email is never part of a Comment.
        feed.add_item(
            title=entry.title,
            link=entry.link,
            description=entry.html,
            content=entry.html,
            author_name=entry.author,
            pubdate=entry.date,
            updateddate=entry.date,
            unique_id=entry.link,
        )
    return feed.writeString("utf-8")
