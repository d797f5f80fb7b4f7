"""The Webmention endpoint: a Flask blueprint for the inbox (POST /webmention).

Requests are checked synchronously (W3C Webmention §3.2.1: 400 with a reason),
stored and committed, then answered 202; a background thread verifies them.
Registering the blueprint reads the WEBMENTION_* keys of the app's config.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, request

from . import db as store
from .config import MentionConfig, MentionConfigError, load_config
from .verify import verify_pending

logger = logging.getLogger(__name__)

MAX_URL = 2048
# Two URLs and their names, form-encoded, fit well within this.
MAX_BODY = 16_384
EXTENSION = "webmention"

blueprint = Blueprint("webmention", __name__)


class _Worker:
    """The verification thread: woken by each new mention, else polling."""

    def __init__(self, cfg: MentionConfig) -> None:
        self.cfg = cfg
        self.wake = threading.Event()
        self.thread = threading.Thread(
            target=self.run, name="webmention-verify", daemon=True
        )

    def run(self) -> None:
        while True:
            self.wake.wait(self.cfg.poll_seconds)
            self.wake.clear()
            try:
                verify_pending(self.cfg.db, self.cfg)
            # One bad row or a locked database must not end the thread.
            except Exception:
                logger.exception("webmention: verification pass failed")


@blueprint.record_once
def _setup(state) -> None:
    """Validate the settings and start the worker when the app registers us."""
    app: Flask = state.app
    settings = dict(app.config)
    if "WEBMENTION_DB" not in settings and settings.get("INBOX_DB"):
        settings["WEBMENTION_DB"] = settings["INBOX_DB"]
    try:
        cfg = load_config(settings)
    except MentionConfigError as error:
        raise SystemExit(str(error)) from None  # each line names a setting
    if not cfg.site_url:
        # An inbox for comments only: the endpoint says so, nothing runs.
        logger.warning(
            "webmention: WEBMENTION_SITE_URL is not set; /webmention answers 503"
        )
        app.extensions[EXTENSION] = None
        return
    store.connect(cfg.db).close()  # create the table before the first request
    worker = _Worker(cfg)
    app.extensions[EXTENSION] = (cfg, worker)
    if cfg.worker:
        worker.thread.start()


def _plain(status: int, text: str) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _on_site(target: str, site_url: str) -> bool:
    """Return True if `target` is under `site_url` (same origin, path inside)."""
    t, s = urlsplit(target), urlsplit(site_url)
    if (t.scheme, t.netloc.lower()) != (s.scheme, s.netloc.lower()):
        return False
    base = s.path.rstrip("/") + "/"
    return (t.path or "/").startswith(base) or t.path == s.path


def problem(source: str, target: str, site_url: str) -> str | None:
    """Return why this request is refused (400), or None if it can be queued."""
    if not source or not target:
        return "both source and target are required"
    if any(c.isspace() or not c.isprintable() for c in source + target):
        return "source and target must not contain spaces or control characters"
    if len(source) > MAX_URL or len(target) > MAX_URL:
        return f"source and target must be at most {MAX_URL} characters"
    if not _is_http(source):
        return "source must be an http(s) URL"
    if not _is_http(target):
        return "target must be an http(s) URL"
    if source == target:
        return "source and target are the same URL"
    if not _on_site(target, site_url):
        return f"target is not on this site ({site_url})"
    return None


@blueprint.post("/webmention")
def receive() -> Response:
    """Queue one mention: 400 with a reason, 429 when full, else 202."""
    configured = current_app.extensions[EXTENSION]
    if configured is None:
        return _plain(503, "Webmention is not configured here (WEBMENTION_SITE_URL).")
    cfg, worker = configured
    if (request.content_length or 0) > MAX_BODY:
        return _plain(413, "Bad request: the body is too large.")
    source = request.form.get("source", "").strip()
    target = request.form.get("target", "").strip()
    reason = problem(source, target, cfg.site_url)
    if reason:
        logger.info("webmention: refused %r -> %r: %s", source, target, reason)
        return _plain(400, f"Bad request: {reason}.")
    now = dt.datetime.now(dt.UTC).isoformat()
    conn = None
    try:
        conn = store.connect(cfg.db)
        queued = conn.execute(
            "SELECT count(*) FROM webmentions WHERE verification = 'queued'"
        ).fetchone()[0]
        if queued >= cfg.max_queued:
            logger.warning("webmention: queue full (%d); refused %s", queued, source)
            return _plain(429, "Too many mentions are waiting; try again later.")
        # A re-sent mention is checked again; its moderation decision stays.
        conn.execute(
            "INSERT INTO webmentions (source, target, received_at) VALUES (?, ?, ?) "
            "ON CONFLICT (source, target) DO UPDATE SET "
            "received_at = excluded.received_at, verification = 'queued'",
            (source, target, now),
        )
        conn.commit()
    except sqlite3.Error as error:
        logger.error("webmention: cannot store %s -> %s: %s", source, target, error)
        return _plain(503, "The mention could not be stored; try again later.")
    finally:
        if conn is not None:
            conn.close()
    worker.wake.set()
    logger.info("webmention: queued %s -> %s", source, target)
    return _plain(202, "Accepted: the source will be checked for a link.")
