"""Compose the no-JavaScript ways to send a comment: mailto links and form fields."""

from __future__ import annotations

from urllib.parse import quote

from common_ground_core.contract import title_text
from common_ground_core.submissions import BODY_PLACEHOLDER

_TEMPLATE_TAIL = "\n".join(
    [
        "Author: (your name as it should appear)",
        "Website: (optional)",
        "",
        BODY_PLACEHOLDER,
        "",
    ]
)


def mail_template(slug: str, parent_id: str | None = None) -> str:
    """Return the email body the ingest tool understands."""
    reply = f"Replyto: {parent_id}\n" if parent_id else ""
    return f"Post: {slug}\n{reply}{_TEMPLATE_TAIL}"


def _q(text: str) -> str:
    """Percent-encode everything: mail clients split on & and = in a mailto."""
    return quote(text, safe="")


# The same for every post; encoded once.
_TAIL_QUOTED = _q(_TEMPLATE_TAIL)


class Mailto:
    """Compose one post's mailto links, encoding the parts they share only once."""

    def __init__(self, address: str, *, title: str, slug: str) -> None:
        plain = title_text(title)
        self._head = f"mailto:{quote(address, safe='@')}?subject="
        self._new = f"{self._head}{_q(f'Comment on “{plain}” [{slug}]')}&body="
        self._on = _q(f" on “{plain}” [{slug}]")
        self._post = _q(f"Post: {slug}\n")
        self._tail = _TAIL_QUOTED

    def comment(self) -> str:
        """Return the link for a new top-level comment."""
        return f"{self._new}{self._post}{self._tail}"

    def reply(self, parent_id: str, parent_author: str | None = None) -> str:
        """Return the link for a reply to comment `parent_id`."""
        return (
            f"{self._head}{_q(f'Reply to {parent_author or parent_id}')}{self._on}"
            f"&body={self._post}{_q(f'Replyto: {parent_id}')}%0A{self._tail}"
        )


def mailto(
    address: str,
    *,
    title: str,
    slug: str,
    parent_id: str | None = None,
    parent_author: str | None = None,
) -> str:
    """Return a mailto: URL with subject and body prefilled for one post."""
    composer = Mailto(address, title=title, slug=slug)
    if parent_id:
        return composer.reply(parent_id, parent_author)
    return composer.comment()
