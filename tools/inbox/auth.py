"""The author's side of the inbox: one bearer token, JSON errors."""

from __future__ import annotations

import hmac
import logging

from flask import current_app, request

logger = logging.getLogger("inbox")


class ApiError(Exception):
    """An API request refused with a JSON message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def require_token() -> None:
    """Refuse (401) a request without the inbox's INBOX_TOKEN as its bearer token."""
    token = current_app.config["INBOX"].inbox_token
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {token}"
    if not token or not hmac.compare_digest(given.encode(), expected.encode()):
        logger.info(
            "inbox: %s %s %s 401 bad token",
            request.remote_addr or "?",
            request.method,
            request.path,
        )
        raise ApiError(401, "a valid INBOX_TOKEN is needed (Authorization: Bearer)")


def json_object() -> dict:
    """Return the request's JSON object body, or refuse it (400)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object (application/json)")
    return data
