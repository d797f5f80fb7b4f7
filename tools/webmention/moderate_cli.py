"""The mention half of `make moderate`: list verified mentions, act on `wm-N` ids.

Kept apart from tools/moderate.py, which calls `list_mentions` after listing
comments and hands it any `wm-N` id (APPROVE=, REJECT=, SPAM=). With INBOX_URL
the mentions are the remote inbox's (`list_remote`, `act_remote`): files are
written here by the same `write_file`, and the inbox is told what was done.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from common_ground_tools.inbox.client import InboxError, RemoteInbox

from . import db as store
from .moderation import (
    ModerationError,
    approve,
    own_file,
    parse_key,
    pending_mentions,
    reject,
    spam,
    sync_files,
    write_file,
)

HINT = "moderate: make moderate APPROVE=wm-N  (or REJECT=wm-N, SPAM=wm-N)"


def _line(m: store.Mention) -> str:
    excerpt = " ".join((m.excerpt or "").split())[:60]
    return (
        f"{m.key}  {m.published or m.received_at}  {m.type}  "
        f"{m.author_name or m.source}: {m.title} -> {m.target}  {excerpt}"
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
        print(_line(m))
    print(f"moderate: {len(items)} pending mention(s)")
    if items:
        print(HINT)
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
    except sqlite3.Error as error:
        print(f"moderate: {db}: not a mention database ({error})")
        return 1
    return 0


def _mention(record: dict[str, Any]) -> store.Mention:
    """Return a mention the remote inbox sent as the row it is there."""
    try:
        return store.Mention(**{name: record[name] for name in store.NAMES})
    except (KeyError, TypeError) as error:
        raise InboxError(f"the inbox sent a mention without {error}") from None


def _relative(path: Path, content: Path) -> str:
    return path.relative_to(content).as_posix()


def _apply(
    inbox: RemoteInbox, m: store.Mention, content: Path, settings: dict[str, Any]
) -> str:
    """Carry one change of an approved mention into its file; say what was done."""
    if m.verification == "gone":
        if m.file:
            own_file(m, content, settings).unlink(missing_ok=True)
        inbox.tell(m.id, {"synced": m.verified_at})
        return f"{m.key}: removed ({m.error})"
    path = write_file(m, content, settings)
    inbox.tell(m.id, {"synced": m.verified_at, "file": _relative(path, content)})
    return f"{m.key}: updated {path}"


def list_remote(inbox: RemoteInbox, content: Path, settings: dict[str, Any]) -> int:
    """Apply the remote inbox's changes to approved mentions, list its pending ones."""
    answer = inbox.mentions()
    for record in answer["changes"]:
        m = _mention(record)
        try:
            print(f"moderate: {_apply(inbox, m, content, settings)}")
        except ModerationError as error:
            print(f"moderate: {m.key}: not updated: {error}")
    items = [_mention(record) for record in answer["pending"]]
    for m in items:
        print(_line(m))
    print(f"moderate: {len(items)} pending mention(s) in {inbox.where}")
    if items:
        print(HINT)
    return 0


def act_remote(
    inbox: RemoteInbox, key: str, action: str, content: Path, settings: dict[str, Any]
) -> int:
    """Approve (write the file here), reject or mark as spam a remote mention."""
    mention_id = parse_key(key)
    if mention_id is None:
        print(f"moderate: {key!r} is not a mention id (wm-N)")
        return 2
    m = _mention(inbox.mention(mention_id))
    try:
        if action != "approve":
            if m.file:
                own_file(m, content, settings).unlink(missing_ok=True)
            decision = "rejected" if action == "reject" else "spam"
            inbox.tell(mention_id, {"decision": decision})
            print(f"moderate: {m.key}: {decision} (remembered by the inbox)")
            return 0
        if m.decision == "approved":
            print(f"moderate: {m.key} is already approved ({m.file}); nothing done")
            return 0
        if m.verification != "verified":
            raise ModerationError(
                f"mention {m.key} is {m.verification}, not verified"
                + (f" ({m.error})" if m.error else "")
            )
        path = write_file(m, content, settings)
    except ModerationError as error:
        print(f"moderate: {error}")
        return 1
    inbox.tell(
        mention_id,
        {
            "decision": "approved",
            "file": _relative(path, content),
            "verified_at": m.verified_at,
        },
    )
    print(f"moderate: {path}: mention published")
    return 0
