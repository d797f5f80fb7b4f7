"""The author's API for received mentions, behind the inbox's token.

`make moderate` with INBOX_URL reads `GET /api/mentions`: the verified mentions
waiting for a decision (`pending`) and the approved ones whose source changed or
went away since their file was written (`changes`). It writes or deletes the
files on the author's machine with tools/webmention/moderation.py and answers
`POST /api/mentions/<id>` with one of
  {"decision": "approved", "file": "<comments/slug/wm-N.md>", "verified_at": ...}
  {"decision": "rejected"} or {"decision": "spam"}
  {"synced": "<verified_at of the change it applied>", "file": ...}
so an approved mention is never written twice and a change is applied once.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from common_ground_tools.webmention import db as store
from common_ground_tools.webmention.moderation import (
    ModerationError,
    reject,
    slug_for_target,
    spam,
)

from .auth import ApiError, json_object, require_token

logger = logging.getLogger("inbox")
blueprint = Blueprint("mention_api", __name__)
MAX_FILE_CHARS = 500
DECISIONS = ("approved", "rejected", "spam")


def _connect() -> sqlite3.Connection:
    config = current_app.config
    try:
        return store.connect(config.get("WEBMENTION_DB") or config["INBOX_DB"])
    except sqlite3.Error as error:
        message = f"the mention database cannot be opened ({error})"
        raise ApiError(503, message) from None


def _change(mention: store.Mention) -> str | None:
    if mention.decision != "approved" or not mention.file_stale:
        return None
    return {"gone": "gone", "verified": "changed"}.get(mention.verification)


def record(mention: store.Mention) -> dict[str, Any]:
    """Return a mention as the API sends it: every column, its id, slug and change."""
    site = current_app.extensions["inbox"]["site"]
    try:
        slug = slug_for_target(
            mention.target, site.content, site.settings, slugs=site.posts()
        )
    except ModerationError:
        slug = ""
    return {
        **asdict(mention),
        "key": mention.key,
        "slug": slug,
        "change": _change(mention),
    }


def _one(conn: sqlite3.Connection, mention_id: int) -> store.Mention:
    mention = store.get(conn, mention_id)
    if mention is None:
        raise ApiError(404, f"no mention wm-{mention_id}")
    return mention


def _file(data: dict[str, Any]) -> str:
    value = data.get("file")
    if not isinstance(value, str) or not value or len(value) > MAX_FILE_CHARS:
        raise ApiError(400, "file must be the path of the written file (a string)")
    return value


@blueprint.get("/api/mentions")
def listing() -> Response:
    """List pending verified mentions and changes to approved ones."""
    require_token()
    conn = _connect()
    try:
        pending = store.rows(conn, "verification = 'verified' AND decision = 'pending'")
        changed = store.rows(
            conn,
            "decision = 'approved' AND file_stale = 1 "
            "AND verification IN ('verified', 'gone')",
        )
    finally:
        conn.close()
    return jsonify(
        pending=[record(m) for m in pending], changes=[record(m) for m in changed]
    )


@blueprint.get("/api/mentions/<int:mention_id>")
def one(mention_id: int) -> Response:
    """Return one mention."""
    require_token()
    conn = _connect()
    try:
        return jsonify(record(_one(conn, mention_id)))
    finally:
        conn.close()


@blueprint.post("/api/mentions/<int:mention_id>")
def decide(mention_id: int) -> Response:
    """Record a decision on a mention, or that a change reached its file."""
    require_token()
    data = json_object()
    conn = _connect()
    try:
        mention = _one(conn, mention_id)
        if "synced" in data:
            _synced(conn, mention, data)
        elif data.get("decision") == "approved":
            _approved(conn, mention, data)
        elif data.get("decision") in DECISIONS:
            # The author's copy of the file is deleted by make moderate.
            (reject if data["decision"] == "rejected" else spam)(conn, mention_id)
        else:
            raise ApiError(
                400,
                'give {"decision": "approved" | "rejected" | "spam"} '
                'or {"synced": "<verified_at>"}',
            )
        logger.info("inbox: wm-%d %s", mention_id, data.get("decision") or "synced")
        return jsonify(record(_one(conn, mention_id)))
    finally:
        conn.close()


def _approved(
    conn: sqlite3.Connection, mention: store.Mention, data: dict[str, Any]
) -> None:
    if mention.decision == "approved":
        raise ApiError(409, f"{mention.key} is already approved ({mention.file})")
    if mention.verification != "verified":
        raise ApiError(409, f"{mention.key} is {mention.verification}, not verified")
    # Checked again since the author read it: the next listing offers the update.
    stale = int(data.get("verified_at") != mention.verified_at)
    conn.execute(
        "UPDATE webmentions SET decision = 'approved', file = ?, file_stale = ? "
        "WHERE id = ?",
        (_file(data), stale, mention.id),
    )
    conn.commit()


def _synced(
    conn: sqlite3.Connection, mention: store.Mention, data: dict[str, Any]
) -> None:
    if _change(mention) is None:
        raise ApiError(409, f"{mention.key} has no change waiting")
    if data["synced"] != mention.verified_at:
        raise ApiError(409, f"{mention.key} changed again; run make moderate again")
    file = None if mention.verification == "gone" else _file(data)
    conn.execute(
        "UPDATE webmentions SET file = ?, file_stale = 0 WHERE id = ?",
        (file, mention.id),
    )
    conn.commit()
