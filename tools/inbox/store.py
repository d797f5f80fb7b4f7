"""The inbox's SQLite store: one row per accepted submission.

Each row is committed before the reader is answered (WAL, synchronous=FULL),
never a partial row.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any

# pending: waiting for the author; taken: written as a comment file by
# `make moderate`; rejected and spam: refused by the author, kept so a repeat
# is recognised and never offered again.
STATES = ("pending", "taken", "rejected", "spam")
FIELDS = ("slug", "author", "email", "website", "replyto", "body")

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received TEXT NOT NULL,
    slug TEXT NOT NULL,
    author TEXT NOT NULL,
    email TEXT NOT NULL,
    website TEXT NOT NULL,
    replyto TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'taken', 'rejected', 'spam')),
    decided TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS submissions_state ON submissions (state);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class QueueFullError(RuntimeError):
    """The inbox holds INBOX_MAX_PENDING pending submissions already."""


class NoSuchSubmissionError(LookupError):
    """No submission has this id."""


def connect(path: str | Path) -> sqlite3.Connection:
    """Open the database with the durability every acknowledgement relies on."""
    connection = sqlite3.connect(
        str(path), timeout=30, isolation_level=None, check_same_thread=False
    )
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before it returns, so an answer never outlives it.
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """Submissions in one SQLite file; one connection per thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._db().executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = connect(self.path)
            self._local.connection = connection
        return connection

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db())

    def secret(self) -> str:
        """Return the key that signs form timestamps, made once and kept."""
        with self._transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
            if row is not None:
                return str(row["value"])
            value = secrets.token_hex(32)
            db.execute("INSERT INTO meta (key, value) VALUES ('secret', ?)", (value,))
            return value

    def add(self, values: dict[str, str], max_pending: int) -> tuple[int, bool]:
        """Store a submission; return (id, False) if the same one is pending.

        A reader who sends twice (a double click, a retry after a lost answer)
        gets the first row back, so a submission is stored once.
        """
        row = [values.get(name, "") for name in FIELDS]
        with self._transaction() as db:
            same = db.execute(
                "SELECT id FROM submissions WHERE state = 'pending' AND slug = ? "
                "AND author = ? AND email = ? AND website = ? AND replyto = ? "
                "AND body = ?",
                row,
            ).fetchone()
            if same is not None:
                return int(same["id"]), False
            (count,) = db.execute(
                "SELECT COUNT(*) FROM submissions WHERE state = 'pending'"
            ).fetchone()
            if count >= max_pending:
                raise QueueFullError
            cursor = db.execute(
                "INSERT INTO submissions (received, slug, author, email, website, "
                "replyto, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [_now(), *row],
            )
            return int(cursor.lastrowid or 0), True

    def list(self, state: str = "pending") -> list[dict[str, Any]]:
        """Return the submissions in `state`, oldest first."""
        rows = self._db().execute(
            "SELECT * FROM submissions WHERE state = ? ORDER BY id", (state,)
        )
        return [dict(row) for row in rows]

    def get(self, submission_id: int) -> dict[str, Any]:
        """Return one submission, or raise NoSuchSubmissionError."""
        row = (
            self._db()
            .execute("SELECT * FROM submissions WHERE id = ?", (submission_id,))
            .fetchone()
        )
        if row is None:
            raise NoSuchSubmissionError(submission_id)
        return dict(row)

    def mark(self, submission_id: int, state: str, comment: str = "") -> dict[str, Any]:
        """Record the author's decision; return the updated submission."""
        if state not in STATES[1:]:
            raise ValueError(f"state must be one of {', '.join(STATES[1:])}")
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE submissions SET state = ?, decided = ?, comment = ? "
                "WHERE id = ?",
                (state, _now(), comment, submission_id),
            )
            if cursor.rowcount == 0:
                raise NoSuchSubmissionError(submission_id)
        return self.get(submission_id)

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): one writer at a time."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind: object, *_: object) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")
