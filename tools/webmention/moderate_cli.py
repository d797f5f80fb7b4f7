"""The mention half of `make moderate`: list verified mentions, act on `wm-N` ids.

Kept apart from tools/moderate.py, which calls `list_mentions` after listing
comments and hands it any `wm-N` id (APPROVE=, REJECT=, SPAM=).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .moderation import (
    ModerationError,
    approve,
    parse_key,
    pending_mentions,
    reject,
    spam,
    sync_files,
)


def list_mentions(db: str, content: Path, settings: dict[str, Any]) -> int:
    """Carry updates into files, print pending mentions; return 0 (2 on error)."""
    if not db or not Path(db).exists():
        return 0
    try:
        for line in sync_files(db, content, settings):
            print(f"moderate: {line}")
        items = pending_mentions(db)
    except sqlite3.Error as error:
        print(f"moderate: {db}: {error}")
        return 2
    for m in items:
        excerpt = " ".join((m.excerpt or "").split())[:60]
        print(
            f"{m.key}  {m.published or m.received_at}  {m.type}  "
            f"{m.author_name or m.source}: {m.title} -> {m.target}  {excerpt}"
        )
    print(f"moderate: {len(items)} pending mention(s)")
    if items:
        print("moderate: make moderate APPROVE=wm-N  (or REJECT=wm-N, SPAM=wm-N)")
    return 0


def act(db: str, key: str, action: str, content: Path, settings: dict[str, Any]) -> int:
    """Approve, reject or mark as spam the mention `key` (`wm-N`); 0 on success."""
    mention_id = parse_key(key)
    if mention_id is None:
        print(f"moderate: {key!r} is not a mention id (wm-N)")
        return 2
    if not db or not Path(db).exists():
        print(f"moderate: no mention database at {db!r} (INBOX_DB)")
        return 2
    try:
        if action == "approve":
            path = approve(db, mention_id, content, settings)
            print(f"moderate: {path}: mention published")
        elif action == "reject":
            reject(db, mention_id, content)
            print(f"moderate: wm-{mention_id}: rejected")
        else:
            spam(db, mention_id, content)
            print(f"moderate: wm-{mention_id}: marked as spam")
    except ModerationError as error:
        print(f"moderate: {error}")
        return 1
    return 0
