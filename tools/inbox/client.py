"""Reach an inbox from `make moderate`: its SQLite file here, or its API over HTTPS."""

from __future__ import annotations

import ipaddress
import json
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from .store import NoSuchSubmissionError, Store


class InboxError(RuntimeError):
    """The inbox cannot be reached or refused the request; the message says why."""


class Inbox(Protocol):
    """What `make moderate` needs of an inbox, local or remote."""

    where: str

    def pending(self) -> list[dict[str, Any]]:
        """Return the pending submissions, oldest first."""
        ...

    def get(self, submission_id: int) -> dict[str, Any]:
        """Return one submission (InboxError if there is none)."""
        ...

    def mark(self, submission_id: int, state: str, comment: str = "") -> None:
        """Record the author's decision: taken, rejected or spam."""
        ...


class LocalInbox:
    """The inbox's own database file (the author runs `make inbox` on this machine)."""

    def __init__(self, path: Path) -> None:
        self.where = str(path)
        try:
            self.store = Store(path)
        except sqlite3.Error as error:
            raise InboxError(f"{path}: not an inbox database ({error})") from None

    def pending(self) -> list[dict[str, Any]]:
        """Return the pending submissions, oldest first."""
        return self.store.list("pending")

    def get(self, submission_id: int) -> dict[str, Any]:
        """Return one submission (InboxError if there is none)."""
        try:
            return self.store.get(submission_id)
        except NoSuchSubmissionError:
            raise InboxError(f"no submission inbox:{submission_id}") from None

    def mark(self, submission_id: int, state: str, comment: str = "") -> None:
        """Record the author's decision: taken, rejected or spam."""
        try:
            self.store.mark(submission_id, state, comment)
        except NoSuchSubmissionError:
            raise InboxError(f"no submission inbox:{submission_id}") from None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: the API never redirects, and one would carry the token."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(
            newurl, code, f"redirected to {newurl}", headers, fp
        )


_OPENER = urllib.request.build_opener(_NoRedirects)

# What a submission from the API must carry for `make moderate` to use it.
SUBMISSION_KEYS = (
    "id",
    "slug",
    "author",
    "email",
    "website",
    "replyto",
    "body",
    "received",
)


def _submission(row: Any, where: str) -> dict[str, Any]:
    """Return `row` if it is a submission as the inbox sends one, else InboxError."""
    if not isinstance(row, dict) or any(key not in row for key in SUBMISSION_KEYS):
        raise InboxError(f"{where} sent something that is not a submission")
    return row


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RemoteInbox:
    """An inbox on a server, through its token-protected API (HTTPS)."""

    def __init__(self, url: str, token: str, timeout: float = 20) -> None:
        parts = urlsplit(url)
        # The token travels in every request: only HTTPS, or this very machine.
        if parts.scheme != "https" and not (
            parts.scheme == "http" and _loopback(parts.hostname or "")
        ):
            raise InboxError(f"INBOX_URL must be an https:// address, not {url!r}")
        if not token:
            raise InboxError("INBOX_URL needs INBOX_TOKEN (the inbox's token)")
        self.where = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _call(self, path: str, data: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.where}{path}",
            data=None if data is None else json.dumps(data).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
            method="GET" if data is None else "POST",
        )
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            try:
                message = json.load(error).get("error", "")
            except (ValueError, AttributeError):
                message = ""
            raise InboxError(
                f"{self.where} answered {error.code}: {message or error.reason}"
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise InboxError(f"cannot reach {self.where}: {error}") from None

    def pending(self) -> list[dict[str, Any]]:
        """Return the pending submissions, oldest first."""
        answer = self._call("/api/submissions?state=pending")
        rows = answer.get("submissions") if isinstance(answer, dict) else None
        if not isinstance(rows, list):
            raise InboxError(f"{self.where} sent no submission list")
        return [_submission(row, self.where) for row in rows]

    def get(self, submission_id: int) -> dict[str, Any]:
        """Return one submission (InboxError if there is none)."""
        return _submission(self._call(f"/api/submissions/{submission_id}"), self.where)

    def mark(self, submission_id: int, state: str, comment: str = "") -> None:
        """Record the author's decision: taken, rejected or spam."""
        self._call(
            f"/api/submissions/{submission_id}", {"state": state, "comment": comment}
        )

    # Mentions (tools/inbox/mentions_api.py): ids are the `wm-N` numbers.
    def mentions(self) -> dict[str, list[dict[str, Any]]]:
        """Return the pending mentions and the changes to approved ones."""
        answer = self._call("/api/mentions")
        try:
            return {"pending": answer["pending"], "changes": answer["changes"]}
        except (KeyError, TypeError):
            raise InboxError(f"{self.where} sent no mention list") from None

    def mention(self, mention_id: int) -> dict[str, Any]:
        """Return one mention (InboxError if there is none)."""
        return dict(self._call(f"/api/mentions/{mention_id}"))

    def tell(self, mention_id: int, data: dict[str, Any]) -> dict[str, Any]:
        """Send a decision on a mention, or that its change was applied."""
        return dict(self._call(f"/api/mentions/{mention_id}", data))


def open_inbox(url: str, token: str, db: str) -> Inbox | None:
    """Return the remote inbox if `url` is set, else the local database if it exists."""
    if url:
        return RemoteInbox(url, token)
    if db and Path(db).is_file():
        return LocalInbox(Path(db))
    return None
