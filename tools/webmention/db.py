"""The received mentions, in their own table of the inbox's SQLite file.

`verification` is what the worker found (queued, verified, invalid, gone);
`decision` what the author decided (pending, approved, rejected, spam). A
re-sent mention is queued again but keeps its decision: a rejected source
stays rejected, an approved one is updated or removed by the next check.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS webmentions (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    received_at TEXT NOT NULL,
    verification TEXT NOT NULL DEFAULT 'queued',
    decision TEXT NOT NULL DEFAULT 'pending',
    verified_at TEXT,
    error TEXT,
    type TEXT,
    author_name TEXT,
    author_url TEXT,
    author_photo TEXT,
    title TEXT,
    excerpt TEXT,
    published TEXT,
    content_hash TEXT,
    file TEXT,
    file_stale INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, target)
);
CREATE INDEX IF NOT EXISTS webmentions_queue ON webmentions (verification);
"""


@dataclass
class Mention:
    """One row of the webmentions table."""

    id: int
    source: str
    target: str
    received_at: str
    verification: str
    decision: str
    verified_at: str | None
    error: str | None
    type: str | None
    author_name: str | None
    author_url: str | None
    author_photo: str | None
    title: str | None
    excerpt: str | None
    published: str | None
    content_hash: str | None
    file: str | None
    file_stale: int

    @property
    def key(self) -> str:
        """Return the id `make moderate` shows and takes (`wm-12`)."""
        return f"wm-{self.id}"


NAMES = tuple(f.name for f in fields(Mention))
COLUMNS = ", ".join(NAMES)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open the database (creating the table): WAL, full sync, autocommit off."""
    conn = sqlite3.connect(str(path), timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    # Acknowledged means on disk: a 202 is sent only after a synced commit.
    conn.execute("PRAGMA synchronous=FULL")
    conn.executescript(SCHEMA)
    return conn


def rows(conn: sqlite3.Connection, where: str = "1", args: tuple = ()) -> list[Mention]:
    """Return the mentions matching `where`, by id."""
    cursor = conn.execute(
        f"SELECT {COLUMNS} FROM webmentions WHERE {where} ORDER BY id",
        args,
    )
    return [Mention(*row) for row in cursor.fetchall()]


def get(conn: sqlite3.Connection, mention_id: int) -> Mention | None:
    """Return the mention with this id, or None."""
    found = rows(conn, "id = ?", (mention_id,))
    return found[0] if found else None
