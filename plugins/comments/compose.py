"""Compose the no-JavaScript ways to send a comment: mailto links and form fields."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

_TAG = re.compile(r"<[^>]*>")
BODY_PLACEHOLDER = "(Write your comment here. Markdown is fine.)"


def plain_title(title_html: str) -> str:
    """Return a post title as plain text (Pelican titles may hold entities)."""
    return " ".join(html.unescape(_TAG.sub("", title_html)).split())


def mail_template(slug: str, parent_id: str | None = None) -> str:
    """Return the email body the ingest tool understands."""
    lines = [f"Post: {slug}"]
    if parent_id:
        lines.append(f"Replyto: {parent_id}")
    lines += [
        "Author: (your name as it should appear)",
        "Website: (optional)",
        "",
        BODY_PLACEHOLDER,
        "",
    ]
    return "\n".join(lines)


def mailto(
    address: str,
    *,
    title: str,
    slug: str,
    parent_id: str | None = None,
    parent_author: str | None = None,
) -> str:
    """Return a mailto: URL with subject and body prefilled for one post."""
    plain = plain_title(title)
    if parent_id:
        subject = f"Reply to {parent_author or parent_id} on “{plain}” [{slug}]"
    else:
        subject = f"Comment on “{plain}” [{slug}]"
    body = mail_template(slug, parent_id)
    # Percent-encode everything but the address: mail clients split on & and =.
    return (
        f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"
        f"&body={quote(body, safe='')}"
    )
