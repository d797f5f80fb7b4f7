"""Moderate received mentions: list, approve into comment files, reject, spam.

An approved mention becomes `<COMMENTS_DIR>/<post-slug>/wm-<id>.md`: a reply,
bookmark or plain mention as `Type: pingback` (listed under the post), a like
or repost as `Type: like` / `Type: repost` (counted). `sync_files` carries a
later update or removal of an approved source into its file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from common_ground_core.contract import site_zone
from common_ground_core.source import article_sources, derive_slug
from pelican.plugins.common_ground_comments.config import get_config as comments_config

from . import db as store

FILE_TYPES = {"like": "like", "repost": "repost"}


class ModerationError(ValueError):
    """A moderation request cannot be done; the message says why."""


def pending_mentions(db: str | sqlite3.Connection) -> list[store.Mention]:
    """Return the verified mentions waiting for a decision, oldest first."""
    conn = store.connect(db) if isinstance(db, str | Path) else db
    try:
        return store.rows(conn, "verification = 'verified' AND decision = 'pending'")
    finally:
        if conn is not db:
            conn.close()


def parse_key(key: str) -> int | None:
    """Return the row id of `wm-12` (as `make moderate` lists it), else None."""
    name = key.rpartition("/")[2]
    if name.startswith("wm-") and name[3:].isdigit():
        return int(name[3:])
    return None


def _clean(path: str) -> str:
    path = unquote(path).strip("/")
    return path.removesuffix("index.html").rstrip("/")


def slug_for_target(
    target: str,
    content: Path,
    settings: dict[str, Any],
    slugs: Iterable[str] | None = None,
) -> str:
    """Return the slug of the post at `target`, matched by ARTICLE_URL.

    `slugs` are the site's post slugs when the caller already has them (the
    inbox keeps them); otherwise the posts are read.
    """
    path = _clean(urlsplit(target).path)
    pattern = settings.get("ARTICLE_URL", "{slug}.html")
    if slugs is None:
        slugs = (derive_slug(s, settings) for s in article_sources(content, settings))
    for slug in slugs:
        if not slug:
            continue
        try:
            url = _clean(pattern.format(slug=slug))
        except (KeyError, IndexError, ValueError):
            url = slug  # a pattern with dates: the slug is the last part
        if path == url or path.endswith("/" + url) or path.endswith("/" + slug):
            return slug
    raise ModerationError(f"no post of this site is at {target}")


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def mention_text(mention: store.Mention, timezone: str) -> str:
    """Return the comment file for an approved mention."""
    kind = FILE_TYPES.get(mention.type or "", "pingback")
    try:
        date = dt.datetime.fromisoformat(mention.published or "")
    except ValueError:
        date = dt.datetime.fromisoformat(mention.received_at)
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    date = date.astimezone(site_zone(timezone)).replace(microsecond=0)
    author = _one_line(mention.author_name) or urlsplit(mention.source).hostname
    lines = [
        f"Type: {kind}",
        f"Author: {author}",
        f"Title: {_one_line(mention.title) or mention.source}",
        f"Source: {mention.source}",
        f"Date: {date.isoformat()}",
    ]
    if mention.author_url:
        lines.append(f"Website: {mention.author_url}")
    lines.append(f"Webmention: {mention.type or 'mention'}")
    lines.append("Status: published")
    return "\n".join(lines) + "\n\n" + _one_line(mention.excerpt) + "\n"


def _comments_root(content: Path, settings: dict[str, Any]) -> Path:
    return content / comments_config(settings).directory


def write_file(mention: store.Mention, content: Path, settings: dict[str, Any]) -> Path:
    """Write (or rewrite) the comment file of a mention; return its path.

    The one writer of mention files: the local database's approvals and a
    remote inbox's (tools/webmention/moderate_cli.py) both come here.
    """
    slug = slug_for_target(mention.target, content, settings)
    root = _comments_root(content, settings)
    path = root / slug / f"{mention.key}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(
        mention_text(mention, str(settings.get("TIMEZONE") or "UTC")),
        encoding="utf-8",
    )
    tmp.replace(path)
    return path


def own_file(mention: store.Mention, content: Path, settings: dict[str, Any]) -> Path:
    """Return the local path of a mention's recorded file, if it is one of ours.

    A remote inbox names the file; only `<COMMENTS_DIR>/<slug>/wm-N.md` under
    this content folder is ever deleted on its word.
    """
    root = _comments_root(content, settings).resolve()
    path = (Path(content) / (mention.file or "")).resolve()
    if path.name != f"{mention.key}.md" or path.parent.parent != root:
        raise ModerationError(
            f"{mention.key}: {mention.file!r} is not a mention file of this site"
        )
    return path


def _write(
    conn: sqlite3.Connection,
    mention: store.Mention,
    content: Path,
    settings: dict[str, Any],
) -> Path:
    path = write_file(mention, content, settings)
    conn.execute(
        "UPDATE webmentions SET decision = 'approved', file = ?, file_stale = 0 "
        "WHERE id = ?",
        (str(path.relative_to(content)), mention.id),
    )
    conn.commit()
    return path


def approve(
    db: str | sqlite3.Connection,
    mention_id: int,
    content_dir: Path,
    settings: dict[str, Any],
) -> Path:
    """Write the comment file of a verified mention; return its path."""
    conn = store.connect(db) if isinstance(db, str | Path) else db
    try:
        mention = store.get(conn, mention_id)
        if mention is None:
            raise ModerationError(f"no mention wm-{mention_id}")
        if mention.verification != "verified":
            raise ModerationError(
                f"mention wm-{mention_id} is {mention.verification}, not verified"
                + (f" ({mention.error})" if mention.error else "")
            )
        return _write(conn, mention, Path(content_dir), settings)
    finally:
        if conn is not db:
            conn.close()


def _decide(
    db: str | sqlite3.Connection,
    mention_id: int,
    decision: str,
    content_dir: Path | None,
) -> None:
    conn = store.connect(db) if isinstance(db, str | Path) else db
    try:
        mention = store.get(conn, mention_id)
        if mention is None:
            raise ModerationError(f"no mention wm-{mention_id}")
        if mention.file and content_dir is not None:
            (Path(content_dir) / mention.file).unlink(missing_ok=True)
        conn.execute(
            "UPDATE webmentions SET decision = ?, file = NULL, file_stale = 0 "
            "WHERE id = ?",
            (decision, mention_id),
        )
        conn.commit()
    finally:
        if conn is not db:
            conn.close()


def reject(
    db: str | sqlite3.Connection, mention_id: int, content_dir: Path | None = None
) -> None:
    """Refuse a mention (remembered: a re-sent one stays refused)."""
    _decide(db, mention_id, "rejected", content_dir)


def spam(
    db: str | sqlite3.Connection, mention_id: int, content_dir: Path | None = None
) -> None:
    """Mark a mention as spam (remembered: a re-sent one stays spam)."""
    _decide(db, mention_id, "spam", content_dir)


def sync_files(
    db: str | sqlite3.Connection, content_dir: Path, settings: dict[str, Any]
) -> list[str]:
    """Rewrite updated approved mentions, delete removed ones; say what changed."""
    conn = store.connect(db) if isinstance(db, str | Path) else db
    done: list[str] = []
    try:
        for mention in store.rows(
            conn,
            "decision = 'approved' AND file_stale = 1 AND verification != 'queued'",
        ):
            if mention.verification == "gone":
                if mention.file:
                    (Path(content_dir) / mention.file).unlink(missing_ok=True)
                conn.execute(
                    "UPDATE webmentions SET file = NULL, file_stale = 0 WHERE id = ?",
                    (mention.id,),
                )
                conn.commit()
                done.append(f"{mention.key}: removed ({mention.error})")
            elif mention.verification == "verified":
                try:
                    path = _write(conn, mention, Path(content_dir), settings)
                except ModerationError as error:
                    done.append(f"{mention.key}: not updated: {error}")
                    continue
                done.append(f"{mention.key}: updated {path}")
        return done
    finally:
        if conn is not db:
            conn.close()
