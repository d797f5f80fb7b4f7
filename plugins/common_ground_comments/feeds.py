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


class _StableAtomFeed(feedgenerator.Atom1Feed):
    """An Atom feed whose <updated> never comes from the build's clock."""

    def __init__(self, *args: object, empty_updated: dt.datetime, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.empty_updated = empty_updated

    def latest_post_date(self) -> dt.datetime:
        # feedgenerator falls back to now() for a feed with no items, which would
        # make two builds of the same content differ.
        if self.items:
            return super().latest_post_date()
        return self.empty_updated


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def atom_feed(
    *,
    title: str,
    link: str,
    feed_url: str,
    entries: list[FeedEntry],
    language: str,
    empty_updated: dt.datetime = EPOCH,
) -> str:
    """Return an Atom document listing `entries` (newest first).

    An empty feed is dated `empty_updated` (the newest post, say), never "now".
    """
    feed = _StableAtomFeed(
        empty_updated=empty_updated,
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
