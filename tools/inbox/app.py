"""The inbox's web application: the comment form's endpoint and the author's API.

`create_app(config)` builds it; `python -m common_ground_tools.inbox` serves it
with waitress.
The Webmention endpoint (POST /webmention) is tools/webmention's blueprint.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from common_ground_core.settings import problem
from common_ground_tools.webmention.receive import blueprint as webmention_blueprint

from .auth import ApiError, require_token
from .guard import RateLimiter, form_started, sign_time, signed_time
from .mentions_api import blueprint as mention_api
from .notify import Notifier
from .settings import InboxConfig, SettingsError, load_config
from .site import FORM_FIELDS, InboxSite
from .store import STATES, NoSuchSubmissionError, QueueFullError, Store

logger = logging.getLogger("inbox")
HONEYPOT = "fields[homepage]"
MAX_FORM_FIELDS = 20
SECURITY_HEADERS = {
    # The inbox's pages are the reader's own answer: never cached, framed or scripted.
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class RefusedError(Exception):
    """A request the inbox answers with a page naming every reason."""

    def __init__(
        self,
        status: int,
        title: str,
        reasons: list[str],
        *,
        keep_form: bool = False,
        lines: tuple[str, ...] = (),
    ) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.reasons = reasons
        self.keep_form = keep_form
        self.lines = lines


def _bad(name: str, value: str, expected: str) -> SettingsError:
    """Return the error naming a setting whose file or folder is unusable."""
    return SettingsError("inbox", [problem(name, value, expected)])


def create_app(config: InboxConfig | dict[str, Any] | None = None) -> Flask:
    """Return the inbox application for validated settings (or raw INBOX_* values)."""
    if not isinstance(config, InboxConfig):
        config = load_config(config)
    app = Flask(__name__)
    app.config["INBOX"] = config
    # Werkzeug refuses larger bodies with 413 before the form is read.
    app.config["MAX_CONTENT_LENGTH"] = config.inbox_max_request_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = config.inbox_max_request_bytes
    settings_file = Path(config.inbox_settings)
    if not settings_file.is_absolute():
        settings_file = settings_file.resolve()
    if not settings_file.is_file():
        raise _bad(
            "INBOX_SETTINGS",
            config.inbox_settings,
            f"an existing settings file (no {settings_file})",
        )
    content = Path(config.inbox_content) if config.inbox_content else None
    if content is not None and not content.is_dir():
        raise _bad(
            "INBOX_CONTENT", config.inbox_content, "an existing folder, or empty"
        )
    site = InboxSite(settings_file, content, config.inbox_posts_refresh)
    try:
        store = Store(config.inbox_db)
    except sqlite3.Error as error:
        expected = f"a database file the inbox can open ({error})"
        raise _bad("INBOX_DB", config.inbox_db, expected) from None
    secret = config.inbox_secret or store.secret()
    limiter = RateLimiter(config.inbox_rate_limit, config.inbox_rate_window)
    notifier = Notifier(config)
    site_url = config.inbox_site_url or str(site.settings.get("SITEURL") or "")
    app.extensions["inbox"] = {"store": store, "site": site, "config": config}
    # The Webmention endpoint (tools/webmention) shares the database and reads
    # its WEBMENTION_* settings from the site's settings file, like make mentions.
    app.config.update(
        {k: v for k, v in site.settings.items() if k.startswith("WEBMENTION_")}
    )
    app.config["INBOX_DB"] = config.inbox_db
    app.config["SITEURL"] = site_url
    app.register_blueprint(webmention_blueprint)
    app.register_blueprint(mention_api)

    def address() -> str:
        # Behind INBOX_TRUSTED_PROXY, waitress has put X-Forwarded-For here.
        return request.remote_addr or "?"

    def answer(
        status: int,
        title: str,
        *,
        lines: tuple[str, ...] = (),
        reasons: list[str] | None = None,
        form: dict[str, str] | None = None,
        back: str = "",
        log: str = "",
    ) -> Response:
        logger.info(
            "inbox: %s %s %s %d %s",
            address(),
            request.method,
            request.path,
            status,
            log or title,
        )
        page = render_template(
            "page.html",
            title=title,
            lines=lines,
            reasons=reasons or [],
            form=form,
            token=sign_time(secret),
            back=back,
        )
        return Response(page, status=status, mimetype="text/html")

    def back_link(slug: str) -> str:
        if slug and slug in site.posts():
            return site.post_url(slug, site_url)
        return site_url or ""

    def read_form() -> dict[str, str]:
        if request.mimetype != "application/x-www-form-urlencoded":
            raise RefusedError(
                415,
                "The comment could not be read",
                ["send the form as application/x-www-form-urlencoded"],
            )
        raw = request.get_data(cache=True)
        try:
            pairs = parse_qsl(
                raw.decode("utf-8"),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
                max_num_fields=MAX_FORM_FIELDS,
            )
        except UnicodeDecodeError:
            raise RefusedError(
                400, "The comment could not be read", ["the form is not valid UTF-8"]
            ) from None
        except ValueError:
            raise RefusedError(
                400, "The comment could not be read", ["the form has too many fields"]
            ) from None
        form: dict[str, str] = {}
        for key, value in pairs:
            form.setdefault(key, value)
        return form

    def kept(form: dict[str, str]) -> dict[str, str]:
        """Return the reader's own text, to fill the form on the answer page."""
        kept_form = {name: form.get(f"fields[{name}]", "") for name in FORM_FIELDS}
        kept_form["slug"] = form.get("options[slug]", "")
        return kept_form

    def fill_time_reason(form: dict[str, str]) -> str | None:
        if config.inbox_min_fill_seconds == 0:
            return None
        token = form.get("options[token]", "")
        started = signed_time(secret, token) if token else None
        if token and started is None:
            return "the form's time stamp is not one this inbox signed"
        if started is None:
            started = form_started(form.get("options[started]", ""))
        if started is None:
            return (
                "the inbox could not tell when the form was opened; "
                "check your comment below and send it again"
            )
        waited = int(time.time()) - started
        if waited < config.inbox_min_fill_seconds:
            return (
                f"the form was sent {max(waited, 0)} second(s) after it was opened, "
                "faster than a person writes; wait a moment and send it again"
            )
        return None

    def field_reasons(form: dict[str, str]) -> list[str]:
        reasons = []
        for name in FORM_FIELDS:
            value = form.get(f"fields[{name}]", "")
            if "\x00" in value:
                reasons.append(f"the {name} contains a NUL character")
            if name != "body" and len(value) > config.inbox_max_field_chars:
                reasons.append(
                    f"the {name} is longer than "
                    f"{config.inbox_max_field_chars} characters"
                )
        if len(form.get("options[slug]", "")) > config.inbox_max_field_chars:
            reasons.append("the post slug is too long")
        return reasons

    @app.post("/comments")
    def comments() -> Response:
        if not limiter.allow(address()):
            raise RefusedError(
                429,
                "Too many comments from your address",
                [
                    f"at most {config.inbox_rate_limit} comments in "
                    f"{config.inbox_rate_window} seconds; please try again later"
                ],
            )
        form = read_form()
        slug = form.get("options[slug]", "")
        if form.get(HONEYPOT, ""):
            raise RefusedError(
                400,
                "The comment was not accepted",
                ["the field 'Leave this field empty' was filled in"],
                keep_form=True,
            )
        too_soon = fill_time_reason(form)
        if too_soon:
            raise RefusedError(400, "Please send it again", [too_soon], keep_form=True)
        reasons = field_reasons(form)
        sub = site.submission(form)
        if not reasons:
            reasons = site.check(sub).errors
        if reasons:
            raise RefusedError(
                422, "The comment was not accepted", reasons, keep_form=True
            )
        values = {
            "slug": sub.slug,
            "author": sub.author,
            "email": sub.email,
            "website": sub.website,
            "replyto": sub.replyto,
            "body": sub.body,
        }
        try:
            submission_id, new = store.add(values, config.inbox_max_pending)
        except QueueFullError:
            raise RefusedError(
                503,
                "The inbox is full",
                ["too many comments wait for moderation; please try again later"],
                keep_form=True,
            ) from None
        if new:
            notifier.submitted(submission_id, sub.slug, sub.author)
        return answer(
            200,
            "Thank you: your comment was received",
            lines=("It will appear on the post after moderation.",),
            back=back_link(slug),
            log=f"stored inbox:{submission_id} on {slug}"
            + ("" if new else " (a repeat)"),
        )

    @app.get("/")
    def home() -> Response:
        return answer(
            200,
            "Comment inbox",
            lines=("Comments are sent with the form under each post.",),
            back=site_url,
        )

    # --- The author's side: a bearer token, JSON ------------------------------
    @app.get("/api/submissions")
    def api_list() -> Response:
        require_token()
        state = request.args.get("state", "pending")
        if state not in STATES:
            raise ApiError(400, f"state must be one of {', '.join(STATES)}")
        return jsonify(submissions=store.list(state))

    @app.get("/api/submissions/<int:submission_id>")
    def api_get(submission_id: int) -> Response:
        require_token()
        try:
            return jsonify(store.get(submission_id))
        except NoSuchSubmissionError:
            raise ApiError(404, f"no submission {submission_id}") from None

    @app.post("/api/submissions/<int:submission_id>")
    def api_mark(submission_id: int) -> Response:
        require_token()
        data = request.get_json(silent=True) or {}
        state = data.get("state") if isinstance(data, dict) else None
        if state not in STATES[1:]:
            raise ApiError(400, f"state must be one of {', '.join(STATES[1:])}")
        try:
            row = store.mark(submission_id, state, str(data.get("comment", ""))[:300])
        except NoSuchSubmissionError:
            raise ApiError(404, f"no submission {submission_id}") from None
        logger.info("inbox: inbox:%d marked %s", submission_id, state)
        return jsonify(row)

    # --- Every failure is a page (or JSON for the API), never a traceback -----
    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        response = jsonify(error=error.message)
        response.status_code = error.status
        return response

    @app.errorhandler(RefusedError)
    def refused(error: RefusedError) -> Response:
        form = None
        if error.keep_form:
            try:
                form = kept(read_form())
            except RefusedError:
                form = None
        slug = form["slug"] if form else ""
        return answer(
            error.status,
            error.title,
            lines=error.lines,
            reasons=error.reasons,
            form=form,
            back=back_link(slug),
            log="; ".join(error.reasons),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 400
        reasons = {
            405: "this address takes comments sent with the form (POST)",
            413: (
                f"the comment is larger than {config.inbox_max_request_bytes} bytes "
                "in all"
            ),
            404: "there is no page here",
        }
        return answer(
            status,
            error.name,
            reasons=[reasons.get(status, error.description or error.name)],
            back=site_url,
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        logger.exception(
            "inbox: unexpected error on %s %s", request.method, request.path
        )
        return answer(
            500,
            "Something went wrong",
            reasons=["the inbox could not handle this; nothing was stored"],
            back=site_url,
            log=f"unexpected {type(error).__name__}",
        )

    @app.after_request
    def headers(response: Response) -> Response:
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    return app
